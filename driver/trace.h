/*
 * trace.h - reading allocation traces.
 *
 * A trace is four header lines (one number each) followed by one operation
 * per line:
 *
 *   a ID SIZE         malloc(SIZE), the result becomes block ID
 *   r ID SIZE         realloc(block ID, SIZE); realloc(NULL, SIZE) when ID
 *                     is not live; SIZE 0 frees the block
 *   f ID              free(block ID); "f -1" is free(NULL)
 *                     (an a or c that must fail leaves ID dead, so it
 *                     may not be freed)
 *   c ID NMEMB SIZE   calloc(NMEMB, SIZE), the result becomes block ID
 *   # ...             comment; blank lines are ignored too
 *
 * Three header dialects exist:
 *   classic CS:APP (2001): suggested_heap_size, num_ids, num_ops, weight
 *                          (both unused: classic traces all count)
 *   CMU 2010-2015:         weight, num_ids, num_ops, ignore_ranges (unused:
 *                          the kit checks for overlap on every trace)
 *   CMU 2016+:             weight, num_ids, num_ops, max_live_bytes
 * Weight 0: checked, not scored; 1: utilization and throughput;
 * 2: utilization only; 3: throughput only. A driver built for an older
 * kit reads every header as that kit did (enum header_reading); the kit's
 * own driver tells the dialects apart by the first value, a CMU weight
 * when it is 0 to 3, and says what it read when the fourth value points
 * the other way (a weight, or a flag, of 0 or 1 after a first value of 0,
 * 2 or 3, which a classic reading would score; a byte count after a first
 * value above 3, which no CMU kit took for a weight).
 *
 * The reader is strict: anything malformed is reported as
 * "FILE:LINE: error: WHAT" before any allocator runs. It reads regular
 * files only, within TRACE_MAX_LINE_BYTES a line and TRACE_MAX_FILE_BYTES
 * in all (config.h); lines end with LF or CR LF. It also replays the
 * trace's bookkeeping once (which ids are live, how many bytes) to refuse
 * impossible traces and to compute the peak of live requested bytes.
 *
 * A "giant" trace is read but cannot be run: one that expects a request
 * GIANT_FACTOR or more times MAX_HEAP to be met (a later op frees it), or
 * whose header's max_live_bytes is that large. CMU ran its syn-giant*
 * traces only in mdriver-emulate, whose sparse memory emulation lets
 * 64-bit sizes be allocated; no simulated heap holds them. The reader
 * says so in one line, and the driver runs the other traces.
 *
 * Two quirks of the older kits' files are read as their parsers read them,
 * with one "FILE:LINE: warning:" each: an a or r line with no size takes
 * the last size given, and op lines beyond num_ops are ignored.
 *
 * The same pass gives the trace's utilization ceilings: what an allocator
 * with no fragmentation at all could score, given only its block format.
 * A model block for a request of n bytes takes
 * max(MODEL_ALIGNMENT, round_up(n + header, MODEL_ALIGNMENT)) bytes (so
 * 0 bytes take 16; a request that must fail takes nothing), and the
 * ceiling is the peak of live requested bytes over the peak of the summed
 * model blocks. Two formats are modelled: 16-byte alignment with no header
 * at all (no allocator that aligns its payloads does better), and the
 * textbook's 8-byte header word (tools/tracestats.py computes the same,
 * for any header size).
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "shared/op.h"

enum trace_dialect {
    DIALECT_CLASSIC,
    DIALECT_CMU2010,
    DIALECT_2016,
    DIALECTS /* how many dialects there are */
};

/* How the header is read: by the kit's own guess, or as an older kit's
 * reader read every header (driver/compat.c picks one per build). */
enum header_reading {
    HEADERS_GUESSED,   /* classic when the first value is above 3, else 2016+ */
    HEADERS_CLASSIC,   /* every header is classic */
    HEADERS_CMU2010,   /* every header is CMU 2010-2015's; a weight above 3
                          is refused, as that kit refused it */
    HEADERS_CMU2016,   /* every header is CMU 2016+'s; the same */
    HEADER_READINGS    /* how many readings there are */
};

/* A trace GIANT_FACTOR or more times MAX_HEAP (see the top) is "giant". */
enum { GIANT_FACTOR = 1000 };

enum trace_weight {
    WEIGHT_NONE = 0,      /* checked for correctness only */
    WEIGHT_BOTH = 1,      /* utilization and throughput */
    WEIGHT_UTIL_ONLY = 2, /* utilization only */
    WEIGHT_THRU_ONLY = 3, /* throughput only */
};

/* Why a giant trace (see the top) cannot be run. */
struct giant_request {
    bool giant;              /* the trace is giant: it is not run */
    bool at_op;              /* op_index names its giant request; else the
                                header's max_live_bytes alone says so */
    uint32_t op_index;
    uint32_t line;           /* the request's line, or the header's */
    uint64_t bytes;          /* the request's bytes, or max_live_bytes */
    uint32_t freed_line;     /* the line that frees the giant block, or 0
                                when the header counts it live */
};

struct trace {
    char *path;              /* as given on the command line */
    char *shown_path;        /* the same for messages: bytes outside
                                printable ASCII as \xNN */
    enum trace_dialect dialect;
    enum trace_weight weight;
    uint32_t num_ids;
    uint32_t num_ops;
    uint64_t header_peak;    /* max_live_bytes field (2016+), unchecked */
    struct giant_request giant;
    uint64_t peak_bytes;     /* computed peak of live requested bytes */
    uint64_t peak_aligned_bytes;  /* peak of summed model blocks with no
                                     header */
    uint64_t peak_textbook_bytes; /* the same with TEXTBOOK_HEADER bytes */
    struct op *ops;
};

/* Read and validate a trace, its header as reading says. On any error,
 * print "path:line: error: ..." to stderr and return NULL. A giant trace
 * is returned with trace->giant set, after one "path:line: warning:". */
struct trace *trace_read(const char *path, enum header_reading reading);

/* The same for an open stream; path is used only in messages. */
struct trace *trace_parse(FILE *file, const char *path, enum header_reading reading);

/* Why the giant trace t cannot be run, the words after its op ("a 7 N: "),
 * or after its path when the header alone says so. */
void giant_describe(const struct trace *t, char *buf, size_t len);

void trace_free(struct trace *trace);

/* True when the request can never be satisfied: more than MAX_HEAP bytes,
 * or a calloc whose nmemb * size overflows. The allocator must then return
 * NULL. Sets *bytes to the product for a satisfiable request. */
bool request_is_unsatisfiable(const struct op *op, uint64_t *bytes);

/* The block format of the utilization ceilings (above). */
enum { MODEL_ALIGNMENT = 16, TEXTBOOK_HEADER = 8 };

/* Bytes a model block of header_bytes takes for a request of size bytes. */
static inline uint64_t model_block_bytes(uint64_t size, uint64_t header_bytes)
{
    uint64_t padded = (size + header_bytes + MODEL_ALIGNMENT - 1) / MODEL_ALIGNMENT *
                      MODEL_ALIGNMENT;
    return padded > MODEL_ALIGNMENT ? padded : MODEL_ALIGNMENT;
}

/* The peak of live bytes over a peak of model blocks; 1 when nothing is
 * ever live. */
static inline double utilization_ceiling(uint64_t peak_bytes, uint64_t peak_block_bytes)
{
    return peak_block_bytes == 0 ? 1.0 : (double)peak_bytes / (double)peak_block_bytes;
}

static inline bool weight_scores_util(enum trace_weight w)
{
    return w == WEIGHT_BOTH || w == WEIGHT_UTIL_ONLY;
}

static inline bool weight_scores_thru(enum trace_weight w)
{
    return w == WEIGHT_BOTH || w == WEIGHT_THRU_ONLY;
}

/* Write the op as it would appear in a trace ("a 17 448") into buf. */
void op_format(const struct op *op, char *buf, size_t len);

#endif /* TRACE_H */
