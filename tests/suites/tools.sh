# The Python trace tools' own tests (tests/tools/), one ok/FAIL/skip line
# each (a skipped test says what to install).
unittest_cases() {
    python3 -m unittest discover -s tests/tools -t . -v 2>&1 |
        sed -n 's/^test[^ ]* (\(.*\)) \.\.\. ok$/ok   tools: \1/p; s/^test[^ ]* (\(.*\)) \.\.\. \(FAIL\|ERROR\)$/FAIL tools: \1/p; s/^test[^ ]* (\(.*\)) \.\.\. skipped .\(.*\).$/skip tools: \1 (\2)/p'
}
count_cases unittest_cases
