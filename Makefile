# Makefile for the malloc lab kit.
#
#   make            build ./mdriver: your mm.c plus every reference allocator
#   make debug      build ./mdriver-debug with AddressSanitizer and UBSan
#   make clean      remove everything built
#
# CC and CFLAGS may be overridden: make CC=clang, make CFLAGS="-O0 -g"; a
# change of either (or of API) rebuilds what it affects.

CC ?= cc
CFLAGS ?= -O2 -g
# The kit's own code is C11. A -std= given in CFLAGS applies to mm.c alone,
# whose language is otherwise its kit's (MM_STD below).
USER_STD := $(filter -std=%,$(CFLAGS))
override CFLAGS := $(filter-out -std=%,$(CFLAGS)) -std=c11 -Wall -Wextra
LDLIBS = -lm -ldl

API ?= kit
MM_STD = -std=c11
MM_FLAGS = $(or $(USER_STD),$(MM_STD)) $(STYLE_DEFINES)

# B is the build folder and MDRIVER the driver's name, so that the debug
# and compatibility builds can live beside the normal one.
B ?= build$(if $(filter-out kit,$(API)),/$(API))
MDRIVER ?= mdriver

# The programs, each its own process, and no allocator's code in the
# driver (README.md, "What the driver guarantees"):
#   mdriver             the judge: reads traces, checks, times, scores
#   mdriver-host-mm     the student's mm.c, alone, served to the driver
#   mdriver-host        the reference allocators, built from the kit's sources
#   mdriver-host-libc   the C library's malloc, jemalloc, mimalloc, tcmalloc
#   mdriver-in-process  -X: the driver and every allocator in one process,
#                       for debuggers, with none of the guarantees
# The hosts are linked statically (they need no file once started) except
# the production host, which opens its libraries, and the sanitizer build's.
# Each program's own sources are in its folder: driver/ (mdriver), host/
# (the host programs); shared/ holds what both link.
DRIVER_PARTS = pipeline trace checker blockmap timer score report allocator observe icount \
               verdict arena output symbolize syscalls breakdown explorer compat die \
               json csv callgrind
SHARED_PARTS = doorbell seccomp production
DRIVER_SRCS = mdriver.c $(DRIVER_PARTS:%=driver/%.c) $(SHARED_PARTS:%=shared/%.c)
DRIVER_OBJS = $(DRIVER_SRCS:%.c=$(B)/%.o) $(B)/explorer-page.o $(B)/catalogue.o
JUDGE_OBJS = $(DRIVER_OBJS) $(B)/driver/sandbox.o $(B)/driver/spawn.o $(B)/driver/tracer.o
HEADERS = $(wildcard *.h driver/*.h host/*.h shared/*.h)

# What every host program links, and the C library heap it watches (the
# sanitizer build leaves the C library's heap to AddressSanitizer).
SANITIZED = $(findstring address,$(filter -fsanitize=%,$(CFLAGS)))
HOST_COMMON = $(patsubst %,$(B)/host/%.o,host served) \
              $(patsubst %,$(B)/shared/%.o,seccomp replay doorbell) $(B)/memlib.o
WATCHED_HEAP = $(if $(SANITIZED),,$(B)/host/libc_heap.o)
STATIC = $(if $(SANITIZED),,-static)
HOST_LDFLAGS = -Wl,-z,noexecstack
STUDENT_HOST_OBJS = $(HOST_COMMON) $(WATCHED_HEAP) $(B)/host/student.o
KIT_HOST_OBJS = $(HOST_COMMON) $(WATCHED_HEAP) $(B)/kit-served.o $(B)/host/null_allocator.o
PRODUCTION_HOST_OBJS = $(HOST_COMMON) $(B)/host/external.o $(B)/shared/production.o
IN_PROCESS_OBJS = $(DRIVER_OBJS) $(B)/driver/in_process.o $(B)/driver/spawn.o \
                  $(B)/shared/replay.o \
                  $(patsubst %,$(B)/host/%.o,served student external null_allocator) \
                  $(B)/memlib.o $(B)/kit-served.o

# The reference allocators, each in its own object. Each one's mm_*
# functions are named NAME_mm_* (dashes become underscores) in its object
# file, and listed in two generated tables: the kit host's (kit-served.c)
# and the driver's catalogue of names (catalogue.c).
REF_ALLOCATORS = naive implicit-first implicit-next implicit-best \
                 explicit-lifo explicit-addr segregated tlsf buddy simple slab
naive.desc = bump allocator, never reuses memory (the starter mm.c)
implicit-first.desc = implicit free list, boundary tags, first fit
implicit-next.desc = implicit free list, boundary tags, next fit
implicit-best.desc = implicit free list, boundary tags, best fit
explicit-lifo.desc = explicit doubly linked free list, LIFO insertion
explicit-addr.desc = explicit doubly linked free list, address order
segregated.desc = segregated fit, best fit in size classes (the reference)
buddy.desc = binary buddy system, power-of-two blocks
simple.desc = simple segregated storage, headerless blocks in pages
tlsf.desc = two-level segregated fit (TLSF), good fit in O(1)
slab.desc = slab allocator: object caches of page slabs, page runs

ALLOCATOR_OBJS = $(REF_ALLOCATORS:%=$(B)/allocators/%.o)
MM_FUNCTIONS = init malloc free realloc calloc checkheap
symbol = $(subst -,_,$(1))_mm_$(2)

.PHONY: all debug bench scale clean FORCE
.SECONDEXPANSION:
# Intermediate files (objects, facts) are kept, so that a rebuild is quick.
.SECONDARY:

all: $(MDRIVER)

# mm.c's objects and the programs' names come before kit.mk, whose builds
# of older kits' mm.c files name them otherwise.
ifeq ($(API),kit)
$(B)/mm.o: mm.c $(HEADERS) $(B)/build-config | $(B)
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) $(MM_FLAGS) $(API_FLAGS) -I. -c $< -o $@

MM_OBJS = $(B)/mm.o
endif

DRIVER_PROGRAM = $(MDRIVER)
# The host programs as the driver finds them: student's, kit's, production.
HOSTS_FROM_DRIVER = $(B)/mdriver-host-mm $(B)/mdriver-host $(B)/mdriver-host-libc \
                    $(B)/mdriver-in-process
HOSTS = $(B)/mdriver-host-mm $(B)/mdriver-host $(B)/mdriver-host-libc $(B)/mdriver-in-process

# The kit's own part: its tests, the handout, fuzzing, and the builds of
# mm.c files written for older kits. The handout has no kit.mk.
-include kit.mk

$(B) $(B)/allocators $(B)/driver $(B)/host $(B)/shared $(B)/compat:
	mkdir -p $@

# What the objects in $(B) are built with: a change of compiler, flags or
# mm.c's style rebuilds them all (the file changes only when that does).
BUILD_CONFIG = $(CC) $(CFLAGS) $(API_FLAGS) $(MM_FLAGS) $(STYLE_TYPES) $(ALLOCATOR_FLAGS) \
               $(POLICY_FLAGS)
$(B)/build-config: FORCE | $(B)
	@printf '%s\n' '$(subst ','\'',$(BUILD_CONFIG))' | cmp -s - $@ || \
	    printf '%s\n' '$(subst ','\'',$(BUILD_CONFIG))' > $@
FORCE:

# Whatever in $(B) is rebuilt, $(MDRIVER) is relinked: it goes first, so a
# build that fails leaves no driver of an older mm.c behind.
FORGET_DRIVER = rm -f $(MDRIVER) $(DRIVER_PROGRAM)

# The driver's own code lists every value of an enum it switches on, so
# that a value added later is a warning wherever it is not handled.
DRIVER_WARNINGS = -Wswitch-enum

# The kit's own sources, in the top folder and the programs' folders.
$(B)/%.o: %.c $(HEADERS) $(B)/build-config | $$(@D)
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) $(DRIVER_WARNINGS) $(API_FLAGS) -I. -c $< -o $@

# The names of this target's system calls, for messages about refused ones.
$(B)/syscall-table.h: $(B)/build-config | $(B)
	echo '#include <sys/syscall.h>' | $(CC) $(CFLAGS) -dM -E - | \
	    sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/    {__NR_\1, "\1"},/p' | sort > $@

$(B)/driver/syscalls.o: driver/syscalls.c $(B)/syscall-table.h $(HEADERS) $(B)/build-config \
                        | $(B)/driver
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) $(DRIVER_WARNINGS) $(API_FLAGS) -I. -I$(B) -c $< -o $@

# The explorer page (driver/explorer.html) as two C strings, the parts
# before and after the line "<!-- data -->" where the driver writes the run.
$(B)/explorer-page.c: driver/explorer.html | $(B)
	{ echo '/* Generated by the Makefile from driver/explorer.html: do not edit. */'; \
	  echo 'const char explorer_page_head[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^.*$$/    "&\\n"/' \
	      -e 's/^    "<!-- data -->\\n"$$/;\nconst char explorer_page_tail[] =/' $<; \
	  echo ';'; } > $@

$(B)/explorer-page.o: $(B)/explorer-page.c $(B)/build-config
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) -c $< -o $@


# The student handout has the reference allocators as object files only,
# in allocators/prebuilt/, which every build of it (make, make debug) links.
$(B)/allocators/%.o: allocators/prebuilt/%.o | $(B)/allocators
	@$(FORGET_DRIVER)
	cp $< $@

# The kit host's table of what it serves, and the driver's catalogue of
# the same names (served.h, allocator.h).
$(B)/kit-served.c: Makefile | $(B)
	@{ echo '/* Generated by the Makefile from REF_ALLOCATORS: do not edit. */'; \
	  echo '#include "host/served.h"'; \
	  $(foreach a,$(REF_ALLOCATORS) null, \
	    echo 'int $(call symbol,$(a),init)(void);'; \
	    echo 'void *$(call symbol,$(a),malloc)(size_t);'; \
	    echo 'void $(call symbol,$(a),free)(void *);'; \
	    echo 'void *$(call symbol,$(a),realloc)(void *, size_t);'; \
	    echo 'void *$(call symbol,$(a),calloc)(size_t, size_t);'; \
	    echo 'int $(call symbol,$(a),checkheap)(int);';) \
	  echo 'static const struct served_allocator table[] = {'; \
	  $(foreach a,$(REF_ALLOCATORS) null, \
	    echo '    {"$(a)", {$(foreach f,$(MM_FUNCTIONS),$(call symbol,$(a),$(f)),)}},';) \
	  echo '    {0},'; \
	  echo '};'; \
	  echo 'const struct served_allocator *kit_served(void) { return table; }'; } > $@

$(B)/catalogue.c: Makefile | $(B)
	@{ echo '/* Generated by the Makefile from REF_ALLOCATORS: do not edit. */'; \
	  echo '#include "driver/allocator.h"'; \
	  echo 'const struct allocator reference_catalogue[] = {'; \
	  $(foreach a,$(REF_ALLOCATORS), \
	    echo '    {.name = "$(a)", .description = "$($(a).desc)", .uses_heap = true,'; \
	    echo '     .host = HOST_OF_KIT},';) \
	  echo '    {0},'; \
	  echo '};'; } > $@

$(B)/kit-served.o $(B)/catalogue.o: $(B)/%.o: $(B)/%.c $(HEADERS) $(B)/build-config
	@$(FORGET_DRIVER)
	$(CC) $(CFLAGS) -I. -c $< -o $@

# What the driver needs to know of mm.o (the C library heap functions it
# calls, its writable global data) and where its programs are, relative to
# the driver's folder; the same script stops the build when mm.o holds
# anything but ordinary compiled C (tools/policy-check.sh says what). The
# names an object may not define are those of the libraries a host links.
RUNTIME_LIBRARIES = $(foreach l,libc.a libm.a libgcc.a libgcc_eh.a libc.so.6 libm.so.6 \
                      libgcc_s.so.1 crt1.o crti.o crtn.o crtbeginT.o crtend.o Scrt1.o, \
                      $(shell $(CC) $(CFLAGS) -print-file-name=$(l)))
POLICY_CHECK = sh tools/policy-check.sh $(POLICY_FLAGS)
$(B)/reserved-names: $(B)/build-config tools/policy-check.sh
	sh tools/policy-check.sh --list-reserved "$(RUNTIME_LIBRARIES)" > $@.tmp
	mv $@.tmp $@

# mm.o is checked alone before it is linked, then the program it was
# linked into.
$(B)/mm.checked: $(B)/mm.o $(B)/reserved-names tools/policy-check.sh
	@$(FORGET_DRIVER)
	$(POLICY_CHECK) --reserved $(B)/reserved-names $<
	@touch $@

$(B)/mm-facts.c: $(B)/mm.o $(B)/mdriver-host-mm tools/policy-check.sh
	@$(FORGET_DRIVER)
	$(POLICY_CHECK) --facts $< $(B)/mdriver-host-mm $(HOSTS_FROM_DRIVER) > $@ || \
	    { rm -f $@; exit 1; }

$(B)/mdriver-host-mm: $(STUDENT_HOST_OBJS) $(MM_OBJS) $(B)/mm.checked
	$(CC) $(CFLAGS) $(STATIC) $(HOST_LDFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

$(B)/mdriver-host: $(KIT_HOST_OBJS) $(ALLOCATOR_OBJS)
	$(CC) $(CFLAGS) $(STATIC) $(HOST_LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/mdriver-host-libc: $(PRODUCTION_HOST_OBJS)
	$(CC) $(CFLAGS) $(HOST_LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/mdriver-in-process: $(IN_PROCESS_OBJS) $(ALLOCATOR_OBJS) $(MM_OBJS) $(B)/mm-facts.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)


# The driver is relinked whenever it last came from another build folder.
DRIVER_ORIGIN = build/origin-$(notdir $(DRIVER_PROGRAM))
$(DRIVER_ORIGIN): FORCE
	@mkdir -p build
	@echo '$(B)' | cmp -s - $@ || echo '$(B)' > $@

$(DRIVER_PROGRAM): $(JUDGE_OBJS) $(B)/mm-facts.o $(HOSTS) $(DRIVER_ORIGIN)
	$(CC) $(CFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)


# The sanitizer build: everything built from source at -O0 with asserts on.
DEBUG_FLAGS = -O0 -g -fno-omit-frame-pointer -fsanitize=address,undefined
debug:
	@$(MAKE) --no-print-directory B=build/debug MDRIVER=mdriver-debug \
	    CFLAGS="$(DEBUG_FLAGS)" ALLOCATOR_FLAGS= POLICY_FLAGS=--sanitized mdriver-debug

# The long trace for throughput and scaling (not in the default set):
# N ops, a million unless given (make scale N=10000000). The file is
# remade when the generator or N changes (build/scale-ops holds the last N).
N ?= 1000000
scale: traces/scale.rep
traces/scale.rep: tools/gentrace.py $(wildcard tools/kit/traces/*.py) build/scale-ops
	python3 tools/gentrace.py scale --ops $(N) -o $@
build/scale-ops: FORCE
	@mkdir -p build
	@echo '$(N)' | cmp -s - $@ || echo '$(N)' > $@

# Every allocator and libc on the default traces, as one Markdown table.
# The driver's messages (why the starter allocators fail some traces) go
# to bench.log; the table lists where they failed.
bench: $(MDRIVER)
	./$(MDRIVER) -m all -l -j > $(B)/bench.json 2> $(B)/bench.log || true
	python3 tools/benchtable.py $(B)/bench.json
	@echo "(the driver's messages: $(B)/bench.log)"


clean:
	rm -rf build mdriver mdriver-debug $(KIT_BUILT) traces/scale.rep
