# -l: the C library's malloc and, when installed, jemalloc, mimalloc and
# tcmalloc replay the same traces (Debian packages installed here when
# missing and possible), with their memory shown apart from utilization.
libs="libjemalloc.so.2 libmimalloc.so.2 libtcmalloc_minimal.so.4"
have_all() {
    for lib in $libs; do
        ldconfig -p 2>/dev/null | grep -q "$lib" || return 1
    done
}
if ! have_all && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "production: installing jemalloc, mimalloc and tcmalloc"
    { apt-get update -qq &&
      apt-get install -y -qq libjemalloc2 libmimalloc2.0 libtcmalloc-minimal4; } >"$work/apt.log" 2>&1
fi
expect "production: libc replays outside the simulated heap" 0 "^ *1 +yes +(\(|--).* traces/program4.rep" \
    ./mdriver -V -m libc -f traces/program4.rep
if have_all; then
    ./mdriver -m segregated -l -f traces/program4.rep -f traces/corners.rep >"$work/prod" 2>&1
    expect "production: jemalloc, mimalloc and tcmalloc are compared" 0 \
        "segregated +libc +jemalloc +mimalloc +tcmalloc" cat "$work/prod"
    expect "production: their memory is labelled as not comparable" 0 \
        "Not comparable with heap utilization; not scored" cat "$work/prod"
else
    echo "skip production: jemalloc, mimalloc or tcmalloc is not installed"
fi
