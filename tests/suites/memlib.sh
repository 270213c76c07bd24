# memlib: break bounds, reset, guard pages (cases in tests/memlib_test.c).
count_cases tests/bin/memlib_test
