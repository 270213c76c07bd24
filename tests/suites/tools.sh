# The Python trace tools' own tests (tests/tools/), one ok/FAIL/skip line
# each (a skipped test says what to install).
unittest_cases() {
    python3 -u -m unittest discover -s tests/tools -t . -v 2>&1 |
        sed -un 's/^test[^ ]* (\(.*\)) \.\.\. ok$/ok   tools: \1/p; s/^test[^ ]* (\(.*\)) \.\.\. \(FAIL\|ERROR\)$/FAIL tools: \1/p; s/^test[^ ]* (\(.*\)) \.\.\. skipped .\(.*\).$/skip tools: \1 (\2)/p'
}
count_cases unittest_cases

# A fresh suite for a new term is the whole default suite: ./mdriver -t
# replays every trace that config.h lists from it.
python3 tools/mksuite.py --fresh term-test --dir "$work/fresh" >"$work/out" 2>&1
expect "tools: mdriver -t runs every default trace of a fresh suite" 0 "^$(grep -o '"[^"]*\.rep"' config.h | wc -l)\$" \
    sh -c "./mdriver -t '$work/fresh' -m segregated -s 120 -V | grep -cE '^ *[0-9] ok .*$work/fresh/[a-z0-9-]+\.rep\$'"
