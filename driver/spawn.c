/*
 * spawn.c - starting a host program confined from its first instruction
 * (see spawn.h).
 *
 * The child is made with fork: it has memory of its own, so it can make
 * itself dumpable (the driver is not, and a process must be to write its
 * own user map) without opening the driver's descriptors to anyone.
 * Everything it needs (paths, the filter, the id maps) is prepared by the
 * driver beforehand, so that the child makes system calls and nothing
 * else. It reports a failure (the step, and errno) through a pipe whose
 * end closes when it executes the program; the driver waits for either.
 *
 * The view is built on a tmpfs mounted over /tmp in the child's new mount
 * namespace, which becomes the root (pivot_root), the driver's root
 * detached beneath it, and is then made read-only.
 */
#define _GNU_SOURCE
#include "spawn.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shared/seccomp.h"

enum {
    HIGH_FD = 100,                  /* the driver's descriptors for a child */
    PROGRAM_FD = HOST_FD_COUNT,     /* where the child keeps the program */
    COUNTS_SOCKET_FD,               /* and its end of the counts' socket */
    PROGRAM_IN_VIEW_FD,             /* the program, opened in the new mounts */
    REPORT_FD,                      /* the pipe a failure is reported through */
    FIRST_FREE_FD,
    COUNTS_BYTES = 64 << 20,        /* room for callgrind's counts */
    MAP_TEXT = 64,
};

/* Where the view is built before it becomes the root: a folder every
 * Linux system has. */
static const char STAGING[] = "/tmp";

/* The top-level folders a dynamic program needs besides /usr: links into
 * /usr on merged-/usr systems, folders of their own elsewhere. */
static const char *const system_folders[] = {"/bin", "/sbin", "/lib", "/lib32", "/lib64",
                                             "/libx32"};
enum { SYSTEM_FOLDERS = sizeof system_folders / sizeof *system_folders };

enum entry_kind { ENTRY_ABSENT, ENTRY_LINK, ENTRY_FOLDER };

/* Everything the child needs, made by the driver. */
struct plan {
    const struct spawn_request *request;
    bool make_view;
    bool views_only;          /* the probe of spawn_views_available */
    const void *filter;       /* struct sock_fprog, or NULL */
    char uid_map[MAP_TEXT], gid_map[MAP_TEXT];
    enum entry_kind system_kind[SYSTEM_FOLDERS];
    char system_link[SYSTEM_FOLDERS][256];
    char staged_system[SYSTEM_FOLDERS][64];
    bool has_ld_cache;
    char program[SPAWN_PATH_BYTES];
    int program_fd;           /* opened by the driver, above the targets */
    char program_source[32];  /* /proc/self/fd/PROGRAM_IN_VIEW_FD */
    int counts_socket;        /* the child's end, to pass /counts back */
    int report_fd;            /* the child's end of the failure pipe */
};

/* What a child that failed reports: the step (a string of this program,
 * whose address fork kept) and errno. */
struct failure {
    const char *step;
    int error;
};

/* ---- in the child: system calls only ---------------------------------- */


static _Noreturn void failed(struct plan *p, const char *step)
{
    struct failure f = {step, errno};
    (void)!write(p->report_fd, &f, sizeof f);
    _exit(127);
}

static bool write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text);
}

static bool touch(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* Bind source at target, read-only. In a user namespace the remount must
 * keep the flags the source's mount is locked with. */
static bool bind_read_only(const char *source, const char *target, bool recursive)
{
    if (mount(source, target, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) != 0)
        return false;
    struct statvfs fs;
    if (statvfs(target, &fs) != 0)
        return false;
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
    const struct {
        unsigned long st, ms;
    } locked[] = {{ST_NOSUID, MS_NOSUID}, {ST_NODEV, MS_NODEV}, {ST_NOEXEC, MS_NOEXEC},
                  {ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME},
                  {ST_RELATIME, MS_RELATIME}};
    for (size_t i = 0; i < sizeof locked / sizeof *locked; i++)
        if (fs.f_flag & locked[i].st)
            flags |= locked[i].ms;
    return mount(NULL, target, NULL, flags, NULL) == 0;
}

/* /counts: a tmpfs, passed back to the driver before anything else can
 * write there. */
static bool make_counts_folder(void)
{
    char size[32] = "size=", digits[16];
    int n = 0;
    for (unsigned long bytes = COUNTS_BYTES; bytes > 0; bytes /= 10)
        digits[n++] = (char)('0' + bytes % 10);
    size_t at = strlen(size);
    while (n > 0)
        size[at++] = digits[--n];
    size[at] = '\0';
    if (mkdir("/tmp/counts", 0755) != 0 ||
        mount("mdriver-counts", "/tmp/counts", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              size) != 0)
        return false;
    int folder = open("/tmp/counts", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (folder < 0)
        return false;
    char control[CMSG_SPACE(sizeof folder)];
    memset(control, 0, sizeof control);
    char byte = 0;
    struct iovec io = {&byte, 1};
    struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control,
                             .msg_controllen = sizeof control};
    struct cmsghdr *c = CMSG_FIRSTHDR(&message);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof folder);
    memcpy(CMSG_DATA(c), &folder, sizeof folder);
    bool sent = sendmsg(COUNTS_SOCKET_FD, &message, 0) == 1;
    close(folder);
    return sent;
}

/* "/tmp/proc/self" gets this process's own /proc entry. */
static bool bind_own_proc(void)
{
    char source[32] = "/proc/", digits[16];
    int n = 0;
    for (pid_t pid = getpid(); pid > 0; pid /= 10)
        digits[n++] = (char)('0' + pid % 10);
    size_t at = strlen(source);
    while (n > 0)
        source[at++] = digits[--n];
    source[at] = '\0';
    return mkdir("/tmp/proc", 0555) == 0 && mkdir("/tmp/proc/self", 0555) == 0 &&
           bind_read_only(source, "/tmp/proc/self", false);
}

static void make_view(struct plan *p)
{
    const struct spawn_request *r = p->request;
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0) {
        if (!write_file("/proc/self/setgroups", "deny") ||
            !write_file("/proc/self/uid_map", p->uid_map) ||
            !write_file("/proc/self/gid_map", p->gid_map))
            failed(p, "map its user in a new user namespace");
    } else if (unshare(CLONE_NEWNS) != 0) {
        failed(p, "make a mount namespace");
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        failed(p, "make its mounts private");
    /* A mount may be bound only from this namespace's mounts, and the
     * program's path may lie under the folder the view is built on: it is
     * opened here, before that folder is covered. */
    if (r->view & VIEW_PROGRAM) {
        int opened = open(p->program, O_PATH | O_CLOEXEC);
        if (opened < 0 || (opened != PROGRAM_IN_VIEW_FD &&
                           dup3(opened, PROGRAM_IN_VIEW_FD, O_CLOEXEC) != PROGRAM_IN_VIEW_FD))
            failed(p, "open the host program");
    }
    if (mount("mdriver-view", STAGING, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755") != 0)
        failed(p, "mount the tmpfs of its view");
    if (p->views_only)
        _exit(0);
    unsigned view = r->view;
    if (view & VIEW_SYSTEM) {
        if (mkdir("/tmp/usr", 0755) != 0 || !bind_read_only("/usr", "/tmp/usr", true))
            failed(p, "show /usr");
        for (int i = 0; i < SYSTEM_FOLDERS; i++) {
            if (p->system_kind[i] == ENTRY_LINK &&
                symlink(p->system_link[i], p->staged_system[i]) != 0)
                failed(p, "link a system folder");
            if (p->system_kind[i] == ENTRY_FOLDER &&
                (mkdir(p->staged_system[i], 0755) != 0 ||
                 !bind_read_only(system_folders[i], p->staged_system[i], true)))
                failed(p, "show a system folder");
        }
        if (p->has_ld_cache &&
            (mkdir("/tmp/etc", 0755) != 0 || !touch("/tmp/etc/ld.so.cache") ||
             !bind_read_only("/etc/ld.so.cache", "/tmp/etc/ld.so.cache", false)))
            failed(p, "show /etc/ld.so.cache");
    }
    if ((view & VIEW_OWN_PROC) && !bind_own_proc())
        failed(p, "show its own /proc entry");
    if ((view & VIEW_TMP) &&
        (mkdir("/tmp/tmp", 01777) != 0 ||
         mount("mdriver-tmp", "/tmp/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=4m") != 0))
        failed(p, "make its /tmp");
    if ((view & VIEW_PROGRAM) &&
        (!touch("/tmp/host") || !bind_read_only(p->program_source, "/tmp/host", false)))
        failed(p, "show the host program");
    if (r->counts != NULL && !make_counts_folder())
        failed(p, "make the folder for its counts");
    if (chdir(STAGING) != 0 || syscall(SYS_pivot_root, ".", ".") != 0 ||
        umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
        failed(p, "make its view the root");
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
        failed(p, "make its root read-only");
}

static void place_descriptors(struct plan *p)
{
    const struct spawn_request *r = p->request;
    /* Every source is above the targets (the driver keeps its descriptors
     * high), so no dup2 overwrites one still to be placed. */
    for (int i = 0; i < HOST_FD_COUNT; i++)
        if (dup2(r->fds[i], i) != i)
            failed(p, "place its descriptors");
    if (dup3(p->program_fd, PROGRAM_FD, O_CLOEXEC) != PROGRAM_FD)
        failed(p, "keep the host program");
    if (p->counts_socket >= 0 &&
        dup3(p->counts_socket, COUNTS_SOCKET_FD, O_CLOEXEC) != COUNTS_SOCKET_FD)
        failed(p, "keep the socket for its counts");
    if (dup3(p->report_fd, REPORT_FD, O_CLOEXEC) != REPORT_FD)
        failed(p, "keep its pipe to the driver");
    p->report_fd = REPORT_FD;
    if (syscall(SYS_close_range, FIRST_FREE_FD, ~0u, 0) != 0)
        for (int fd = FIRST_FREE_FD; fd < 4096; fd++)
            close(fd);
}

static void default_signals(struct plan *p)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int signo = 1; signo < NSIG; signo++)
        sigaction(signo, &sa, NULL); /* fails harmlessly for SIGKILL, SIGSTOP */
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) != 0)
        failed(p, "unblock its signals");
}

static _Noreturn void child(struct plan *p)
{
    const struct spawn_request *r = p->request;
    if (prctl(PR_SET_DUMPABLE, 1) != 0)
        failed(p, "make itself dumpable, to write its own user map");
    if (!p->views_only) {
        place_descriptors(p);
        if (setpgid(0, 0) != 0)
            failed(p, "make its process group");
        default_signals(p);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            failed(p, "die with the driver");
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
    }
    if (p->make_view)
        make_view(p);
    if (p->filter != NULL && !seccomp_install(p->filter))
        failed(p, "install its first seccomp filter");
    if (r->launcher != NULL)
        execve(r->launcher, r->argv, r->envp);
    else
        syscall(SYS_execveat, PROGRAM_FD, "", r->argv, r->envp, AT_EMPTY_PATH);
    failed(p, "execute the host program");
}

/* ---- in the driver ---------------------------------------------------- */

/* Fork the child and wait until it has executed the program (true) or
 * failed (false, with *f saying where). */
static bool run_child(struct plan *p, pid_t *pid, struct failure *f)
{
    *f = (struct failure){NULL, 0};
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *f = (struct failure){"make a pipe", errno};
        return false;
    }
    /* Above the descriptors the child places, so that placing them does
     * not close its end early. */
    int high_end = fcntl(report[1], F_DUPFD_CLOEXEC, HIGH_FD);
    close(report[1]);
    report[1] = high_end;
    if (report[1] < 0) {
        *f = (struct failure){"make a pipe", errno};
        close(report[0]);
        return false;
    }
    p->report_fd = report[1];
    *pid = fork();
    if (*pid == 0)
        child(p);
    close(report[1]);
    if (*pid < 0) {
        *f = (struct failure){"fork a process", errno};
        close(report[0]);
        return false;
    }
    ssize_t n;
    while ((n = read(report[0], f, sizeof *f)) < 0 && errno == EINTR)
        ;
    close(report[0]);
    if (n == (ssize_t)sizeof *f) {
        waitpid(*pid, NULL, 0);
        return false;
    }
    *f = (struct failure){NULL, 0};
    return true;
}

static void plan_views(struct plan *p)
{
    /* Root of its own namespace, so that it keeps, past the exec, the power
     * to let go of the start-up files valgrind needs (host/host.c): over its own
     * mounts, and nothing else. */
    snprintf(p->uid_map, sizeof p->uid_map, "0 %u 1", (unsigned)geteuid());
    snprintf(p->gid_map, sizeof p->gid_map, "0 %u 1", (unsigned)getegid());
    for (int i = 0; i < SYSTEM_FOLDERS; i++) {
        struct stat st;
        p->system_kind[i] = ENTRY_ABSENT;
        snprintf(p->staged_system[i], sizeof p->staged_system[i], "%s%s", STAGING,
                 system_folders[i]);
        if (lstat(system_folders[i], &st) != 0)
            continue;
        if (S_ISLNK(st.st_mode)) {
            ssize_t n = readlink(system_folders[i], p->system_link[i],
                                 sizeof p->system_link[i] - 1);
            if (n > 0) {
                p->system_link[i][n] = '\0';
                p->system_kind[i] = ENTRY_LINK;
            }
        } else if (S_ISDIR(st.st_mode)) {
            p->system_kind[i] = ENTRY_FOLDER;
        }
    }
    p->has_ld_cache = access("/etc/ld.so.cache", R_OK) == 0;
    snprintf(p->program_source, sizeof p->program_source, "/proc/self/fd/%d",
             PROGRAM_IN_VIEW_FD);
}

bool spawn_views_available(void)
{
    static int known = -1;
    if (known >= 0)
        return known;
    static struct plan probe;
    struct spawn_request nothing = {0};
    probe = (struct plan){.request = &nothing, .make_view = true, .views_only = true,
                          .counts_socket = -1};
    plan_views(&probe);
    pid_t pid;
    int status = 0;
    struct failure f;
    known = run_child(&probe, &pid, &f) && waitpid(pid, &status, 0) == pid &&
            WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!known)
        fprintf(stderr, "mdriver: the allocator's process cannot be given an empty view of the "
                        "files here (it could not %s: %s), so it sees what this user sees; its "
                        "system calls are still confined\n",
                f.step != NULL ? f.step : "make one",
                f.step != NULL ? strerror(f.error) : "no reason given");
    return known;
}

/* ---- the counts folder ------------------------------------------------ */

static const char COUNTS_FILE[] = "callgrind.out";

/* The descriptor the child sent (it has executed the program: its message
 * is waiting), or -1. */
static int receive_folder(int socket)
{
    int folder = -1;
    char control[CMSG_SPACE(sizeof folder)], byte;
    struct iovec io = {&byte, 1};
    struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control,
                             .msg_controllen = sizeof control};
    if (recvmsg(socket, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1)
        return -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&message);
    if (c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
        memcpy(&folder, CMSG_DATA(c), sizeof folder);
    return folder;
}

bool counts_folder_prepare(struct counts_folder *c)
{
    *c = (struct counts_folder){.fd = -1};
    if (spawn_views_available()) {
        snprintf(c->path_seen, sizeof c->path_seen, "/counts/%s", COUNTS_FILE);
        return true;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(c->made, sizeof c->made, "%s/mdriver-counts-XXXXXX",
             tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    if (mkdtemp(c->made) == NULL) {
        c->made[0] = '\0';
        return false;
    }
    c->fd = open(c->made, O_PATH | O_DIRECTORY | O_CLOEXEC);
    snprintf(c->path_seen, sizeof c->path_seen, "%s/%s", c->made, COUNTS_FILE);
    return c->fd >= 0;
}

int counts_folder_open_file(const struct counts_folder *c)
{
    if (c->fd < 0)
        return -1;
    int fd = openat(c->fd, COUNTS_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        fd = -1;
    }
    return fd;
}

void counts_folder_release(struct counts_folder *c)
{
    if (c->made[0] != '\0') {
        char file[SPAWN_PATH_BYTES + 32];
        snprintf(file, sizeof file, "%s/%s", c->made, COUNTS_FILE);
        unlink(file);
        rmdir(c->made);
    }
    if (c->fd >= 0)
        close(c->fd);
    *c = (struct counts_folder){.fd = -1};
}

bool spawn_host(const struct spawn_request *request, struct spawn_result *result)
{
    static struct plan plan;
    plan = (struct plan){.request = request, .make_view = spawn_views_available()};
    plan_views(&plan);
    if (realpath(request->program, plan.program) == NULL) {
        *result = (struct spawn_result){.failed_step = "find the host program", .error = errno};
        return false;
    }
    plan.program_fd = open(plan.program, O_PATH | O_CLOEXEC);
    int high = plan.program_fd >= 0 ? fcntl(plan.program_fd, F_DUPFD_CLOEXEC, HIGH_FD) : -1;
    if (plan.program_fd >= 0)
        close(plan.program_fd);
    plan.program_fd = high;
    if (plan.program_fd < 0) {
        *result = (struct spawn_result){.failed_step = "open the host program", .error = errno};
        return false;
    }
    if (request->first_filter != FIRST_NONE)
        plan.filter = seccomp_first_filter(request->first_filter);
    int sockets[2] = {-1, -1};
    bool passes_counts = request->counts != NULL && plan.make_view;
    if (passes_counts && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sockets) == 0) {
        int child_end = fcntl(sockets[1], F_DUPFD_CLOEXEC, HIGH_FD);
        close(sockets[1]);
        sockets[1] = child_end;
    }
    if (passes_counts && (sockets[0] < 0 || sockets[1] < 0)) {
        *result = (struct spawn_result){.failed_step = "make a socket", .error = errno};
        close(plan.program_fd);
        return false;
    }
    plan.counts_socket = sockets[1];
    struct failure f;
    bool started = run_child(&plan, &result->pid, &f);
    close(plan.program_fd);
    if (passes_counts) {
        close(sockets[1]);
        if (started)
            request->counts->fd = receive_folder(sockets[0]);
        close(sockets[0]);
    }
    result->failed_step = f.step;
    result->error = f.error;
    return started;
}

bool spawn_is_dynamic(const char *program)
{
    int fd = open(program, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    unsigned char ident[EI_NIDENT];
    bool dynamic = false;
    if (pread(fd, ident, sizeof ident, 0) == (ssize_t)sizeof ident &&
        memcmp(ident, ELFMAG, SELFMAG) == 0) {
        bool wide = ident[EI_CLASS] == ELFCLASS64;
        uint64_t phoff;
        uint16_t phentsize, phnum;
        if (wide) {
            Elf64_Ehdr h;
            dynamic = pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h;
            phoff = h.e_phoff, phentsize = h.e_phentsize, phnum = h.e_phnum;
        } else {
            Elf32_Ehdr h;
            dynamic = pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h;
            phoff = h.e_phoff, phentsize = h.e_phentsize, phnum = h.e_phnum;
        }
        bool interpreter = false;
        for (uint16_t i = 0; dynamic && i < phnum && !interpreter; i++) {
            uint32_t type;
            interpreter = pread(fd, &type, sizeof type, (off_t)(phoff + (uint64_t)i * phentsize)) ==
                              (ssize_t)sizeof type &&
                          type == PT_INTERP;
        }
        dynamic = interpreter;
    }
    close(fd);
    return dynamic;
}

void spawn_program_path(const char *program, char path[SPAWN_PATH_BYTES])
{
    if (spawn_views_available())
        snprintf(path, SPAWN_PATH_BYTES, "/host");
    else if (realpath(program, path) == NULL)
        snprintf(path, SPAWN_PATH_BYTES, "%s", program);
}

