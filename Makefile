# Makefile for the malloc lab kit.
#
#   make            build ./mdriver: your mm.c plus every reference allocator
#   make test       run the test suite (ends with "N passed, M failed, K skipped")
#   make debug      build ./mdriver-debug with AddressSanitizer and UBSan
#   make clean      remove everything built
#
# CC and CFLAGS may be overridden: make CC=clang, make CFLAGS="-O0 -g".

CC ?= cc
CFLAGS ?= -O2 -g
override CFLAGS += -std=c11 -Wall -Wextra
LDLIBS = -lm -ldl

# Drop-in builds for mm.c files written for older kits (README.md, "mm.c
# files from other kits"): API=classic32 (CS:APP, 32-bit, 8-byte alignment),
# API=cmu13 (CMU 2010-2015: DRIVER renaming, void mm_checkheap, 8-byte
# alignment), API=cmu16 (CMU 2016+: bool mm_init and mm_checkheap,
# mem_memcpy). Each builds in its own folder.
API ?= kit
ifeq ($(API),classic32)
ARCH_FLAGS = -m32
API_FLAGS = -DALIGNMENT=8
else ifeq ($(API),cmu13)
API_FLAGS = -DALIGNMENT=8
else ifneq ($(filter-out kit cmu16,$(API)),)
$(error API must be kit, classic32, cmu13 or cmu16, not '$(API)')
endif
override CFLAGS += $(ARCH_FLAGS)

# B is the build folder and MDRIVER the driver's name, so that the debug
# and compatibility builds can live beside the normal one.
B ?= build$(if $(filter-out kit,$(API)),/$(API))
MDRIVER ?= mdriver

# The driver: its command line (mdriver.c) and its parts in driver/.
DRIVER_PARTS = trace checker blockmap timer score report sandbox allocator \
               external observe icount verdict arena output symbolize replay syscalls \
               doorbell seccomp explorer
DRIVER_SRCS = mdriver.c memlib.c $(DRIVER_PARTS:%=driver/%.c)
DRIVER_OBJS = $(DRIVER_SRCS:%.c=$(B)/%.o) $(B)/explorer-page.o
HEADERS = $(wildcard *.h driver/*.h)

# The host program: the process an allocator runs in (driver/host.c). The
# sanitizer build leaves the C library's heap to AddressSanitizer.
HOST_PARTS = host seccomp replay allocator external doorbell \
             $(if $(findstring sanitize=address,$(CFLAGS)),,libc_heap)
HOST_OBJS = $(HOST_PARTS:%=$(B)/driver/%.o) $(B)/memlib.o

# The reference allocators built into every driver beside mm.c. Each keeps
# the standard mm_* names in its source; the build renames them to
# NAME_mm_* (dashes become underscores) and lists them in a generated table.
REF_ALLOCATORS = naive implicit-first implicit-next implicit-best \
                 explicit-lifo explicit-addr segregated tlsf buddy simple slab
naive.src = allocators/naive.c
naive.desc = bump allocator, never reuses memory (the starter mm.c)
implicit-first.src = allocators/implicit.c
implicit-first.flags = -DPLACEMENT=FIRST_FIT
implicit-first.desc = implicit free list, boundary tags, first fit
implicit-next.src = allocators/implicit.c
implicit-next.flags = -DPLACEMENT=NEXT_FIT
implicit-next.desc = implicit free list, boundary tags, next fit
implicit-best.src = allocators/implicit.c
implicit-best.flags = -DPLACEMENT=BEST_FIT
implicit-best.desc = implicit free list, boundary tags, best fit
explicit-lifo.src = allocators/explicit.c
explicit-lifo.flags = -DINSERTION=LIFO
explicit-lifo.desc = explicit doubly linked free list, LIFO insertion
explicit-addr.src = allocators/explicit.c
explicit-addr.flags = -DINSERTION=ADDRESS_ORDER
explicit-addr.desc = explicit doubly linked free list, address order
segregated.src = allocators/segregated.c
segregated.desc = segregated fit, best fit in size classes (the reference)
buddy.src = allocators/buddy.c
buddy.desc = binary buddy system, power-of-two blocks
simple.src = allocators/simple.c
simple.desc = simple segregated storage, headerless blocks in pages
tlsf.src = allocators/tlsf.c
tlsf.desc = two-level segregated fit (TLSF), good fit in O(1)
slab.src = allocators/slab.c
slab.desc = slab allocator: object caches of page slabs, page runs

# Reference allocators are built with NDEBUG (their asserts off) except in
# the debug build.
ALLOCATOR_FLAGS ?= -DNDEBUG
ALLOCATOR_OBJS = $(REF_ALLOCATORS:%=$(B)/allocators/%.o) $(B)/registry.o
MM_FUNCTIONS = init malloc free realloc calloc checkheap
symbol = $(subst -,_,$(1))_mm_$(2)
renames = $(foreach f,$(MM_FUNCTIONS),-Dmm_$(f)=$(call symbol,$(1),$(f)))

.PHONY: all test debug bench fuzz scale handout clean explorer-screenshots
.SECONDEXPANSION:

all: $(MDRIVER)

$(B) $(B)/allocators $(B)/driver tests/bin:
	mkdir -p $@

$(B)/%.o: %.c $(HEADERS) | $(B)
	$(CC) $(CFLAGS) $(API_FLAGS) -I. -c $< -o $@

$(B)/driver/%.o: driver/%.c $(HEADERS) | $(B)/driver
	$(CC) $(CFLAGS) $(API_FLAGS) -I. -c $< -o $@

# The names of this target's system calls, for messages about refused ones.
$(B)/syscall-table.h: | $(B)
	echo '#include <sys/syscall.h>' | $(CC) $(CFLAGS) -dM -E - | \
	    sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/    {__NR_\1, "\1"},/p' | sort > $@

$(B)/driver/syscalls.o: driver/syscalls.c $(B)/syscall-table.h $(HEADERS) | $(B)/driver
	$(CC) $(CFLAGS) $(API_FLAGS) -I. -I$(B) -c $< -o $@

# The explorer page (driver/explorer.html) as two C strings, the parts
# before and after the line "<!-- data -->" where the driver writes the run.
$(B)/explorer-page.c: driver/explorer.html | $(B)
	{ echo '/* Generated by the Makefile from driver/explorer.html: do not edit. */'; \
	  echo 'const char explorer_page_head[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^.*$$/    "&\\n"/' \
	      -e 's/^    "<!-- data -->\\n"$$/;\nconst char explorer_page_tail[] =/' $<; \
	  echo ';'; } > $@

$(B)/explorer-page.o: $(B)/explorer-page.c
	$(CC) $(CFLAGS) -c $< -o $@

# cmu13 and cmu16 files define malloc, free... renamed by -DDRIVER, and give
# mm_init and mm_checkheap other types: mm.c is compiled beside the style's
# own mm.h, with those two renamed, and compat/API/shim.c adapts them.
ifneq ($(filter cmu13 cmu16,$(API)),)
$(B)/compat/mm.c: mm.c compat/$(API)/mm.h | $(B)
	mkdir -p $(B)/compat
	cp mm.c $@
	cp compat/$(API)/mm.h $(B)/compat/mm.h

$(B)/mm.o: $(B)/compat/mm.c $(HEADERS)
	$(CC) $(CFLAGS) $(API_FLAGS) -DDRIVER -Dmm_init=style_mm_init \
	    -Dmm_checkheap=style_mm_checkheap -I. -c $< -o $@

$(B)/compat/shim.o: compat/$(API)/shim.c $(HEADERS) | $(B)
	mkdir -p $(B)/compat
	$(CC) $(CFLAGS) $(API_FLAGS) -I. -c $< -o $@

MM_OBJS = $(B)/mm.o $(B)/compat/shim.o
else
MM_OBJS = $(B)/mm.o
endif

# A student handout (make handout) ships the reference allocators as object
# files only, in allocators/prebuilt/ (and allocators/prebuilt/debug/).
PREBUILT = allocators/prebuilt$(patsubst build%,%,$(B))
ifneq ($(wildcard allocators/*.c),)
$(B)/allocators/%.o: $$($$*.src) $(HEADERS) | $(B)/allocators
	$(CC) $(CFLAGS) $(ALLOCATOR_FLAGS) $($*.flags) $(call renames,$*) -I. -c $< -o $@
else
$(B)/allocators/%.o: $(PREBUILT)/%.o | $(B)/allocators
	cp $< $@
endif

$(B)/registry.c: Makefile | $(B)
	@{ echo '/* Generated by the Makefile from REF_ALLOCATORS: do not edit. */'; \
	  echo '#include "driver/allocator.h"'; \
	  $(foreach a,$(REF_ALLOCATORS), \
	    echo 'int $(call symbol,$(a),init)(void);'; \
	    echo 'void *$(call symbol,$(a),malloc)(size_t);'; \
	    echo 'void $(call symbol,$(a),free)(void *);'; \
	    echo 'void *$(call symbol,$(a),realloc)(void *, size_t);'; \
	    echo 'void *$(call symbol,$(a),calloc)(size_t, size_t);'; \
	    echo 'int $(call symbol,$(a),checkheap)(int);';) \
	  echo 'const struct allocator reference_allocators[] = {'; \
	  $(foreach a,$(REF_ALLOCATORS), \
	    echo '    {.name = "$(a)", .description = "$($(a).desc)", .uses_heap = true,'; \
	    echo '     $(foreach f,$(MM_FUNCTIONS),.$(f) = $(call symbol,$(a),$(f)),)},';) \
	  echo '    {0},'; \
	  echo '};'; } > $@

$(B)/registry.o: $(B)/registry.c driver/allocator.h
	$(CC) $(CFLAGS) -I. -c $< -o $@

# What the driver needs to know of mm.o (the C library heap functions it
# calls, its writable global data, its host program); the same script
# stops the build when mm.o calls what only the driver may call, has code
# that would run before the driver asks for it, or takes a name that the
# libraries the driver links with export.
RUNTIME_LIBRARIES = $(foreach l,libc.so.6 libm.so.6,$(shell $(CC) $(CFLAGS) -print-file-name=$(l)))
POLICY_CHECK = sh tools/policy-check.sh $(POLICY_FLAGS) --libraries "$(RUNTIME_LIBRARIES)"
$(B)/mm-facts.c: $(B)/mm.o tools/policy-check.sh
	$(POLICY_CHECK) $< $(B)/mdriver-host > $@ || { rm -f $@; exit 1; }

$(B)/mdriver-host: $(HOST_OBJS) $(ALLOCATOR_OBJS) $(MM_OBJS) $(B)/mm-facts.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# ./mdriver is relinked whenever the API of the last build differs.
$(MDRIVER): $(DRIVER_OBJS) $(ALLOCATOR_OBJS) $(MM_OBJS) $(B)/mm-facts.o $(B)/mdriver-host \
            build/api-$(API)
	$(CC) $(CFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

build/api-%:
	mkdir -p build
	rm -f build/api-*
	touch $@

# Test programs: one driver per broken allocator (base.c supplies every
# function the broken file does not redefine), the memlib unit test, and a
# heap-corruption test per reference allocator.
# Intermediate files (objects, facts) are kept, so that a rebuild is quick.
.SECONDARY:
BROKEN = $(filter-out base,$(basename $(notdir $(wildcard tests/broken/*.c))))
# The hostile zoo: all but those the build must refuse (marked "build:
# refused"; the suite tries them) and valgrind_apart, which needs
# valgrind's header.
REFUSED = $(basename $(notdir $(shell grep -l 'build: refused' tests/hostile/*.c)))
HOSTILE = $(filter-out $(REFUSED) $(if $(wildcard /usr/include/valgrind/valgrind.h),,valgrind_apart), \
            $(basename $(notdir $(wildcard tests/hostile/*.c))))
CORRUPT = $(basename $(notdir $(wildcard tests/corrupt/*.c)))
ZOO = $(BROKEN) $(HOSTILE)
TEST_BINS = $(ZOO:%=tests/bin/mdriver-%) tests/bin/mdriver-base tests/bin/memlib_test \
            $(ZOO:%=tests/bin/mdriver-%-host) tests/bin/mdriver-base-host \
            $(CORRUPT:%=tests/bin/corrupt-%)

tests/bin/%.o: tests/broken/%.c tests/broken/base.h $(HEADERS) | tests/bin
	$(CC) $(CFLAGS) -I. -Itests/broken -c $< -o $@

tests/bin/%.o: tests/hostile/%.c tests/broken/base.h $(HEADERS) | tests/bin
	$(CC) $(CFLAGS) -I. -Itests/broken -c $< -o $@

tests/bin/%-facts.c: tests/bin/%.o tools/policy-check.sh
	$(POLICY_CHECK) $< mdriver-$*-host > $@ || { rm -f $@; exit 1; }

# A broken or hostile allocator's host and driver: base.o supplies what it
# leaves out.
broken_objs = tests/bin/$(1).o tests/bin/$(1)-facts.o $(if $(filter base,$(1)),,tests/bin/base.o)
tests/bin/mdriver-%-host: $$(call broken_objs,$$*) $(HOST_OBJS) $(ALLOCATOR_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

tests/bin/mdriver-%: $$(call broken_objs,$$*) $(DRIVER_OBJS) $(ALLOCATOR_OBJS) \
                     tests/bin/mdriver-%-host
	$(CC) $(CFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

tests/bin/memlib_test: tests/memlib_test.c memlib.c driver/arena.c $(HEADERS) | tests/bin
	$(CC) $(CFLAGS) -I. -o $@ tests/memlib_test.c memlib.c driver/arena.c

tests/bin/corrupt-%: tests/corrupt/%.c allocators/%.c memlib.c $(HEADERS) | tests/bin
	$(CC) $(CFLAGS) -I. -o $@ tests/corrupt/$*.c allocators/$*.c memlib.c

test: $(MDRIVER) $(TEST_BINS) debug
	@sh tests/run.sh

# The explorer pictures of docs/explorer.md: a passing run (two allocators
# side by side) and a failing one (a broken allocator of the tests beside the
# reference), drawn by headless Chromium at a laptop's size.
CHROMIUM ?= chromium
SCREENSHOT = $(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars \
             --window-size=1366,860 --screenshot=$(abspath $(2)) file://$(abspath $(1)) 2>/dev/null
explorer-screenshots: $(MDRIVER) tests/bin/mdriver-garble_neighbour
	./mdriver -m segregated,implicit-first -c traces/binary1.rep -E build/explorer-pass.html \
	    >/dev/null
	tests/bin/mdriver-garble_neighbour -m mm,segregated -c traces/binary1.rep \
	    -E build/explorer-fail.html >/dev/null 2>&1; test $$? = 1
	$(call SCREENSHOT,build/explorer-pass.html,docs/explorer-pass.png)
	$(call SCREENSHOT,build/explorer-fail.html,docs/explorer-fail.png)

# The sanitizer build: driver and every allocator at -O0 with asserts on.
DEBUG_FLAGS = -O0 -g -fno-omit-frame-pointer -fsanitize=address,undefined
debug:
	@$(MAKE) --no-print-directory B=build/debug MDRIVER=mdriver-debug \
	    CFLAGS="$(DEBUG_FLAGS)" ALLOCATOR_FLAGS= POLICY_FLAGS=--sanitized mdriver-debug

# The student handout: the driver, memlib, the starter mm.c, the traces and
# trace tools, a student README, and the reference allocators as objects
# built here (so it runs on machines like this one: same architecture and
# compiler runtime), without their sources or the kit's tests.
HANDOUT = build/handout/malloclab
HANDOUT_FILES = Makefile config.h mm.c mm.h memlib.c memlib.h $(DRIVER_SRCS) driver/explorer.html \
                driver/host.c driver/seccomp.c driver/libc_heap.c \
                $(filter-out mm.h memlib.h config.h,$(HEADERS)) .gitignore
handout: all debug
	rm -rf build/handout
	mkdir -p $(HANDOUT)/allocators/prebuilt/debug $(HANDOUT)/tools $(HANDOUT)/traces
	tar -cf - $(HANDOUT_FILES) | tar -C $(HANDOUT) -xf -
	cp docs/student-README.md $(HANDOUT)/README.md
	cp traces/*.rep traces/README.md traces/suite.txt $(HANDOUT)/traces/
	cp tools/*.py tools/policy-check.sh $(HANDOUT)/tools/
	cp build/allocators/*.o $(HANDOUT)/allocators/prebuilt/
	cp build/debug/allocators/*.o $(HANDOUT)/allocators/prebuilt/debug/
	tar -C build/handout -czf build/malloclab-handout.tar.gz malloclab
	@echo "wrote build/malloclab-handout.tar.gz"

# The million-op trace for throughput and scaling (not in the default set).
scale: traces/scale.rep
traces/scale.rep: tools/gentrace.py
	python3 tools/gentrace.py scale -o $@

# Every allocator and libc on the default traces, as the Markdown table
# that README.md shows.
bench: $(MDRIVER)
	./$(MDRIVER) -m all -l -j > $(B)/bench.json || true
	python3 tools/benchtable.py $(B)/bench.json

# Fuzzing with libFuzzer (clang): the trace reader, and the checked replay
# of any accepted trace against the reference allocator, FUZZ_SECS each.
# The corpus starts from the traces; crashes and hangs land in
# build/fuzz/findings/ (add each to tests/fuzz/, which make test replays).
FUZZ_SECS ?= 60
FUZZERS = trace_reader replay
$(B)/fuzz-trace_reader: fuzz/trace_reader.c $(B)/driver/trace.o
	$(CC) $(CFLAGS) -fsanitize=fuzzer -I. -o $@ $^ $(LDLIBS)

$(B)/fuzz-replay: fuzz/replay.c $(filter-out $(B)/mdriver.o,$(DRIVER_OBJS)) \
                  $(ALLOCATOR_OBJS) $(B)/mm.o $(B)/mm-facts.o
	$(CC) $(CFLAGS) -fsanitize=fuzzer -I. -o $@ $^ $(LDLIBS)

fuzz:
	@command -v clang >/dev/null || { echo "make fuzz: clang is not installed; skipping"; exit 0; }
	@$(MAKE) --no-print-directory B=build/fuzz CC=clang ALLOCATOR_FLAGS= POLICY_FLAGS=--sanitized \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	    $(FUZZERS:%=build/fuzz/fuzz-%)
	@mkdir -p build/fuzz/findings
	@for f in $(FUZZERS); do \
	    mkdir -p build/fuzz/corpus-$$f; \
	    echo "fuzzing $$f for $(FUZZ_SECS) s"; \
	    build/fuzz/fuzz-$$f -max_total_time=$(FUZZ_SECS) -timeout=10 -rss_limit_mb=4096 -close_fd_mask=2 \
	        -artifact_prefix=build/fuzz/findings/$$f- build/fuzz/corpus-$$f traces tests/traces \
	        2>build/fuzz/$$f.log; \
	    grep -E '^(#[0-9]+ *DONE|Done [0-9]+ runs)|ERROR|SUMMARY' build/fuzz/$$f.log | tail -3; \
	done
	@ls build/fuzz/findings

clean:
	rm -rf build mdriver mdriver-debug tests/bin traces/scale.rep
