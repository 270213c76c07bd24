"""sandbox.py - the box a submission is built and run in while it is graded
(tools/grade_one), made with bubblewrap (Debian's `bubblewrap`, `bwrap`).

A submission's build and driver run see, and may change, only this:

    /usr, /etc and the top-level links to them   the system, read-only
    /grading/kit      its own copy of the kit with its mm.c: its scratch
                      folder, the only writable place besides /tmp
    /grading/traces   the traces it is graded on, read-only (when they are
                      not the kit's own), for the driver's run only: the
                      build never sees them
    /grading/reference-counts
                      the kit's instruction counts of the traces (-I),
                      made once per grading outside every box, read-only
    /tmp              a private tmpfs of TMP_BYTES, gone with the box
    /proc, /dev       of its own: its PID namespace, a minimal /dev

Nothing else of the machine is there: not the submissions folder, not the
gradebook, not the grader's folders, not other submissions' scratch. Every
namespace is new (--unshare-all: user, PID, network, IPC, UTS, cgroup): no
network at all, and the processes it starts are the only ones it sees. Its
first process is the namespace's init, so when it ends, or the grader
dies (--die-with-parent), the kernel kills every process left inside:
nothing outlives grading. --new-session keeps it away from the grader's
terminal. The environment is emptied but for PATH, HOME, TMPDIR and
LC_ALL=C.

It runs as user 65534 (nobody) inside. A grader running as root starts it
as that user outside as well (it then owns nothing and can signal nothing
of the grader's, and RLIMIT_NPROC counts its processes alone); any other
grader's sandbox runs under the grader's own user id, with no capabilities
and no view of its files beyond the above.

Limits, per process and inherited by all it starts (prlimit): CPU seconds
(the grading step's time limit), address space (MEMORY_BYTES: the driver
maps a 100 MB arena, valgrind needs more), processes (PROCESSES, when it
has a user id of its own), file size (FILE_BYTES) and no core files. The
grader keeps at most a few megabytes of what it prints (grade_one).

The grader reads the driver's result from the driver's standard output, a
pipe: the allocator's own output goes elsewhere (driver/output.c) and the
driver makes itself undumpable, so no other process, the allocator's
included, can open its descriptors through /proc/PID/fd.
"""

import os
import shutil
import subprocess
import tempfile

# Where the box's folders appear inside it.
KIT = "/grading/kit"
TRACES = "/grading/traces"
HOME = "/grading"

NOBODY = 65534
MEMORY_BYTES = 8 << 30
PROCESSES = 256
FILE_BYTES = 256 << 20
TMP_BYTES = 256 << 20

INSTALL_HINT = ("install bubblewrap (Debian and Ubuntu: apt-get install "
                "bubblewrap; Fedora: dnf install bubblewrap), or grade with "
                "--no-sandbox, which lets each submission reach everything "
                "the grader's user can")

# The top-level folders a toolchain needs besides /usr and /etc: links into
# /usr on merged-/usr systems, folders of their own elsewhere.
SYSTEM_FOLDERS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


class SandboxError(Exception):
    """The sandbox cannot be made on this machine."""


def switches_user():
    """Whether the box runs as its own user outside as well (the grader is
    root)."""
    return os.geteuid() == 0


def hand_over(folder):
    """Give folder and all it holds to the box's user, when it has one."""
    if not switches_user():
        return
    for root, folders, files in os.walk(folder):
        os.chown(root, NOBODY, NOBODY)
        for name in folders + files:
            os.lchown(os.path.join(root, name), NOBODY, NOBODY)


def limits(cpu_seconds):
    """The prlimit command that sets the limits of everything after it."""
    words = ["prlimit", "--as=%d" % MEMORY_BYTES, "--fsize=%d" % FILE_BYTES,
             "--core=0"]
    if cpu_seconds:
        words.append("--cpu=%d" % cpu_seconds)
    if switches_user():
        words.append("--nproc=%d" % PROCESSES)
    return words + ["--"]


# Where the kit's counts appear inside the box.
REFERENCE_COUNTS = "/grading/reference-counts"


def bwrap_arguments(kit_copy, traces_copy=None, reference_counts=None):
    """bwrap's options for a box around kit_copy (and traces_copy, and the
    file reference_counts). The
    command is the namespace's init itself (--as-pid-1): no process of
    bwrap's stays inside holding the command's pipes, where a process of
    the box could reach them through /proc/1/fd."""
    words = ["bwrap", "--unshare-all", "--as-pid-1", "--die-with-parent",
             "--new-session",
             "--uid", str(NOBODY), "--gid", str(NOBODY),
             "--hostname", "grading",
             "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for folder in SYSTEM_FOLDERS:
        if os.path.islink(folder):
            words += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            words += ["--ro-bind", folder, folder]
    words += ["--proc", "/proc", "--dev", "/dev",
              "--size", str(TMP_BYTES), "--tmpfs", "/tmp",
              "--dir", HOME, "--bind", kit_copy, KIT]
    if traces_copy is not None:
        words += ["--ro-bind", traces_copy, TRACES]
    if reference_counts is not None:
        words += ["--ro-bind", reference_counts, REFERENCE_COUNTS]
    words += ["--chdir", KIT, "--clearenv",
              "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
              "--setenv", "HOME", HOME, "--setenv", "TMPDIR", "/tmp",
              "--setenv", "LC_ALL", "C", "--"]
    return words


def command(words, kit_copy, traces_copy, cpu_seconds, reference_counts=None):
    """(argv, extra Popen arguments) that run words in a box. bwrap itself
    gets an environment of two variables: the grader's own is not passed
    on."""
    argv = limits(cpu_seconds) + bwrap_arguments(
        kit_copy, traces_copy, reference_counts) + list(words)
    extra = {"env": {"PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C"}}
    if switches_user():
        extra.update(user=NOBODY, group=NOBODY, extra_groups=[])
    return argv, extra


def check():
    """Raise SandboxError, saying why and what to install, unless a box can
    be made here."""
    for tool in ("bwrap", "prlimit"):
        if shutil.which(tool) is None:
            raise SandboxError("%s is not installed: %s" % (
                tool, INSTALL_HINT if tool == "bwrap"
                else "install util-linux"))
    folder = tempfile.mkdtemp(prefix="grade-sandbox-check-")
    try:
        kit_copy = os.path.join(folder, "kit")
        os.mkdir(kit_copy)
        os.chmod(folder, 0o711)
        hand_over(kit_copy)
        argv, extra = command(["true"], kit_copy, None, 10)
        try:
            done = subprocess.run(argv, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=60,
                                  **extra)
        except (OSError, subprocess.SubprocessError) as error:
            raise SandboxError("bwrap cannot run: %s; %s"
                               % (error, INSTALL_HINT))
        if done.returncode != 0:
            said = done.stdout.decode(errors="replace").strip()
            raise SandboxError(
                "bwrap cannot make a sandbox here (%s); the kernel must allow "
                "user namespaces (sysctl kernel.unprivileged_userns_clone=1), "
                "or grade with --no-sandbox" % (said or "exit status %d"
                                                % done.returncode))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
