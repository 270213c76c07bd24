#!/bin/sh
# policy-check.sh - what an allocator's object may hold, checked from
# outside before the kit links it, and what the driver needs to know of it.
#
#   policy-check.sh --list-reserved 'LIBRARY...'
#       print every name the libraries and start files define (one per
#       line): the C library, libm, libgcc, libgcc_s and the crt objects
#       that a host program is linked with.
#   policy-check.sh [--sanitized] --reserved NAMES OBJECT
#       refuse OBJECT (exit status 1, a message per refusal) unless it holds
#       only what a C compiler emits for ordinary code and data.
#   policy-check.sh [--sanitized] --facts OBJECT PROGRAM STUDENT_HOST KIT_HOST
#                   PRODUCTION_HOST IN_PROCESS
#       refuse PROGRAM (the student's host, linked from OBJECT) if its code
#       holds valgrind's client-request preamble; else print, as C, what the
#       driver needs to know: OBJECT's calls to the C library's heap, its
#       writable global data, and the paths of the three host programs and
#       of the in-process program of -X ("" for none) relative to the
#       driver's folder:
#
#         const char mm_forbidden_calls[] = "free, malloc";
#         const unsigned long mm_global_bytes = 24;
#         const char *const host_programs[] = {"build/mdriver-host-mm", ...};
#         const char in_process_program[] = "build/mdriver-in-process";
#
# The object is held to an allow-list, not a list of known tricks:
#   - sections: code (.text, .text.*), data (.data*, .bss*, .rodata*,
#     .tdata*, .tbss*), and what compilers add beside them (debug
#     information, unwind tables, notes, symbol tables, relocations of
#     these); no other section, so neither .init, .fini, .init_array,
#     .preinit_array, .ctors nor a custom section, and only code sections
#     may be executable;
#   - symbols: no definition of a reserved identifier (C11 7.1.3: names
#     that begin with __, or with _ and a capital letter; compiler-made
#     names, which hold a '.', excepted), such as __gmon_start__ or a
#     libgcc helper, and no global definition of a name that the libraries
#     and start files define (the program's own calls would reach it), nor
#     an ifunc;
#   - calls: none to mem_init, mem_reset_brk or mem_deinit (the heap and its
#     break belong to the driver);
#   - code: no valgrind client-request preamble (four rotations of rdi or
#     edi that add up to a full turn), with which code could tell -I's meter
#     what to count, in the object or in the linked program.
# Each refusal names the symbol or section and, where the debug information
# (or the source) says, the line. --sanitized, for the kit's sanitizer
# builds, which are never graded, accepts what the sanitizers add:
# constructors, their sections and their reserved names.
sanitized=0
mode=
reserved=
while :; do
    case "$1" in
        --sanitized) sanitized=1; shift ;;
        --list-reserved) mode=list; shift ;;
        --reserved) mode=check; reserved=$2; shift 2 ;;
        --facts) mode=facts; shift ;;
        *) break ;;
    esac
done

if [ "$mode" = list ]; then
    for library in $1; do
        [ -f "$library" ] || continue
        case "$library" in
            *.so*) nm -D --defined-only "$library" 2>/dev/null ;;
            *) nm -g --defined-only "$library" 2>/dev/null ;;
        esac
    done | awk 'NF >= 2 {print $NF}' | sed 's/@.*//' | sort -u
    exit 0
fi

object=$1
name=$(basename "$object" .o)
refused=0

# The source file the object was compiled from, as the debug information
# names it (else NAME.c).
source=$(readelf --debug-dump=info "$object" 2>/dev/null |
    awk '/DW_TAG_compile_unit/ {cu = 1} cu && /DW_AT_name/ {print $NF; exit}')
source=${source:-$name.c}
shown=$source

refuse() {
    echo "$shown${2:+:$2}: error: $1" >&2
    refused=1
}

# The line where the debug information declares symbol $1.
declared_at() {
    readelf --debug-dump=info "$object" 2>/dev/null | awk -v want="$1" '
        /DW_AT_name/ { split($0, f, ": "); found = (f[length(f)] == want) }
        found && /DW_AT_decl_line/ { print $NF; exit }'
}

# The first line of the source that puts something in section $1 (a
# section attribute or directive, not a comment), for code the debug
# information does not place (an asm statement's).
source_line_naming() {
    [ -f "$source" ] && grep -nF -- "$1" "$source" | grep -E '^[0-9]+:.*section' |
        grep -vE '^[0-9]+:[[:space:]]*(/?\*|//)' | head -n 1 | cut -d: -f1
}

# Section names and flags, one "NAME FLAGS" line each (readelf's columns:
# name, type, address, offset, size, entry size, flags when any, link,
# info, alignment).
sections() {
    readelf -SW "$1" | awk '/^ *\[ *[0-9]+\]/ {
        sub(/^ *\[ *[0-9]+\] */, "")
        if (NF >= 9) print $1, (NF == 10 ? $7 : "")
    }'
}

allowed_section() {
    case "$1" in
        .text|.text.*) return 0 ;;
        .data|.data.*|.bss|.bss.*|.rodata|.rodata.*|.tdata|.tdata.*|.tbss|.tbss.*) return 0 ;;
        .comment|.note.GNU-stack|.note.gnu.property|.eh_frame|.gcc_except_table) return 0 ;;
        .debug_*|.zdebug_*|.symtab|.strtab|.shstrtab|.group|.llvm_addrsig) return 0 ;;
        .rela.*|.rel.*) return 0 ;; # refused with the section they relocate
        *) return 1 ;;
    esac
}

# The amd64 and i386 preambles, as od prints bytes.
PREAMBLE_64=' 48 c1 c7 03 48 c1 c7 0d 48 c1 c7 3d 48 c1 c7 33'
PREAMBLE_32=' c1 c7 03 c1 c7 0d c1 c7 1d c1 c7 13'

# Offsets (decimal) in file $1 where a preamble starts, one per line.
preamble_offsets() {
    od -An -v -tx1 "$1" | tr -s ' \n' '  ' | awk -v a="$PREAMBLE_64" -v b="$PREAMBLE_32" '{
        text = $0
        for (p = index(text, a); p > 0; ) { print (p - 1) / 3; q = index(substr(text, p + 1), a); p = q ? p + q : 0 }
        for (p = index(text, b); p > 0; ) { print (p - 1) / 3; q = index(substr(text, p + 1), b); p = q ? p + q : 0 }
    }'
}

# Hexadecimal digits as a number, in any awk.
HEX_AWK='function hex(s,  i, n) { n = 0; s = tolower(s)
    for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return n }'

# "FUNCTION (FILE:LINE) in SECTION" of file offset $2 in ELF file $1.
place_of_offset() {
    relocatable=$(readelf -h "$1" | awk '/Type:/ {print ($2 == "REL")}')
    readelf -SW "$1" | awk -v off="$2" "$HEX_AWK"'
        /^ *\[ *[0-9]+\]/ {
            sub(/^ *\[ *[0-9]+\] */, "")
            address = hex($3); start = hex($4); size = hex($5)
            if ($2 != "NOBITS" && off >= start && off < start + size) {
                printf "%s %d %d\n", $1, off - start, address + off - start; exit
            }
        }' | while read -r section within address; do
        if [ "$relocatable" = 1 ]; then
            addr2line -f -e "$1" -j "$section" "$(printf '0x%x' "$within")"
        else
            addr2line -f -e "$1" "$(printf '0x%x' "$address")"
        fi | paste -sd' ' - | awk -v section="$section" '{print $1, $2, section}'
    done
}

# Refuse ELF file $1 for the preamble at each of its offsets; $2 says
# where it came from.
refuse_preambles() {
    for offset in $(preamble_offsets "$1"); do
        set -- "$1" "$2" $(place_of_offset "$1" "$offset")
        line=${4##*:}
        case "$line" in ''|0|\?*) line= ;; esac
        refuse "it holds valgrind's client-request preamble, code that tells -I's instruction meter what to count, in $3 (section $5)$2" "$line"
    done
}

if [ "$mode" = check ]; then
    undefined=$(nm -u "$object" | awk '{print $NF}' | sed 's/@.*//' | sort -u)
    for call in mem_init mem_reset_brk mem_deinit; do
        if printf '%s\n' "$undefined" | grep -qx "$call"; then
            refuse "it calls $call, which only the driver may call: the heap and its break belong to the driver"
        fi
    done
    if [ "$sanitized" = 0 ]; then
        sections "$object" > "$object.sections"
        while read -r section flags; do
            if ! allowed_section "$section"; then
                case "$section" in
                    .init|.fini|.init_array*|.fini_array*|.preinit_array*|.ctors*|.dtors*)
                        why="code that would run before or after the driver asks for it" ;;
                    *) why="a section the compiler does not make for ordinary C" ;;
                esac
                refuse "it has a section $section, $why (an allocator holds only code and data)" \
                    "$(source_line_naming "$section")"
            elif case "$section" in .text|.text.*) false ;; *) true ;; esac &&
                 case "$flags" in *X*) true ;; *) false ;; esac; then
                refuse "its section $section is executable, but only code sections may be" \
                    "$(source_line_naming "$section")"
            fi
        done < "$object.sections"
        rm -f "$object.sections"
    fi
    nm --defined-only "$object" | awk 'NF == 3 {print $2, $3}' > "$object.symbols"
    while read -r kind symbol; do
        case "$symbol" in
            *.*) continue ;;
        esac
        case "$kind" in
            i) refuse "it defines $symbol as an ifunc, whose resolver would run before the driver asks for it" \
                   "$(declared_at "$symbol")"; continue ;;
        esac
        case "$symbol" in
            __asan*|___asan*|__odr_asan*|__sancov*|__ubsan*|__unnamed_*)
                [ "$sanitized" = 1 ] && continue ;;
        esac
        case "$symbol" in
            __*|_[A-Z]*)
                refuse "it defines $symbol, a reserved identifier (C reserves names that begin with __, or with _ and a capital letter, for the compiler and its libraries): rename it" \
                    "$(declared_at "$symbol")"
                continue ;;
        esac
        case "$kind" in
            [A-Z]) if [ -n "$reserved" ] && grep -qxF -- "$symbol" "$reserved"; then
                       refuse "it defines $symbol, a name the C library or the compiler's runtime already gives a function or variable: the program's own calls would reach yours (make it static or rename it)" \
                           "$(declared_at "$symbol")"
                   fi ;;
        esac
    done < "$object.symbols"
    rm -f "$object.symbols"
    refuse_preambles "$object" ""
    exit "$refused"
fi

# --facts OBJECT PROGRAM STUDENT_HOST KIT_HOST PRODUCTION_HOST
program=$2
refuse_preambles "$program" ", made when its program was linked"
[ "$refused" = 0 ] || exit 1

undefined=$(nm -u "$object" | awk '{print $NF}' | sed 's/@.*//' | sort -u)
forbidden='malloc calloc realloc reallocarray free posix_memalign aligned_alloc
memalign valloc pvalloc sbrk brk mmap mmap64 mremap munmap syscall strdup strndup
asprintf vasprintf dlopen dlsym dlvsym'
found=$(printf '%s\n' "$undefined" |
    while read -r symbol; do
        for call in $forbidden; do
            [ "$symbol" = "$call" ] && printf '%s, ' "$call"
        done
    done)
# The writable global data: the sizes of the variables the object defines
# in writable sections (.data, .bss and their kin, not .data.rel.ro, which
# is read-only once the program is loaded), the team record and what the
# sanitizers add excepted; so every build of the same mm.c counts the same.
global=$(objdump -t "$object" | awk "$HEX_AWK"'
    NF >= 5 && $(NF - 2) ~ /^(\.(data|bss|tdata|tbss)|\*COM\*)/ && $(NF - 2) !~ /^\.data\.rel\.ro/ &&
    $NF != "team" && $NF !~ /asan|sancov|ubsan/ && / O / {sum += hex($(NF - 1))}
    END {print sum + 0}')
printf '/* Generated by tools/policy-check.sh: do not edit. */\n'
printf 'const char mm_forbidden_calls[] = "%s";\n' "${found%, }"
printf 'const unsigned long mm_global_bytes = %d;\n' "$global"
printf 'const char *const host_programs[] = {"%s", "%s", "%s"};\n' "$3" "$4" "$5"
printf 'const char in_process_program[] = "%s";\n' "$6"
