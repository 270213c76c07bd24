# kit.mk - the kit's own part of the build, included by the Makefile: the
# tests, the handout, fuzzing, and the builds of mm.c files written for
# older kits. The handout ships the Makefile without it.
#
#   make test       run the test suite (ends with "N passed, M failed, K skipped")
#   make handout    write the student handout, build/malloclab-handout.tar.gz
#   make fuzz       fuzz the trace reader and the checked replay (clang)

# Drop-in builds for mm.c files written for older kits (README.md, "mm.c
# files from other kits"), each compiled as its kit's Makefile compiled it:
#   API=classic32  CS:APP (2001): gcc -m32 with no -std, so the compiler's
#                  GNU C (gnu11 here), 8-byte alignment
#   API=cmu13      CMU 2010-2015: -std=gnu99 -DDRIVER -DNDEBUG, 8-byte
#                  alignment, contracts.h
#   API=cmu16      CMU 2016+: GNU C (gnu11, clang's dialect then) -DDRIVER
# Each builds in its own folder; mm.c is compiled beside the style's own
# mm.h (compat/API/), and compat/shim.c adapts its mm_init and mm_checkheap
# to the kit's.
ifeq ($(API),classic32)
ARCH_FLAGS = -m32
API_FLAGS = -DALIGNMENT=8
MM_STD = -std=gnu11
else ifeq ($(API),cmu13)
API_FLAGS = -DALIGNMENT=8
MM_STD = -std=gnu99
STYLE_DEFINES = -DDRIVER -DNDEBUG
else ifeq ($(API),cmu16)
MM_STD = -std=gnu11
STYLE_DEFINES = -DDRIVER
else ifneq ($(API),kit)
$(error API must be kit, classic32, cmu13 or cmu16, not '$(API)')
endif
override CFLAGS += $(ARCH_FLAGS)
# The driver of an older kit's build grades as that kit did (driver/compat.h).
API_FLAGS += $(if $(filter-out kit,$(API)),-DGRADED_AS='"$(API)"')

ifneq ($(API),kit)
# An older kit's mm.c is compiled beside that kit's headers (copied next to
# it, so that its #include "mm.h" finds them), with mm_init and
# mm_checkheap renamed; compat/shim.c gives the driver the kit's versions.
# The copy starts with a #line directive, and the debug information is
# told where the copy lies: compiler messages and crash reports name mm.c
# and its own lines.
# Their return types are read from mm.c's definitions (files written for
# this kit's mm.h return int), else the style's own are assumed.
open_paren := (
style_returns = $(or $(shell sed -n -E \
    's/^[[:space:]]*(bool|_Bool|int|void)[[:space:]]+$(1)[[:space:]]*[$(open_paren)].*/\1/p' mm.c | \
    sed 's/_Bool/bool/' | head -n 1),$(2))
classic32.returns = int int
cmu13.returns = int void
cmu16.returns = bool bool
INIT_RETURNS := $(call style_returns,mm_init,$(word 1,$($(API).returns)))
CHECKHEAP_RETURNS := $(call style_returns,mm_checkheap,$(word 2,$($(API).returns)))
STYLE_TYPES = -DSTYLE_INIT_TYPE=$(INIT_RETURNS) -DSTYLE_INIT_RETURNS_$(INIT_RETURNS) \
              -DSTYLE_CHECKHEAP_TYPE=$(CHECKHEAP_RETURNS) \
              -DSTYLE_CHECKHEAP_RETURNS_$(CHECKHEAP_RETURNS)
STYLE_HEADERS = $(wildcard compat/$(API)/*.h)

$(B)/compat/mm.c: mm.c $(STYLE_HEADERS) | $(B)/compat
	cp $(STYLE_HEADERS) $(B)/compat/
	{ echo '#line 1 "mm.c"'; cat mm.c; } > $@

$(B)/mm.o: $(B)/compat/mm.c $(HEADERS) $(B)/build-config
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) $(MM_FLAGS) $(API_FLAGS) $(STYLE_TYPES) -Dmm_init=style_mm_init \
	    -Dmm_checkheap=style_mm_checkheap -fdebug-prefix-map=$(B)/compat=$(CURDIR) -I. \
	    -c $< -o $@

$(B)/compat/shim.o: compat/shim.c $(HEADERS) $(B)/build-config | $(B)/compat
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) $(API_FLAGS) $(STYLE_TYPES) -I. -c $< -o $@

MM_OBJS = $(B)/mm.o $(B)/compat/shim.o
endif

# Each reference allocator's source and build flags. They are built with
# NDEBUG (their asserts off) except in the debug build.
naive.src = allocators/naive.c
implicit-first.src = allocators/implicit.c
implicit-first.flags = -DPLACEMENT=FIRST_FIT
implicit-next.src = allocators/implicit.c
implicit-next.flags = -DPLACEMENT=NEXT_FIT
implicit-best.src = allocators/implicit.c
implicit-best.flags = -DPLACEMENT=BEST_FIT
explicit-lifo.src = allocators/explicit.c
explicit-lifo.flags = -DINSERTION=LIFO
explicit-addr.src = allocators/explicit.c
explicit-addr.flags = -DINSERTION=ADDRESS_ORDER
segregated.src = allocators/segregated.c
buddy.src = allocators/buddy.c
simple.src = allocators/simple.c
tlsf.src = allocators/tlsf.c
slab.src = allocators/slab.c
ALLOCATOR_FLAGS ?= -DNDEBUG
renames = $(foreach f,$(MM_FUNCTIONS),-Dmm_$(f)=$(call symbol,$(1),$(f)))
$(B)/allocators/%.o: $$($$*.src) $(HEADERS) $(B)/build-config | $(B)/allocators
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) $(ALLOCATOR_FLAGS) $($*.flags) $(call renames,$*) -I. -c $< -o $@

# A 32-bit driver (API=classic32) is started by ./mdriver, a script that
# runs it directly, or under qemu-i386 where the kernel cannot run 32-bit
# programs (compat/classic32/mdriver.sh).
ifeq ($(API),classic32)
DRIVER_PROGRAM = $(B)/mdriver
HOSTS_FROM_DRIVER = mdriver-host-mm mdriver-host mdriver-host-libc mdriver-in-process
$(MDRIVER): compat/classic32/mdriver.sh $(DRIVER_PROGRAM)
	sed 's|@DRIVER_PROGRAM@|$(DRIVER_PROGRAM)|' $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@
endif

# Test programs: one driver per broken allocator (base.c supplies every
# function the broken file does not redefine), the memlib unit test, and a
# heap-corruption test per reference allocator.
.PHONY: test handout fuzz explorer-screenshots
tests/bin:
	mkdir -p $@
BROKEN = $(filter-out base,$(basename $(notdir $(wildcard tests/broken/*.c))))
# The hostile zoo: all but those the build must refuse (marked "build:
# refused"; the suite tries them).
REFUSED = $(basename $(notdir $(shell grep -l 'build: refused' tests/hostile/*.c)))
HOSTILE = $(filter-out $(REFUSED), $(basename $(notdir $(wildcard tests/hostile/*.c))))
CORRUPT = $(basename $(notdir $(wildcard tests/corrupt/*.c)))
METER = $(basename $(notdir $(wildcard tests/meter/*.c)))
ZOO = $(BROKEN) $(HOSTILE) $(METER)
TEST_BINS = $(ZOO:%=tests/bin/mdriver-%) tests/bin/mdriver-base tests/bin/memlib_test \
            $(CORRUPT:%=tests/bin/corrupt-%)

tests/bin/%.o: tests/broken/%.c tests/broken/base.h $(HEADERS) | tests/bin
	$(CC) $(CFLAGS) -I. -Itests/broken -c $< -o $@

tests/bin/%.o: tests/meter/%.c $(HEADERS) | tests/bin
	$(CC) $(CFLAGS) -I. -c $< -o $@

# A hostile allocator knows the kit's folder, as a student who reads the
# driver's source does.
tests/bin/%.o: tests/hostile/%.c tests/broken/base.h tests/hostile/find_mailbox.h $(HEADERS) \
               | tests/bin
	$(CC) $(CFLAGS) -I. -Itests/broken -DKIT_FOLDER='"$(CURDIR)"' -c $< -o $@

# A broken or hostile allocator's host and driver: base.o supplies what it
# leaves out. Its driver finds the kit's hosts of this build.
tests/bin/%.checked: tests/bin/%.o $(B)/reserved-names tools/policy-check.sh
	$(POLICY_CHECK) --reserved $(B)/reserved-names $<
	@touch $@

broken_objs = tests/bin/$(1).o $(if $(filter base,$(1)),,tests/bin/base.o)
tests/bin/mdriver-%-host: $$(call broken_objs,$$*) tests/bin/%.checked $(STUDENT_HOST_OBJS)
	$(CC) $(CFLAGS) $(STATIC) $(HOST_LDFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

tests/bin/%-facts.c: tests/bin/%.o tests/bin/mdriver-%-host tools/policy-check.sh
	$(POLICY_CHECK) --facts $< tests/bin/mdriver-$*-host mdriver-$*-host \
	    ../../$(B)/mdriver-host ../../$(B)/mdriver-host-libc "" > $@ || { rm -f $@; exit 1; }

tests/bin/mdriver-%: tests/bin/%-facts.o $(JUDGE_OBJS) tests/bin/mdriver-%-host \
                     $(B)/mdriver-host $(B)/mdriver-host-libc
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

KIT_BUILT = tests/bin

# The student handout: the driver, memlib, the starter mm.c (handout/mm.c,
# whatever the kit's own mm.c holds now), a student README
# (handout/README.md), the traces and the trace tools, the Makefile (without
# this kit.mk), and the reference allocators as objects built here (so
# it runs on machines like this one: same architecture and compiler
# runtime), stripped of debug information and of every symbol but their
# mm_* entry points. No reference source, test or grading tool.
HANDOUT = build/handout/malloclab
HANDOUT_FILES = Makefile config.h mm.h memlib.c memlib.h mdriver.c \
                $(wildcard driver/*.c driver/*.h host/*.c host/*.h shared/*.c shared/*.h) \
                driver/explorer.html \
                $(filter-out traces/scale.rep,$(wildcard traces/*.rep)) \
                traces/README.md traces/suite.txt \
                $(filter-out tools/results.py,$(wildcard tools/*.py)) \
                tools/kit/__init__.py tools/kit/commandline.py \
                $(wildcard $(foreach p,traces recording pictures measuring,tools/kit/$(p)/*.py)) \
                tools/policy-check.sh tools/record tools/recorder
handout: $(REF_ALLOCATORS:%=build/allocators/%.o)
	rm -rf build/handout
	mkdir -p $(HANDOUT)/allocators/prebuilt
	tar -cf - $(HANDOUT_FILES) | tar -C $(HANDOUT) -xf -
	grep -v '^/tests/' .gitignore > $(HANDOUT)/.gitignore
	cp handout/mm.c handout/README.md $(HANDOUT)/
	for a in $(REF_ALLOCATORS); do \
	    strip --strip-unneeded -o $(HANDOUT)/allocators/prebuilt/$$a.o build/allocators/$$a.o || exit 1; \
	done
	tar -C build/handout -czf build/malloclab-handout.tar.gz malloclab
	@echo "wrote build/malloclab-handout.tar.gz"

# Fuzzing with libFuzzer (clang): the trace reader, and the checked replay
# of any accepted trace against the reference allocator, FUZZ_SECS each,
# one after the other. Inputs are at most FUZZ_MAX_LEN bytes, so each run
# is cheap and a few minutes reach millions of inputs. The seeds and the
# inputs kept for the coverage they add live in fuzz/corpus/HARNESS/ (the
# run works in build/fuzz/corpus-HARNESS/ and merges what is new back);
# crashes and hangs land in build/fuzz/findings/ (add each to tests/fuzz/,
# which make test replays).
FUZZ_SECS ?= 60
FUZZ_MAX_LEN ?= 4096
FUZZERS = trace_reader replay mailbox
$(B)/fuzz-trace_reader: fuzz/trace_reader.c $(B)/driver/trace.o
	$(CC) $(CFLAGS) -fsanitize=fuzzer -I. -o $@ $^ $(LDLIBS)

$(B)/fuzz-replay: fuzz/replay.c $(IN_PROCESS_OBJS) $(ALLOCATOR_OBJS) $(MM_OBJS) $(B)/mm-facts.o
	$(CC) $(CFLAGS) -fsanitize=fuzzer -I. -o $@ $(filter-out $(B)/mdriver.o,$^) $(LDLIBS)

# The hostile-host fuzzer: the judge's own objects against fuzz/chaos.c,
# served by a host program built as a submission's is (with the main
# build's objects: plain, static), beside the main build's kit hosts.
$(B)/fuzz-mailbox: fuzz/mailbox.c fuzz/chaos.h $(filter-out $(B)/mdriver.o,$(JUDGE_OBJS)) \
                   $(B)/mm-facts.o $(B)/mdriver-host-chaos
	$(CC) $(CFLAGS) -fsanitize=fuzzer -I. -Ifuzz -o $@ $(filter %.c %.o,$^) $(LDLIBS)

CHAOS_HOST_OBJS = $(patsubst %,build/host/%.o,host served libc_heap student) \
                  $(patsubst %,build/shared/%.o,seccomp replay doorbell) build/memlib.o
$(B)/mdriver-host-chaos: fuzz/chaos.c fuzz/chaos.h $(CHAOS_HOST_OBJS) | $(B)
	cc -O2 -g -std=c11 -Wall -Wextra -I. -Ifuzz -Itests/hostile -c fuzz/chaos.c -o $(B)/chaos.o
	cc -static -Wl,-z,noexecstack -o $@ $(B)/chaos.o $(CHAOS_HOST_OBJS)

fuzz: $(MDRIVER)
	@command -v clang >/dev/null || { echo "make fuzz: clang is not installed; skipping"; exit 0; }
	@$(MAKE) --no-print-directory B=build/fuzz MDRIVER=build/fuzz/mdriver CC=clang ALLOCATOR_FLAGS= POLICY_FLAGS=--sanitized \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	    $(FUZZERS:%=build/fuzz/fuzz-%)
	@mkdir -p build/fuzz/findings
	@for f in $(FUZZERS); do \
	    mkdir -p build/fuzz/corpus-$$f fuzz/corpus/$$f; \
	    echo "fuzzing $$f for $(FUZZ_SECS) s"; \
	    build/fuzz/fuzz-$$f -max_total_time=$(FUZZ_SECS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 \
	        -rss_limit_mb=2048 -close_fd_mask=2 -print_final_stats=1 \
	        -artifact_prefix=build/fuzz/findings/$$f- build/fuzz/corpus-$$f fuzz/corpus/$$f \
	        2>build/fuzz/$$f.log; \
	    grep -E '^(#[0-9]+ *DONE|Done [0-9]+ runs)|ERROR|SUMMARY|stat::(number_of_executed_units|average_exec_per_sec)' \
	        build/fuzz/$$f.log | tail -4; \
	    build/fuzz/fuzz-$$f -merge=1 -max_len=$(FUZZ_MAX_LEN) -close_fd_mask=2 \
	        fuzz/corpus/$$f build/fuzz/corpus-$$f 2>build/fuzz/$$f-merge.log; \
	    grep -E 'MERGE-OUTER: [0-9]+ new files' build/fuzz/$$f-merge.log; \
	done
	@ls build/fuzz/findings
