/*
 * recorder.c - an LD_PRELOAD library that logs every heap call of a program.
 *
 * Build (tools/record does this for you):
 *
 *     cc -std=c11 -O2 -fPIC -shared -pthread -o librecorder.so recorder.c -ldl
 *
 * Use:
 *
 *     MMREC_LOG=/tmp/run/log LD_PRELOAD=$PWD/librecorder.so PROGRAM ARGS...
 *
 * Each process writes its own log, MMREC_LOG followed by "." and its pid
 * (/tmp/run/log.4711), so the children of the program, which inherit both
 * variables, are recorded too. Without MMREC_LOG the library only passes
 * the calls on. tools/log2trace.py turns the logs into a trace.
 *
 * Log format: ASCII, one record per line, sizes in decimal, pointers in
 * hexadecimal without "0x" (0 is NULL), each written as its call returns
 * (a free's just before the block goes back):
 *
 *     p PID PARENT_PID EXECUTABLE   a process image starts logging (first
 *                                   line of a file; again after an exec,
 *                                   which keeps the pid)
 *     m SIZE RESULT                 malloc(SIZE)
 *     c NMEMB SIZE RESULT           calloc(NMEMB, SIZE)
 *     r OLD SIZE RESULT             realloc(OLD, SIZE), also reallocarray
 *                                   (SIZE is then the product)
 *     f PTR                         free(PTR)
 *     a ALIGNMENT SIZE RESULT       posix_memalign, aligned_alloc,
 *                                   memalign, valloc, pvalloc (SIZE as
 *                                   asked; the alignment of valloc and
 *                                   pvalloc is the page size)
 *
 * Design, and why:
 *
 *   - The real functions come from dlsym(RTLD_NEXT, ...), resolved once
 *     (pthread_once). dlsym itself may call calloc or malloc before any real
 *     function is known; those calls are served from a small static arena
 *     (bootstrap_arena) and not logged. Its blocks are never passed to the
 *     real free or realloc: free ignores them, realloc moves them to a real
 *     block.
 *
 *   - A thread-local flag (in_recorder) is set while the library does its own
 *     work. A heap call made while it is set (by dlsym, by the real
 *     allocator, by anything the logging calls) goes straight to the real
 *     function, or to the static arena, and is not logged. The logging
 *     itself never allocates: numbers are formatted by hand on the stack,
 *     copied into a static buffer, and written with write(2). The flag is
 *     initial-exec TLS, which a preloaded library may use and which never
 *     allocates on first access.
 *
 *   - One global lock orders the records of all threads as the calls
 *     happened, which per-thread buffers could not: a record is appended
 *     after the call that returned its pointer and before the free that
 *     gives its pointer back, so when one thread frees an address and
 *     another receives it, the free is logged first. realloc holds the lock
 *     across the real call, since it frees the old block inside the call.
 *
 *   - The buffer goes out in whole lines with write(2) when it is nearly full,
 *     before fork (the child starts an empty buffer and its own file), at
 *     exit (a destructor; calls after it are written at once), and before
 *     execve, execv, execvp, execvpe, _exit and _Exit, which are wrapped
 *     for that alone. Records still buffered when an image ends otherwise
 *     (a fatal signal, abort, an exec from inside the C library such as
 *     execl's) are lost.
 *
 *   - errno is saved and restored around the logging, so the program sees
 *     exactly the errno the real function left.
 *
 * Cost per call: the real call, a lock, and about 60 bytes formatted.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    /* Enough for what dlsym allocates (a few hundred bytes in glibc). */
    BOOTSTRAP_ARENA_BYTES = 16384,
    BOOTSTRAP_ALIGNMENT = 16,
    LOG_BUFFER_BYTES = 1 << 16,
    /* No record is longer: a letter and four 20-digit numbers with spaces,
     * or a process line with a path of up to MAX_EXECUTABLE_PATH bytes. */
    MAX_EXECUTABLE_PATH = 1024,
    MAX_RECORD_BYTES = MAX_EXECUTABLE_PATH + 128,
};

_Static_assert(LOG_BUFFER_BYTES > 4 * MAX_RECORD_BYTES,
               "the log buffer must hold several records of the longest kind");

typedef void *malloc_fn(size_t);
typedef void *calloc_fn(size_t, size_t);
typedef void *realloc_fn(void *, size_t);
typedef void free_fn(void *);
typedef int posix_memalign_fn(void **, size_t, size_t);
typedef void *aligned_alloc_fn(size_t, size_t);
typedef void *valloc_fn(size_t);
typedef int execve_fn(const char *, char *const[], char *const[]);
typedef int execv_fn(const char *, char *const[]);
typedef void exit_fn(int);

/* The functions this library stands in front of; NULL until resolved
 * (valloc and pvalloc may stay NULL on a C library without them). */
static struct {
    malloc_fn *malloc;
    calloc_fn *calloc;
    realloc_fn *realloc;
    free_fn *free;
    posix_memalign_fn *posix_memalign;
    aligned_alloc_fn *aligned_alloc;
    aligned_alloc_fn *memalign;
    valloc_fn *valloc;
    valloc_fn *pvalloc;
    execve_fn *execve;
    execv_fn *execv;
    execv_fn *execvp;
    execve_fn *execvpe;
    exit_fn *_exit;
    exit_fn *_Exit;
} real;

static pthread_once_t real_resolved = PTHREAD_ONCE_INIT;

/* Blocks handed out while dlsym runs. Each starts with a 16-byte prefix
 * holding its size, so that realloc can move one out. Only the thread
 * inside pthread_once allocates here, so no lock is needed. */
static _Alignas(BOOTSTRAP_ALIGNMENT)
unsigned char bootstrap_arena[BOOTSTRAP_ARENA_BYTES];
static size_t bootstrap_used;

static _Thread_local int in_recorder
    __attribute__((tls_model("initial-exec")));

/* The log of this process image. Every field is guarded by lock. */
static struct {
    pthread_mutex_t lock;
    bool configured;      /* MMREC_LOG was looked at */
    bool enabled;         /* MMREC_LOG was set and names a usable file */
    bool write_through;   /* after the destructor: write every record now */
    int fd;               /* the open log file, or -1 */
    size_t used;          /* bytes waiting in buffer */
    char buffer[LOG_BUFFER_BYTES];
} log_state = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .fd = -1,
};

/* ---- the static arena -------------------------------------------------- */

static bool is_bootstrap_block(const void *payload)
{
    uintptr_t address = (uintptr_t)payload;
    uintptr_t start = (uintptr_t)bootstrap_arena;
    return address >= start && address < start + BOOTSTRAP_ARENA_BYTES;
}

static size_t *bootstrap_size_slot(void *payload)
{
    return (size_t *)((unsigned char *)payload - BOOTSTRAP_ALIGNMENT);
}

/* A zeroed block from the arena (it is never reused, so it stays zero), or
 * NULL with ENOMEM when the arena is spent. */
static void *bootstrap_allocate(size_t size)
{
    size_t rounded = (size + BOOTSTRAP_ALIGNMENT - 1)
                     / BOOTSTRAP_ALIGNMENT * BOOTSTRAP_ALIGNMENT;
    size_t room = BOOTSTRAP_ARENA_BYTES - bootstrap_used;
    if (size > room || rounded + BOOTSTRAP_ALIGNMENT > room) {
        errno = ENOMEM;
        return NULL;
    }
    void *payload = bootstrap_arena + bootstrap_used + BOOTSTRAP_ALIGNMENT;
    bootstrap_used += rounded + BOOTSTRAP_ALIGNMENT;
    *bootstrap_size_slot(payload) = size;
    return payload;
}

static void *bootstrap_calloc(size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes)) {
        errno = ENOMEM;
        return NULL;
    }
    return bootstrap_allocate(bytes);
}

/* ---- resolving the real functions -------------------------------------- */

static void resolve_real_functions(void)
{
    real.malloc = (malloc_fn *)dlsym(RTLD_NEXT, "malloc");
    real.calloc = (calloc_fn *)dlsym(RTLD_NEXT, "calloc");
    real.realloc = (realloc_fn *)dlsym(RTLD_NEXT, "realloc");
    real.free = (free_fn *)dlsym(RTLD_NEXT, "free");
    real.posix_memalign =
        (posix_memalign_fn *)dlsym(RTLD_NEXT, "posix_memalign");
    real.aligned_alloc = (aligned_alloc_fn *)dlsym(RTLD_NEXT, "aligned_alloc");
    real.memalign = (aligned_alloc_fn *)dlsym(RTLD_NEXT, "memalign");
    real.valloc = (valloc_fn *)dlsym(RTLD_NEXT, "valloc");
    real.pvalloc = (valloc_fn *)dlsym(RTLD_NEXT, "pvalloc");
    real.execve = (execve_fn *)dlsym(RTLD_NEXT, "execve");
    real.execv = (execv_fn *)dlsym(RTLD_NEXT, "execv");
    real.execvp = (execv_fn *)dlsym(RTLD_NEXT, "execvp");
    real.execvpe = (execve_fn *)dlsym(RTLD_NEXT, "execvpe");
    real._exit = (exit_fn *)dlsym(RTLD_NEXT, "_exit");
    real._Exit = (exit_fn *)dlsym(RTLD_NEXT, "_Exit");
    if (!real.malloc || !real.calloc || !real.realloc || !real.free ||
        !real.posix_memalign || !real.aligned_alloc || !real.memalign ||
        !real.execve || !real.execv || !real.execvp || !real.execvpe ||
        !real._exit || !real._Exit) {
        static const char message[] =
            "recorder: cannot find the C library's heap, exec and _exit "
            "functions\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        abort();
    }
}

/* Called with in_recorder set, so that the calls dlsym makes go to the
 * arena. */
static void ensure_real_functions(void)
{
    pthread_once(&real_resolved, resolve_real_functions);
}

/* ---- formatting --------------------------------------------------------- */

/* A record being formatted on the stack before it joins the buffer. */
typedef struct {
    char text[MAX_RECORD_BYTES];
    size_t length;
} record_t;

static void record_char(record_t *record, char c)
{
    if (record->length < sizeof record->text)
        record->text[record->length++] = c;
}

static void record_text(record_t *record, const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        record_char(record, text[i]);
}

static void record_digits(record_t *record, uintmax_t value, unsigned base)
{
    static const char digits[] = "0123456789abcdef";
    char reversed[sizeof(uintmax_t) * 8];
    size_t count = 0;
    do {
        reversed[count++] = digits[value % base];
        value /= base;
    } while (value != 0);
    while (count > 0)
        record_char(record, reversed[--count]);
}

/* " NUMBER": every field of a record follows a space. */
static void record_size(record_t *record, uintmax_t size)
{
    record_char(record, ' ');
    record_digits(record, size, 10);
}

static void record_pointer(record_t *record, const void *pointer)
{
    record_char(record, ' ');
    record_digits(record, (uintptr_t)pointer, 16);
}

/* ---- the log file ------------------------------------------------------- */

/* write(2) all of it, through partial writes and signals; a log that
 * cannot be written is given up rather than stop the program. */
static void write_fully(const char *bytes, size_t length)
{
    while (length > 0 && log_state.fd >= 0) {
        ssize_t written = write(log_state.fd, bytes, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            close(log_state.fd);
            log_state.fd = -1;
            log_state.enabled = false;
            return;
        }
        bytes += written;
        length -= (size_t)written;
    }
}

static void flush_locked(void)
{
    write_fully(log_state.buffer, log_state.used);
    log_state.used = 0;
}

static void append_locked(const record_t *record)
{
    if (log_state.used + record->length > sizeof log_state.buffer)
        flush_locked();
    memcpy(log_state.buffer + log_state.used, record->text, record->length);
    log_state.used += record->length;
    if (log_state.write_through)
        flush_locked();
}

/* The "p" line that opens the records of this process image. */
static void append_process_line_locked(void)
{
    record_t record = { .length = 0 };
    char executable[MAX_EXECUTABLE_PATH];
    ssize_t length = readlink("/proc/self/exe", executable,
                              sizeof executable);
    if (length <= 0 || (size_t)length >= sizeof executable) {
        memcpy(executable, "?", 1);
        length = 1;
    }
    record_char(&record, 'p');
    record_size(&record, (uintmax_t)getpid());
    record_size(&record, (uintmax_t)getppid());
    record_char(&record, ' ');
    record_text(&record, executable, (size_t)length);
    record_char(&record, '\n');
    append_locked(&record);
}

/* Looks at MMREC_LOG once per process and opens MMREC_LOG.PID for
 * appending (an exec keeps the pid, and its records follow). A name too
 * long for a record buffer turns the log off. */
static void configure_locked(void)
{
    log_state.configured = true;
    const char *prefix = getenv("MMREC_LOG");
    if (!prefix || !*prefix)
        return;
    record_t path = { .length = 0 };
    record_text(&path, prefix, strnlen(prefix, sizeof path.text));
    record_char(&path, '.');
    record_digits(&path, (uintmax_t)getpid(), 10);
    if (path.length >= sizeof path.text)
        return;
    path.text[path.length] = '\0';
    log_state.fd = open(path.text, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                        0644);
    if (log_state.fd < 0)
        return;
    log_state.enabled = true;
    append_process_line_locked();
}

/* Appends one record, opening the log at the first record of the process
 * image. */
static void log_record(const record_t *record)
{
    pthread_mutex_lock(&log_state.lock);
    if (!log_state.configured)
        configure_locked();
    if (log_state.enabled)
        append_locked(record);
    pthread_mutex_unlock(&log_state.lock);
}

/* ---- fork and exit ------------------------------------------------------ */

static void before_fork(void)
{
    int saved_errno = errno;
    pthread_mutex_lock(&log_state.lock);
    flush_locked();
    errno = saved_errno;
}

static void after_fork_in_parent(void)
{
    pthread_mutex_unlock(&log_state.lock);
}

/* The child is a new process with its own pid: its records go to its own
 * file, which starts with its own "p" line at its first call. */
static void after_fork_in_child(void)
{
    if (log_state.fd >= 0)
        close(log_state.fd);
    log_state.fd = -1;
    log_state.used = 0;
    log_state.configured = false;
    log_state.enabled = false;
    pthread_mutex_unlock(&log_state.lock);
}

__attribute__((constructor)) static void recorder_start(void)
{
    int saved_errno = errno;
    in_recorder = 1;
    ensure_real_functions();
    pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
    in_recorder = 0;
    errno = saved_errno;
}

/* Before exec and _exit, which end the image without running the
 * destructor. Either may be called from a signal handler that interrupted
 * a thread holding the lock, so the lock is only tried: when it is busy
 * the buffer is left, and lost. */
static void flush_before_image_ends(void)
{
    int saved_errno = errno;
    if (!in_recorder && pthread_mutex_trylock(&log_state.lock) == 0) {
        flush_locked();
        pthread_mutex_unlock(&log_state.lock);
    }
    errno = saved_errno;
}

__attribute__((destructor)) static void recorder_stop(void)
{
    int saved_errno = errno;
    pthread_mutex_lock(&log_state.lock);
    flush_locked();
    log_state.write_through = true;
    pthread_mutex_unlock(&log_state.lock);
    errno = saved_errno;
}

/* ---- the interposed functions ------------------------------------------ */

/* Every entry point follows one pattern:
 *
 *     if (in_recorder) return <the real call, or the arena>;
 *     enter();  <real call>  errno_after = errno;  <log>  leave(errno_after);
 *
 * enter() marks the thread busy and resolves the real functions; leave()
 * clears the mark and sets errno back to what the program must see. */

static void enter(void)
{
    in_recorder = 1;
    ensure_real_functions();
}

static void leave(int errno_for_program)
{
    in_recorder = 0;
    errno = errno_for_program;
}

static void log_allocation(char kind, size_t first, size_t second,
                           bool has_second, const void *result)
{
    record_t record = { .length = 0 };
    record_char(&record, kind);
    record_size(&record, first);
    if (has_second)
        record_size(&record, second);
    record_pointer(&record, result);
    record_char(&record, '\n');
    log_record(&record);
}

void *malloc(size_t size)
{
    if (in_recorder)
        return real.malloc ? real.malloc(size) : bootstrap_allocate(size);
    enter();
    void *result = real.malloc(size);
    int errno_after = errno;
    log_allocation('m', size, 0, false, result);
    leave(errno_after);
    return result;
}

void *calloc(size_t nmemb, size_t size)
{
    if (in_recorder)
        return real.calloc ? real.calloc(nmemb, size)
                           : bootstrap_calloc(nmemb, size);
    enter();
    void *result = real.calloc(nmemb, size);
    int errno_after = errno;
    log_allocation('c', nmemb, size, true, result);
    leave(errno_after);
    return result;
}

void free(void *pointer)
{
    if (is_bootstrap_block(pointer))
        return;
    if (in_recorder) {
        if (real.free)
            real.free(pointer);
        return;
    }
    int errno_before = errno;
    enter();
    record_t record = { .length = 0 };
    record_char(&record, 'f');
    record_pointer(&record, pointer);
    record_char(&record, '\n');
    /* Logged before the block is given back: see the lock in the header
     * comment. */
    log_record(&record);
    real.free(pointer);
    leave(errno_before);
}

/* A block of the static arena moved to a real one (or to another arena
 * block while the real functions are still unknown). */
static void *move_bootstrap_block(void *old, size_t size)
{
    if (size == 0)
        return NULL;
    void *moved = real.malloc ? real.malloc(size) : bootstrap_allocate(size);
    if (moved) {
        size_t old_size = *bootstrap_size_slot(old);
        memcpy(moved, old, old_size < size ? old_size : size);
    }
    return moved;
}

static void *realloc_call(void *old, size_t size)
{
    if (is_bootstrap_block(old))
        return move_bootstrap_block(old, size);
    if (!real.realloc)
        return bootstrap_allocate(size);
    return real.realloc(old, size);
}

void *realloc(void *old, size_t size)
{
    if (in_recorder)
        return realloc_call(old, size);
    enter();
    /* The real realloc may give the old address back to the heap, so no
     * other thread may log that address until this record is in. */
    pthread_mutex_lock(&log_state.lock);
    void *result = realloc_call(old, size);
    int errno_after = errno;
    if (!log_state.configured)
        configure_locked();
    if (log_state.enabled) {
        record_t record = { .length = 0 };
        record_char(&record, 'r');
        record_pointer(&record, old);
        record_size(&record, size);
        record_pointer(&record, result);
        record_char(&record, '\n');
        append_locked(&record);
    }
    pthread_mutex_unlock(&log_state.lock);
    leave(errno_after);
    return result;
}

/* glibc's reallocarray calls its realloc from inside the library, where no
 * preloaded realloc sees it, so it is taken here. */
void *reallocarray(void *old, size_t nmemb, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(nmemb, size, &bytes)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(old, bytes);
}

int posix_memalign(void **result, size_t alignment, size_t size)
{
    if (in_recorder)
        return real.posix_memalign ? real.posix_memalign(result, alignment,
                                                         size)
                                   : ENOMEM;
    enter();
    int status = real.posix_memalign(result, alignment, size);
    int errno_after = errno;
    log_allocation('a', alignment, size, true, status == 0 ? *result : NULL);
    leave(errno_after);
    return status;
}

/* aligned_alloc and memalign share a signature and a record. `function`
 * points at the field of `real` to call, read only once it is resolved;
 * the static arena serves neither (dlsym does not use them). */
static void *aligned_call(aligned_alloc_fn *const *function, size_t alignment,
                          size_t size)
{
    if (in_recorder) {
        if (*function)
            return (*function)(alignment, size);
        errno = ENOMEM;
        return NULL;
    }
    enter();
    void *result = (*function)(alignment, size);
    int errno_after = errno;
    log_allocation('a', alignment, size, true, result);
    leave(errno_after);
    return result;
}

void *aligned_alloc(size_t alignment, size_t size)
{
    return aligned_call(&real.aligned_alloc, alignment, size);
}

void *memalign(size_t alignment, size_t size)
{
    return aligned_call(&real.memalign, alignment, size);
}

/* valloc and pvalloc align to the page size; a C library without them
 * gets NULL and ENOMEM. */
static void *page_aligned_call(valloc_fn *const *function, size_t size)
{
    if (in_recorder) {
        if (*function)
            return (*function)(size);
        errno = ENOMEM;
        return NULL;
    }
    enter();
    if (!*function) {
        leave(ENOMEM);
        return NULL;
    }
    void *result = (*function)(size);
    int errno_after = errno;
    log_allocation('a', (size_t)sysconf(_SC_PAGESIZE), size, true, result);
    leave(errno_after);
    return result;
}

void *valloc(size_t size)
{
    return page_aligned_call(&real.valloc, size);
}

void *pvalloc(size_t size)
{
    return page_aligned_call(&real.pvalloc, size);
}

/* ---- exec and _exit: write the buffer out first ------------------------ */

/* glibc's execl* and posix_spawn reach execve from inside the library,
 * where these wrappers do not see them; shells and most programs call
 * these names. */

static void resolve_before_image_ends(void)
{
    if (in_recorder)
        return;
    in_recorder = 1;
    ensure_real_functions();
    in_recorder = 0;
    flush_before_image_ends();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    resolve_before_image_ends();
    return real.execve(path, argv, envp);
}

int execv(const char *path, char *const argv[])
{
    resolve_before_image_ends();
    return real.execv(path, argv);
}

int execvp(const char *file, char *const argv[])
{
    resolve_before_image_ends();
    return real.execvp(file, argv);
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
    resolve_before_image_ends();
    return real.execvpe(file, argv, envp);
}

void _exit(int status)
{
    resolve_before_image_ends();
    real._exit(status);
    __builtin_unreachable();
}

void _Exit(int status)
{
    resolve_before_image_ends();
    real._Exit(status);
    __builtin_unreachable();
}
