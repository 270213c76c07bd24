# -l: the C library's malloc and, when installed, jemalloc, mimalloc and
# tcmalloc replay the same traces, with their memory shown apart from
# utilization. (.ci/run installs the three libraries.)
libs="libjemalloc.so.2 libmimalloc.so.2 libtcmalloc_minimal.so.4"
have_all() {
    for lib in $libs; do
        ldconfig -p 2>/dev/null | grep -q "$lib" || return 1
    done
}
expect "production: libc replays outside the simulated heap" 0 "^ *1 +ok +(\(|--).* traces/program4.rep" \
    ./mdriver -V -m libc -f traces/program4.rep
if have_all; then
    ./mdriver -m segregated -l -f traces/program4.rep -f traces/corners.rep >"$work/prod" 2>&1
    expect "production: jemalloc, mimalloc and tcmalloc are compared" 0 \
        "^segregated libc jemalloc mimalloc tcmalloc$" \
        sh -c "grep -E '^ {20}' '$work/prod' | tr -s ' \n' ' ' | sed 's/^ //; s/ \$//'"
    expect "production: their memory is labelled as not comparable" 0 \
        "Not comparable with heap utilization; not scored" cat "$work/prod"
else
    skip "production" "jemalloc, mimalloc or tcmalloc is not installed: apt-get install libjemalloc2 libmimalloc2.0 libtcmalloc-minimal4"
fi
