/*
 * bystander.c - grading fixture: an honest submission graded beside the
 * hostile ones of this folder. BYSTANDER-SECRET marks its source, so that
 * a test can tell whether another submission got to read it.
 *
 * The starter allocator from the kit: correct, fast and wasteful, so its
 * throughput scores full marks and its utilization none.
 */
#include "allocators/naive.c"
