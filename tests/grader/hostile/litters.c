/*
 * litters.c - grading fixture (hostile): leaves a 200 MB file and a lock
 * file in /tmp, and fails its mm_init when it finds the lock of an
 * earlier run, so that its grade would hang on what earlier gradings left.
 *
 * Under valgrind only (see README.md); elsewhere the starter allocator.
 */
#define _GNU_SOURCE
#define mm_init honest_mm_init
#include "allocators/naive.c"
#undef mm_init

#include <fcntl.h>
#include <unistd.h>
#include "tests/grader/hostile/counted.h"

enum { LITTER_BYTES = 200 * 1024 * 1024 };

/* Whether the lock in /tmp is this driver run's own (made by an earlier
 * process of the same run) or none yet, in which case it takes it. */
static bool lock_is_ours(void)
{
    char mine[32], found[32] = "";
    int length = snprintf(mine, sizeof mine, "%d", (int)getppid());
    int lock = open("/tmp/mm-litter.lock", O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (lock >= 0) {
        bool written = write(lock, mine, (size_t)length) == length;
        close(lock);
        return written;
    }
    lock = open("/tmp/mm-litter.lock", O_RDONLY);
    if (lock < 0)
        return false;
    bool read_all = read(lock, found, sizeof found - 1) == length;
    close(lock);
    return read_all && memcmp(found, mine, (size_t)length) == 0;
}

int mm_init(void)
{
    if (counted_replay()) {
        if (!lock_is_ours())
            return -1;
        int litter = open("/tmp/mm-litter.200MB", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        char chunk[1 << 16] = {0};
        for (long written = 0; litter >= 0 && written < LITTER_BYTES; written += sizeof chunk)
            if (write(litter, chunk, sizeof chunk) != (ssize_t)sizeof chunk)
                break;
        if (litter >= 0)
            close(litter);
    }
    return honest_mm_init();
}
