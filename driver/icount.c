/*
 * icount.c - counting a replay's instructions with callgrind (see
 * icount.h).
 *
 * The allocator's process is started under callgrind (callgrind.h) and
 * replays the trace once, as a timed replay does (timer.h).
 *
 * The kit's counts of a trace (the reference's and the harness's) can be
 * kept in a file between runs (--reference-counts): a grading makes them
 * once, outside every submission's sandbox. A line of it is
 *
 *   KEY REFERENCE_INSTRUCTIONS HARNESS_INSTRUCTIONS
 *
 * where KEY is a hash of the trace's ops, the reference's name and the
 * loadable bytes of the kit's host program (its code and data, not its
 * debug information, which names the folder it was built in): counts made
 * by another build of the kit, or for other ops, never match.
 */
#define _GNU_SOURCE
#include "icount.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "die.h"
#include "sandbox.h"

const struct allocator null_allocator = {
    .name = "null",
    .description = "does nothing: the harness's own instructions",
    .uses_heap = true,
    .host = HOST_OF_KIT,
};

bool count_instructions(const struct allocator *a, const struct timed_trace *tt, size_t cap,
                        const uint64_t *expected, enum phase phase, double *instructions,
                        struct verdict *v)
{
    double deadline = tt->timeout_secs > 0 ? monotonic_seconds() + tt->timeout_secs : 0;
    struct measured_replay counted = {a, tt, cap, expected, phase, COST_INSTRUCTIONS, deadline};
    *v = (struct verdict){.kind = VERDICT_OK};
    struct timed_answers answers;
    if (!timed_answers_create(&answers, tt->trace))
        die("-I: no memory for the replay: %s", strerror(errno));
    bool ok = replay_in_process_of_its_own(&counted, &answers, instructions, v);
    timed_answers_destroy(&answers);
    return ok;
}

/* ---- the kit's counts, kept between runs ------------------------------ */

static const char *counts_path;
static uint64_t kit_host_hash;

/* FNV-1a, 64 bits: a checksum of what the counts were made from, not a
 * defence against forgery (the file is the grader's, out of reach). */
static uint64_t fnv(uint64_t hash, const void *data, size_t bytes)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < bytes; i++)
        hash = (hash ^ p[i]) * 0x100000001b3u;
    return hash;
}

static const uint64_t fnv_offset = 0xcbf29ce484222325u;

/* Hash bytes [from, to) of file, leaving out those of the notes (the
 * build-id note is a hash of the whole file, debug information included). */
static uint64_t fnv_without_notes(uint64_t hash, const unsigned char *file, uint64_t from,
                                  uint64_t to, const uint64_t (*notes)[2], unsigned n)
{
    for (uint64_t at = from; at < to;) {
        uint64_t end = to;
        bool in_note = false;
        for (unsigned i = 0; i < n; i++) {
            if (at >= notes[i][0] && at < notes[i][1]) {
                in_note = true;
                end = notes[i][1] < to ? notes[i][1] : to;
            } else if (notes[i][0] > at && notes[i][0] < end) {
                end = notes[i][0];
            }
        }
        if (!in_note)
            hash = fnv(hash, file + at, (size_t)(end - at));
        at = end;
    }
    return hash;
}

enum { MAX_NOTES = 8 };

/* The loadable segments of an ELF program (its code and data), its notes
 * and its ELF header left out (the header says where the section headers
 * lie, after the debug information): what two builds of the same sources
 * in two folders share. */
static uint64_t hash_loadable(const char *program)
{
    int fd = open(program, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    const unsigned char *file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (file == MAP_FAILED)
        return 0;
    size_t size = (size_t)st.st_size;
    uint64_t loads[2 * MAX_NOTES][2], notes[MAX_NOTES][2];
    unsigned n_loads = 0, n_notes = 0;
    bool wide = size >= sizeof(Elf64_Ehdr) && file[EI_CLASS] == ELFCLASS64;
    unsigned count = wide ? ((const Elf64_Ehdr *)(const void *)file)->e_phnum
                          : ((const Elf32_Ehdr *)(const void *)file)->e_phnum;
    for (unsigned i = 0; i < count; i++) {
        uint64_t type, offset, bytes;
        if (wide) {
            const Elf64_Ehdr *h = (const void *)file;
            const Elf64_Phdr *p = (const void *)(file + h->e_phoff + (size_t)i * h->e_phentsize);
            type = p->p_type, offset = p->p_offset, bytes = p->p_filesz;
        } else {
            const Elf32_Ehdr *h = (const void *)file;
            const Elf32_Phdr *p = (const void *)(file + h->e_phoff + (size_t)i * h->e_phentsize);
            type = p->p_type, offset = p->p_offset, bytes = p->p_filesz;
        }
        if (offset > size || bytes > size - offset)
            continue;
        if (type == PT_LOAD && n_loads < 2 * MAX_NOTES)
            loads[n_loads][0] = offset, loads[n_loads++][1] = offset + bytes;
        if (type == PT_NOTE && n_notes < MAX_NOTES)
            notes[n_notes][0] = offset, notes[n_notes++][1] = offset + bytes;
    }
    if (n_notes < MAX_NOTES)
        notes[n_notes][0] = 0, notes[n_notes++][1] = wide ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    uint64_t hash = fnv_offset;
    for (unsigned i = 0; i < n_loads; i++)
        hash = fnv_without_notes(hash, file, loads[i][0], loads[i][1],
                                 (const uint64_t(*)[2])notes, n_notes);
    munmap((void *)file, size);
    return hash;
}

void kit_counts_use(const char *path, const char *kit_host_program)
{
    counts_path = path;
    if (path != NULL)
        kit_host_hash = hash_loadable(kit_host_program);
}

static uint64_t key_of(const struct trace *t)
{
    uint64_t hash = fnv(kit_host_hash, REFERENCE_ALLOCATOR, sizeof REFERENCE_ALLOCATOR);
    hash = fnv(hash, &t->num_ids, sizeof t->num_ids);
    hash = fnv(hash, &t->num_ops, sizeof t->num_ops);
    /* Field by field: a struct op has padding, whose bytes are anything. */
    for (uint32_t i = 0; i < t->num_ops; i++) {
        const struct op *op = &t->ops[i];
        hash = fnv(hash, &op->kind, sizeof op->kind);
        hash = fnv(hash, &op->id, sizeof op->id);
        hash = fnv(hash, &op->size, sizeof op->size);
        hash = fnv(hash, &op->nmemb, sizeof op->nmemb);
    }
    return hash;
}

bool kit_counts_recall(const struct trace *t, struct kit_counts *counts)
{
    FILE *f = counts_path != NULL && kit_host_hash != 0 ? fopen(counts_path, "r") : NULL;
    if (f == NULL)
        return false;
    uint64_t want = key_of(t), key;
    double reference, harness;
    bool found = false;
    while (!found && fscanf(f, "%" SCNx64 " %lf %lf", &key, &reference, &harness) == 3)
        found = key == want && reference > harness && harness > 0;
    fclose(f);
    if (found)
        *counts = (struct kit_counts){reference, harness};
    return found;
}

void kit_counts_remember(const struct trace *t, const struct kit_counts *counts)
{
    FILE *f = counts_path != NULL && kit_host_hash != 0 ? fopen(counts_path, "a") : NULL;
    if (f == NULL)
        return;
    fprintf(f, "%016" PRIx64 " %.0f %.0f\n", key_of(t), counts->reference, counts->harness);
    fclose(f);
}
