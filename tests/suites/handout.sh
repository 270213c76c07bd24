# make handout: a student tarball without the reference allocators'
# sources that builds and runs on its own.
make --no-print-directory handout >"$work/out" 2>&1
expect "handout: make handout writes the tarball" 0 "" test -s build/malloclab-handout.tar.gz
expect "handout: no reference allocator sources inside" 1 "" \
    sh -c 'tar -tzf build/malloclab-handout.tar.gz | grep -E "allocators/.*\.c$|tests/"'
rm -rf "$work/handout" && mkdir "$work/handout"
tar -C "$work/handout" -xzf build/malloclab-handout.tar.gz
expect "handout: builds and compares with the prebuilt reference allocators" 0 \
    "perf index +[0-9.]+ +[0-9.]+" \
    sh -c "cd '$work/handout/malloclab' && make >/dev/null 2>&1 && ./mdriver -m segregated,buddy -f traces/short1.rep -f traces/program4.rep"
