/* mm_init reports failure.
 * expect: mm_init returned -1 */
#include "mm.h"

int mm_init(void) { return -1; }
