# Makefile for the malloc lab kit.
#
#   make            build ./mdriver with your mm.c
#   make test       run the test suite (ends with "N passed, M failed")
#   make clean      remove everything built
#
# CC and CFLAGS may be overridden: make CC=clang, make CFLAGS="-O0 -g".

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra
override CFLAGS += -std=c11 $(WARNINGS)
LDLIBS = -lm

# The driver: everything but the allocator.
DRIVER_SRCS = mdriver.c trace.c checker.c blockmap.c timer.c score.c report.c \
              sandbox.c allocator.c memlib.c
DRIVER_OBJS = $(DRIVER_SRCS:%.c=build/%.o)
HEADERS = $(wildcard *.h)

.PHONY: all test clean
all: mdriver

build:
	mkdir -p build

build/%.o: %.c $(HEADERS) | build
	$(CC) $(CFLAGS) -c $< -o $@

mdriver: $(DRIVER_OBJS) build/mm.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Test programs: one driver per broken allocator (base.c supplies every
# function the broken file does not redefine), and the memlib unit test.
BROKEN = $(filter-out base,$(basename $(notdir $(wildcard tests/broken/*.c))))
TEST_BINS = $(BROKEN:%=tests/bin/mdriver-%) tests/bin/mdriver-base tests/bin/memlib_test

tests/bin:
	mkdir -p tests/bin

tests/bin/mdriver-%: tests/broken/%.c tests/broken/base.c tests/broken/base.h $(DRIVER_OBJS) | tests/bin
	$(CC) $(CFLAGS) -I. -Itests/broken -o $@ $(filter %.c %.o,$^) $(LDLIBS)

tests/bin/mdriver-base: tests/broken/base.c tests/broken/base.h $(DRIVER_OBJS) | tests/bin
	$(CC) $(CFLAGS) -I. -Itests/broken -o $@ $(filter %.c %.o,$^) $(LDLIBS)

tests/bin/memlib_test: tests/memlib_test.c memlib.c memlib.h config.h | tests/bin
	$(CC) $(CFLAGS) -I. -o $@ tests/memlib_test.c memlib.c

test: mdriver $(TEST_BINS)
	@sh tests/run.sh

clean:
	rm -rf build mdriver tests/bin
