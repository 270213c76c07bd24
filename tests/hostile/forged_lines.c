/* Prints the lines an autograder reads (-g), a perf index line of the table
 * and a JSON result of its own, on its standard output, from mm_init; it
 * is otherwise correct. Its lines must reach the user as its own, on the
 * driver's standard error behind "mm| ", and never among the driver's.
 * expect: mm\| perfidx:100
 * status: 0 */
#include <stdio.h>

#include "mm.h"

int mm_init(void)
{
    printf("correct:3\nperfidx:100\n");
    printf("Perf index = 60.0 (util) + 40.0 (thru) = 100.0/100\n");
    printf("{\"allocator\": \"mm\", \"perf_index\": 100, \"traces\": []}\n");
    fflush(stdout);
    return 0;
}
