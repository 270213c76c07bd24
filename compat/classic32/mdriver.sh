#!/bin/sh
# ./mdriver of a 32-bit build (make API=classic32): runs the 32-bit driver,
# @DRIVER_PROGRAM@, directly where the kernel runs 32-bit programs, else
# under qemu-i386 (Debian: qemu-user), which then also runs the allocator's
# process (MDRIVER_EMULATOR names it to the driver). Else it says why it
# cannot run, in one line, and exits with status 2.
driver="$(dirname "$0")/@DRIVER_PROGRAM@"
if "$driver" -h >/dev/null 2>&1; then
    exec "$driver" "$@"
fi
if emulator=$(command -v qemu-i386); then
    MDRIVER_EMULATOR=$emulator exec "$emulator" "$driver" "$@"
fi
echo "mdriver: this kernel cannot run the 32-bit driver (Exec format error) and qemu-i386 is not installed: apt-get install qemu-user" >&2
exit 2
