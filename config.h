/*
 * config.h - every tunable of the malloc lab kit in one place.
 *
 * The simulated heap, the alignment rule that the checker enforces, the
 * default traces, and the parameters of the performance index all live
 * here, each with a comment saying what it changes. Instructors edit this
 * file; students should not need to.
 */
#ifndef CONFIG_H
#define CONFIG_H

/* Size of the one arena behind mem_sbrk: the largest heap any allocator
 * may grow to. 100 MiB is reserved once at start-up; pages are opened only
 * as the break grows past them. */
#ifndef MAX_HEAP
#define MAX_HEAP (100u * 1024u * 1024u)
#endif

/* Every payload returned by mm_malloc, mm_realloc and mm_calloc must be a
 * multiple of ALIGNMENT. 16 matches glibc on 64-bit machines. */
#ifndef ALIGNMENT
#define ALIGNMENT 16
#endif

/* Folder and list of the traces that ./mdriver replays when no -f is given
 * (traces/suite.txt says how the generated ones were made and what each
 * stresses; the real-*.rep ones were recorded from programs, as
 * traces/README.md tells).
 * Weights come from each trace's own header. */
#define TRACE_DIR "traces/"
#define DEFAULT_TRACES                                                        \
    "short1.rep", "short2.rep", "program1.rep", "program2.rep",               \
    "program3.rep", "program4.rep", "coalescing1.rep", "coalescing2.rep",     \
    "random-small.rep", "random-large.rep", "binary1.rep", "binary2.rep",     \
    "realloc-large.rep", "realloc-small.rep", "realloc-mixed.rep",            \
    "corners.rep", "real-python.rep", "real-gcc.rep", "real-sort.rep",        \
    "real-perl.rep"

/* Limits on what a trace may declare, so that a damaged or hostile header
 * gets an error rather than an enormous allocation in the driver. */
#define TRACE_MAX_IDS 524288u
#define TRACE_MAX_OPS 16777216u

/* Limits on what the reader takes in, so that a file that is not a trace
 * (a log, a binary, a disk image) is refused with a message rather than
 * read into memory: the longest line, and the largest file. */
#define TRACE_MAX_LINE_BYTES 65536u
#define TRACE_MAX_FILE_BYTES (1024u * 1024u * 1024u)

/* Throughput is always scored against a reference allocator timed in the
 * same run, on the same traces, on the same machine: by default the kit's
 * own segregated-fit allocator; "libc" would be the C library's malloc. */
#define REFERENCE_ALLOCATOR "segregated"

/* Performance index = 100 * (UTIL_WEIGHT * u + (1 - UTIL_WEIGHT) * t),
 * where u and t are clamped linear scores in [0, 1]:
 *   u = (mean utilization - UTIL_MIN) / (UTIL_MAX - UTIL_MIN)
 *   t = (throughput ratio - THRU_MIN) / (THRU_MAX - THRU_MIN)
 * The throughput ratio is the geometric mean, over the throughput-scored
 * traces, of (allocator Kops/s) / (reference Kops/s). */
#define UTIL_WEIGHT 0.60
#define UTIL_MIN 0.60 /* mean utilization at or below this scores 0 */
#define UTIL_MAX 0.90 /* mean utilization at or above this scores full */
#define THRU_MIN 0.50 /* half the reference's speed or less scores 0 */
#define THRU_MAX 0.90 /* 90% of the reference's speed or more scores full */

/* Timing: a sample is one replay of the trace in a fresh process, timed
 * by that process's CPU clock. Samples of the allocator and of the
 * reference alternate, in pairs, until the SAMPLE_AGREE fastest of each
 * lie within SAMPLE_TOLERANCE of each other (and at least SAMPLE_MIN_PAIRS
 * pairs were taken), or SAMPLE_MAX pairs were taken. The throughput ratio
 * of a trace is the median of the pairs' ratios. */
#define SAMPLE_AGREE 3
#define SAMPLE_TOLERANCE 0.01
#define SAMPLE_MAX 20
#define SAMPLE_MIN_PAIRS 5 /* at least this many (allocator, reference) pairs */

/* -I scores instructions counted under valgrind, and still times each
 * trace as well, for one check: a count that flatters the allocator more
 * than COUNT_TIME_AGREEMENT times what the timing of the same trace says
 * (counted ratio over timed ratio, both against the reference) is not
 * believed, and the trace fails. Instruction counts miss the cost of
 * memory: on the default traces the kit's own allocators measured up to
 * 4.2 times better counted than timed (a bump allocator, whose few
 * instructions touch much memory; the implicit lists, whose walks miss the
 * cache), so the factor leaves twice that
 * (README, "What the driver guarantees"). */
#define COUNT_TIME_AGREEMENT 8.0

/* Each trace is checked and timed in TIMING_ROUNDS child processes, one
 * after the other, and its ratio is the median of theirs (-r overrides;
 * grading uses more). A process's ratio can be off by several percent for
 * the whole of its life, from where its memory happens to land and what
 * else shares the machine's caches: more samples inside one process do not
 * help, more processes do, at the cost of time. One round keeps a
 * student's run quick. */
#define TIMING_ROUNDS 1
#define TIMING_ROUNDS_MAX 99

/* What the allocator prints (printf debugging, mm_checkheap's reports)
 * is shown on the driver's standard error, each line behind the
 * allocator's name, up to ALLOCATOR_OUTPUT_SHOWN bytes per trace; its
 * process may write ALLOCATOR_OUTPUT_LIMIT bytes in all. */
#define ALLOCATOR_OUTPUT_SHOWN (16u * 1024u)
#define ALLOCATOR_OUTPUT_LIMIT (16u * 1024u * 1024u)

/* What to do when mm.c calls the C library's malloc, calloc, realloc,
 * free, sbrk, brk, mmap or a relative (found in mm.o's symbols at build
 * time): 0 say nothing, 1 print a warning, 2 print an error and score the
 * run 0 (the traces are still checked and reported). */
#define FORBIDDEN_CALLS_POLICY 2

/* What to do when mm.c has more than GLOBAL_DATA_LIMIT bytes of writable
 * global data (the variables mm.o defines in .data, .bss and their kin,
 * the team record excepted; every build of the same mm.c counts the same,
 * the sanitizer build's included): the allocator's state belongs in the
 * heap. 0 say nothing, 1 print a warning,
 * 2 print an error and score the run 0. */
#define GLOBAL_DATA_LIMIT 128
#define GLOBAL_DATA_POLICY 1

/* Seconds a trace may run (checks and timing together) before the driver
 * stops it and reports where it was stuck. Override with -s. */
#define DEFAULT_TIMEOUT_SECS 60

/* With -I, the checked replays keep that limit (a loop is found there at
 * full speed) and the replay counted under valgrind's callgrind, which
 * runs it tens of times slower, gets this many times as long. */
#define COUNTED_TIMEOUT_FACTOR 20

#endif /* CONFIG_H */
