/*
 * segregated.c - segregated fit: exact small classes, 4-byte headers,
 * footer-less allocated blocks, best fit, a preserved wilderness, growth
 * room for the block that realloc grows, runs of small blocks, and in-place
 * realloc.
 *
 * This is the kit's reference allocator: it shows how far one careful
 * allocator on a single sbrk heap can go in both utilization and speed.
 *
 * Block layout
 * ------------
 * The heap is smaller than 4 GiB (MAX_HEAP), so every size and every link
 * fits in a 32-bit word: links are offsets from the heap base, not
 * pointers. A block starts with a one-word header and its payload follows
 * at once, so headers sit 4 bytes below a 16-byte boundary.
 *
 *   allocated block (size >= 16)      free block (size >= 16)
 *   +--------+------------------+     +--------+------+------+-...-+--------+
 *   | header | payload ...      |     | header | next | prev |     | footer |
 *   +--------+------------------+     +--------+------+------+-...-+--------+
 *     4 bytes ^ 16-aligned              4        4      4             4
 *
 *   header = size | SPARE | PREV_ALLOC | ALLOC    (sizes are multiples of
 *                                                  16, so the low four bits
 *                                                  are free for flags)
 *
 * Allocated blocks have no footer. A footer exists so that a block can find
 * its left neighbour's start when it coalesces, and only a free neighbour
 * is ever merged with; so the PREV_ALLOC bit in each header says whether
 * the left neighbour is allocated, and only free blocks keep a footer. A
 * request of n bytes thus takes round_up(n + 4, 16) bytes, at least 16.
 * The smallest free block, 16 bytes, still holds header, both links and
 * footer, so every free block can be unlinked in O(1).
 *
 *   base                                                              break
 *   | control block | pad | prologue | block | ... | block | epilogue |
 *                            4                                4 (size 0, ALLOC)
 *
 * All the allocator's state lives in the heap: mm_init places the control
 * block (list heads, class bitmap, the malloc clock, the last grown block
 * and the run state) at the base, and offsets count from there, so that
 * offset 0 never names a block and means "none". Only the addresses of the
 * control block and of the epilogue are global. The prologue word marks the
 * bottom of the blocks; the epilogue is a zero-size allocated header in the
 * last word of the heap, whose PREV_ALLOC bit tells whether the last block
 * is free. The first block always has PREV_ALLOC set.
 *
 * Size classes
 * ------------
 * Free blocks sit on segregated lists. Sizes below 512 bytes have one class
 * per 16-byte size, so any block on such a list fits a request of its class
 * exactly. Above that each power of two is one class, up to the largest
 * size the heap can hold (SUBCLASS_LOG2 could cut each power of two into
 * more classes, as two-level segregated fit does). A bitmap has one bit per
 * class, set while its list is not empty, so the first non-empty class at
 * or above a given one takes a find-first-set, never a walk over empty
 * lists. Every class costs a list head in the control block, which is heap
 * space that counts against utilization on small heaps, so the classes are
 * few: 49 heads in 196 bytes.
 *
 * Placement
 * ---------
 * malloc takes the best fit: from the request's own class (a range class is
 * searched for the smallest block that fits), else from the first non-empty
 * larger class, where every block fits and the smallest of the first few is
 * taken. At most SEARCH_LIMIT entries are looked at per list, so this is a
 * close approximation of best fit.
 *
 * The wilderness, the free block at the top of the heap if there is one, is
 * on no list: it is used only when no listed block fits, so that it stays
 * as large as possible and whatever reaches the top of the heap can grow in
 * place. When even the wilderness is too small, the heap grows by exactly
 * what is missing.
 *
 * A block larger than needed is split, and the request takes its low end,
 * except above a growing block: the block that realloc grew last, if it
 * grew during the last GROWTH_WINDOW mallocs. A block that is growing is
 * likely to grow again, into the free block above it; a request carved from
 * that free block leaves the growing block as much room as its own size, so
 * that it can double in place, or takes the free block's high end when it
 * is smaller than that. The window keeps a block that grew once, long ago,
 * from splitting large free blocks in the middle.
 *
 * Runs: small blocks (at most RUN_BLOCK_LIMIT bytes) that keep making the
 * heap grow get room in runs. When the heap must grow for a small size
 * whose recent growths came close together (RUN_WARMUP of them, each run
 * used up at a rate of at least one block every RUN_TICKS_PER_BLOCK
 * mallocs), it grows by a run of several blocks of that size. One is
 * returned; the rest is kept as the size's spare, an allocated block
 * flagged SPARE from which later requests of the size are carved before
 * anything else is split. Small blocks made while the heap grows thus sit
 * together instead of between large blocks, so that large blocks freed
 * later coalesce into large holes: the pattern where small and large blocks
 * alternate, the large ones die and slightly larger requests follow. The
 * rate test keeps runs for the sizes that make up a good share of the
 * requests while the heap grows: when many sizes each come now and then,
 * as when a program builds structures of mixed sizes, runs would pull
 * blocks allocated together apart, and blocks that are allocated together
 * tend to be freed together and to merge. Runs double while the streak
 * lasts, up to RUN_MAX_BYTES. A spare remembers in its first payload word
 * when it was last carved from; one that no malloc has used during the last
 * SPARE_STALE_TICKS mallocs is given back to the free lists before the heap
 * grows again, so that a spare costs little once its pattern has stopped.
 *
 * In all, malloc tries in turn: the head of the request's exact class, the
 * size's spare, the best listed fit, the wilderness, the same again after
 * giving back stale spares, and only then grows the heap.
 *
 * Freed blocks are coalesced with free neighbours at once.
 *
 * realloc
 * -------
 * realloc shrinks a block larger than RUN_BLOCK_LIMIT by moving it into
 * the best-fitting listed hole when that hole lies lower in the heap, and
 * otherwise in place: the tail goes to a free right neighbour, however
 * small, or becomes a free block of its own when it is large enough. Moving
 * down keeps live blocks low and frees the whole old block, which coalesces
 * with its neighbours into a larger hole higher up, where a block that
 * grows can later go.
 *
 * realloc grows in place whenever it can: it takes what it needs from a
 * free right neighbour, else (when the block reaches the top of the heap)
 * grows the heap by what is missing. A free neighbour that gives or takes
 * bytes only has its start moved, and stays where it is on its list when
 * its class does not change. Otherwise a block larger than RUN_BLOCK_LIMIT
 * moves to the best listed hole that fits, if there is one, and takes it
 * whole when the hole's rest would be below a GROWTH_ROOM_DIVISOR-th of the
 * block: a block that had to move because it grew is likely to grow again,
 * and the room lets it grow in place next time instead of moving once more
 * and leaving another hole. Only when no listed hole fits (or the best one
 * is the block's own free left neighbour), and for small blocks always,
 * does the block slide down into a free left neighbour, merged with its
 * right one too; moving to a hole instead leaves the old place free to
 * merge with that neighbour into a larger hole. Failing all of these it
 * moves as malloc would place it. The grown block becomes the last grown
 * block, whose free right neighbour placement keeps room in (see
 * Placement).
 *
 * Invariants
 * ----------
 *  1. The heap holds, in order, the control block, the prologue word, the
 *     blocks and the epilogue, a zero-size allocated header in the heap's
 *     last word.
 *  2. Every block lies between the prologue and the epilogue, its payload
 *     is 16-aligned, and its size is a multiple of 16 and at least 16.
 *  3. A free block's footer equals its header.
 *  4. Every block's PREV_ALLOC bit, and the epilogue's, tells whether its
 *     left neighbour is allocated (the first block's says yes).
 *  5. No two free blocks are adjacent: freed blocks are coalesced at once.
 *  6. Every free block but the wilderness is on the list of its size
 *     class, and the wilderness is on none.
 *  7. Each list is a doubly linked list of free blocks of its own class, in
 *     the heap: each entry's prev link names the entry before it.
 *  8. A class's bitmap bit is set exactly when its list is not empty.
 *  9. Each small size has at most one spare: an allocated block flagged
 *     SPARE that holds a whole number of blocks of that size. Every block
 *     flagged SPARE is its size's spare, and a size's bit in spare_sizes
 *     is set exactly when it has one.
 * 10. The last grown block, when there is one, is an allocated block that
 *     is not a spare.
 *
 * mm_checkheap checks every one of them: invariant 1 on the prologue and
 * epilogue words; invariants 2 to 5 and 9 on each block met in a walk from
 * the first block to the epilogue; invariant 6 through the links of each
 * free block the walk meets and by comparing the number of listed blocks
 * with the number of free blocks met; invariants 7 and 8 on each list;
 * invariant 9 on the registry of spares; invariant 10 from the walk. Each
 * failure is one line on stderr naming the invariant and the payload
 * address of the block concerned.
 *
 * Complexity: malloc and free are O(1): a constant number of bitmap scans,
 * at most 2 * SEARCH_LIMIT list entries looked at, at most two merges. Only
 * on the way to growing the heap does malloc walk one whole list and look
 * at the spares. realloc adds a find_fit and the copy when it moves a
 * block. mm_checkheap is O(heap).
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

/* Heap words and links are 32 bits wide. */
typedef uint32_t word_t;

enum {
    WORD = sizeof(word_t),     /* bytes in a header, footer or link */
    MIN_BLOCK = 16,            /* header + next + prev + footer */
    ALLOC = 0x1,               /* header bit: this block is allocated */
    PREV_ALLOC = 0x2,          /* header bit: the left neighbour is allocated */
    SPARE = 0x4,               /* header bit: the unused rest of a run */
    FLAG_BITS = 0xF,           /* low header bits that are not size */

    /* Sizes below 2^LINEAR_LOG2 get one class per ALIGNMENT bytes. */
    LINEAR_LOG2 = 9,
    LINEAR_CLASSES = (1 << LINEAR_LOG2) / ALIGNMENT - 1,
    /* Each power of two above that is cut into 2^SUBCLASS_LOG2 classes:
     * one, since every class costs a list head of heap space and the search
     * within a class keeps the fit close to best. */
    SUBCLASS_LOG2 = 0,
    SUBCLASSES = 1 << SUBCLASS_LOG2,
    /* No block is larger than the heap: sizes lie below 2^(TOP_LOG2 + 1). */
    TOP_LOG2 = 63 - __builtin_clzll((unsigned long long)MAX_HEAP),
    CLASS_COUNT = LINEAR_CLASSES + (TOP_LOG2 - LINEAR_LOG2 + 1) * SUBCLASSES,
    /* Classes of a single size: the linear ones, and the first power of
     * two above them too when its subclasses are one granule wide. */
    EXACT_LIMIT_LOG2 = LINEAR_LOG2 + (LINEAR_LOG2 == SUBCLASS_LOG2 + 4),
    EXACT_CLASSES = (1 << EXACT_LIMIT_LOG2) / ALIGNMENT - 1,
    BITMAP_WORDS = (CLASS_COUNT + 63) / 64,

    /* List entries looked at per class when searching for the best fit. */
    SEARCH_LIMIT = 8,
    /* A block that realloc moves takes a whole hole when the rest would be
     * below 1/GROWTH_ROOM_DIVISOR of the block. */
    GROWTH_ROOM_DIVISOR = 8,
    /* The last grown block counts as growing, and keeps growth room above
     * it, while it grew during the last GROWTH_WINDOW mallocs. */
    GROWTH_WINDOW = 4,

    /* Blocks of at most RUN_BLOCK_LIMIT bytes are "small" and served by runs
     * when the heap must grow for them. A size's growths form a streak
     * while each comes within RUN_TICKS_PER_BLOCK mallocs per block of the
     * run before it, that is while the size takes at least one malloc in
     * that many. The first RUN_WARMUP growths of a streak add just the
     * block, after that each run is twice the one before, up to
     * RUN_MAX_LOG2 doublings and RUN_MAX_BYTES bytes. Each run boundary can
     * pin apart two large blocks that would merge once freed, so runs are
     * long, at the cost of at most one spare per small size. A spare not
     * carved from during the last SPARE_STALE_TICKS mallocs is given back
     * before the heap grows. */
    RUN_BLOCK_LIMIT = 256,
    RUN_SIZES = RUN_BLOCK_LIMIT / ALIGNMENT,
    RUN_TICKS_PER_BLOCK = 12,
    RUN_WARMUP = 4,
    RUN_MAX_LOG2 = 8,
    RUN_MAX_BYTES = 4096,
    SPARE_STALE_TICKS = 256,
};

_Static_assert(ALIGNMENT == 16, "the block layout assumes 16-byte alignment");
_Static_assert((uint64_t)MAX_HEAP < ((uint64_t)1 << 32) - 64,
               "sizes and links must fit in a 32-bit word");
_Static_assert(LINEAR_LOG2 >= SUBCLASS_LOG2 + 4,
               "range classes must be at least one granule wide");
_Static_assert(RUN_BLOCK_LIMIT < (1 << EXACT_LIMIT_LOG2), "runs serve exact classes only");
_Static_assert(RUN_SIZES <= 32, "spare_sizes has one bit per small size");
_Static_assert(RUN_MAX_BYTES >= RUN_BLOCK_LIMIT, "a run holds at least one small block");
_Static_assert(RUN_MAX_BYTES / ALIGNMENT <= (1 << RUN_MAX_LOG2),
               "runs of the smallest blocks can double up to RUN_MAX_BYTES");

/*
 * A block as seen from its header. The links exist only in free blocks; in
 * an allocated block the same bytes are the start of the payload.
 */
typedef struct {
    word_t header;    /* size | SPARE | PREV_ALLOC | ALLOC */
    word_t next_free; /* offset of the next block on this class list, 0 at the end */
    word_t prev_free; /* offset of the previous block on the list, 0 at the head */
} block_t;

/* The control block: every piece of allocator state that is not in a
 * block, at the heap base. mm_init clears it. */
typedef struct {
    word_t head[CLASS_COUNT];        /* first block of each class list, 0 if empty */
    uint64_t nonempty[BITMAP_WORDS]; /* bit c set iff head[c] != 0 */
    uint32_t tick;                   /* mallocs so far: the clock of the runs */
    word_t last_grown;               /* the block realloc grew last, or 0 */
    uint32_t last_grown_at;          /* the tick of that growth */
    uint32_t spare_sizes;            /* bit r set iff spare[r] != 0 */
    word_t spare[RUN_SIZES];         /* per small size, its run's unused rest, or 0 */
    uint32_t grown_at[RUN_SIZES];    /* tick of the size's last heap growth */
    uint8_t streak[RUN_SIZES];       /* the size's recent heap growths (capped) */
} control_t;

enum {
    /* The prologue word follows the control block, placed so that the
     * first header sits one word below a 16-byte boundary. */
    FIRST_BLOCK_OFFSET = (sizeof(control_t) + 2 * WORD + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT
                         - WORD,
    PROLOGUE_OFFSET = FIRST_BLOCK_OFFSET - WORD,
};

/* The only global state: where the control block and the epilogue are. */
static control_t *ctl;    /* the heap base; NULL before mm_init */
static block_t *epilogue; /* the zero-size header in the heap's last word */

/* ---- Header words ------------------------------------------------------ */

static inline word_t pack(size_t size, bool alloc, bool prev_alloc)
{
    assert((size & FLAG_BITS) == 0 && "sizes are multiples of 16");
    return (word_t)size | (prev_alloc ? PREV_ALLOC : 0) | (alloc ? ALLOC : 0);
}

static inline size_t word_size(word_t w) { return w & ~(word_t)FLAG_BITS; }

static inline size_t block_size(const block_t *b) { return word_size(b->header); }

static inline bool block_is_alloc(const block_t *b) { return b->header & ALLOC; }

static inline bool block_prev_is_alloc(const block_t *b) { return b->header & PREV_ALLOC; }

static inline bool block_is_spare(const block_t *b) { return b->header & SPARE; }

/* The last word of a block: its footer when the block is free. */
static inline word_t *block_footer(block_t *b)
{
    return (word_t *)((char *)b + block_size(b) - WORD);
}

static inline block_t *block_next(const block_t *b)
{
    return (block_t *)((char *)b + block_size(b));
}

/* The left neighbour, found through its footer: only valid when it is free. */
static inline block_t *block_prev(block_t *b)
{
    assert(!block_prev_is_alloc(b) && "only a free left neighbour has a footer");
    word_t prev_footer = *((word_t *)b - 1);
    return (block_t *)((char *)b - word_size(prev_footer));
}

static inline void *block_payload(const block_t *b) { return (char *)b + WORD; }

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - WORD);
}

/* Bytes of payload that allocated block b holds. */
static inline size_t payload_capacity(const block_t *b) { return block_size(b) - WORD; }

static inline void block_set_prev_alloc(block_t *b, bool prev_alloc)
{
    b->header = prev_alloc ? (b->header | PREV_ALLOC) : (b->header & ~(word_t)PREV_ALLOC);
}

/* Make b a free block of size bytes whose left neighbour is allocated:
 * header and footer. */
static inline void block_make_free(block_t *b, size_t size)
{
    b->header = pack(size, false, true);
    *block_footer(b) = b->header;
}

/* Make b an allocated block of size bytes and tell its right neighbour. */
static inline void block_make_alloc(block_t *b, size_t size)
{
    b->header = pack(size, true, block_prev_is_alloc(b));
    block_set_prev_alloc(block_next(b), true);
}

/* ---- The heap ---------------------------------------------------------- */

static inline char *heap_base(void) { return (char *)ctl; }

static inline block_t *block_at(word_t offset)
{
    return offset ? (block_t *)(heap_base() + offset) : NULL;
}

static inline word_t offset_of(const block_t *b)
{
    return b ? (word_t)((const char *)b - heap_base()) : 0;
}

static inline block_t *heap_first_block(void)
{
    return (block_t *)(heap_base() + FIRST_BLOCK_OFFSET);
}

static inline bool is_epilogue(const block_t *b) { return b == epilogue; }

/* The free block at the top of the heap, if b is free: it is on no list. */
static inline bool is_wilderness(const block_t *b) { return is_epilogue(block_next(b)); }

/* The wilderness, or NULL when the last block is allocated. */
static inline block_t *wilderness(void)
{
    return block_prev_is_alloc(epilogue) ? NULL : block_prev(epilogue);
}

/* ---- Size classes ------------------------------------------------------ */

/* Block size for a request of n bytes; n is at most MAX_HEAP. */
static inline size_t block_size_for(size_t n)
{
    size_t size = (n + WORD + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

static inline unsigned class_of(size_t size)
{
    assert(size >= MIN_BLOCK && size < ((size_t)1 << (TOP_LOG2 + 1)) &&
           "block sizes lie between the minimum block and the heap size");
    if (size < ((size_t)1 << LINEAR_LOG2))
        return (unsigned)(size / ALIGNMENT) - 1;
    unsigned log2 = 63 - (unsigned)__builtin_clzll((unsigned long long)size);
    unsigned sub = (unsigned)(size >> (log2 - SUBCLASS_LOG2)) & (SUBCLASSES - 1);
    return LINEAR_CLASSES + (log2 - LINEAR_LOG2) * SUBCLASSES + sub;
}

/* Every block on the list of an exact class has the same size. */
static inline bool class_is_exact(unsigned c) { return c < EXACT_CLASSES; }

static inline bool bitmap_bit(unsigned c) { return (ctl->nonempty[c / 64] >> (c % 64)) & 1; }

static inline void bitmap_set(unsigned c) { ctl->nonempty[c / 64] |= (uint64_t)1 << (c % 64); }

static inline void bitmap_clear(unsigned c)
{
    ctl->nonempty[c / 64] &= ~((uint64_t)1 << (c % 64));
}

/* First class at or above c whose list is not empty, or CLASS_COUNT. */
static inline unsigned first_nonempty_class(unsigned c)
{
    if (c >= CLASS_COUNT)
        return CLASS_COUNT;
    unsigned w = c / 64;
    uint64_t bits = ctl->nonempty[w] & (~(uint64_t)0 << (c % 64));
    while (!bits && ++w < BITMAP_WORDS)
        bits = ctl->nonempty[w];
    return bits ? w * 64 + (unsigned)__builtin_ctzll(bits) : CLASS_COUNT;
}

/* ---- Free lists -------------------------------------------------------- */

static inline block_t *list_head(unsigned c) { return block_at(ctl->head[c]); }

static inline block_t *list_next(const block_t *b) { return block_at(b->next_free); }

static inline block_t *list_prev(const block_t *b) { return block_at(b->prev_free); }

static inline void list_insert(block_t *b)
{
    unsigned c = class_of(block_size(b));
    block_t *old_head = list_head(c);
    b->next_free = ctl->head[c];
    b->prev_free = 0;
    if (old_head)
        old_head->prev_free = offset_of(b);
    else
        bitmap_set(c);
    ctl->head[c] = offset_of(b);
}

static inline void list_remove(block_t *b)
{
    block_t *next = list_next(b);
    block_t *prev = list_prev(b);
    if (next)
        next->prev_free = b->prev_free;
    if (prev) {
        prev->next_free = b->next_free;
    } else {
        unsigned c = class_of(block_size(b));
        assert(ctl->head[c] == offset_of(b) && "a block without prev heads its list");
        ctl->head[c] = b->next_free;
        if (!next)
            bitmap_clear(c);
    }
}

/* Take the first block off class c's list, which is not empty. */
static inline block_t *list_pop_head(unsigned c)
{
    block_t *b = list_head(c);
    assert(b && b->prev_free == 0 && "the head of a non-empty list");
    block_t *next = list_next(b);
    ctl->head[c] = b->next_free;
    if (next)
        next->prev_free = 0;
    else
        bitmap_clear(c);
    return b;
}

/* Take free block b off its list, if it is on one, before it is used. */
static inline void unfile_free(block_t *b)
{
    assert(!block_is_alloc(b) && "only free blocks are filed");
    if (!is_wilderness(b))
        list_remove(b);
}

/* The smallest block of at least size bytes among the first limit entries
 * of class c, or NULL. */
static block_t *best_in_class(unsigned c, size_t size, size_t limit)
{
    block_t *best = NULL;
    size_t best_size = SIZE_MAX;
    block_t *b = list_head(c);
    for (size_t seen = 0; b && seen < limit; seen++) {
        size_t bsize = block_size(b);
        if (bsize >= size && bsize < best_size) {
            best = b;
            best_size = bsize;
            if (bsize == size)
                break;
        }
        b = list_next(b);
    }
    return best;
}

/* A listed free block of at least size bytes, or NULL when there is none. */
static inline block_t *find_fit(size_t size)
{
    unsigned own = class_of(size);
    if (class_is_exact(own) && ctl->head[own])
        return list_head(own);
    if (!class_is_exact(own)) {
        block_t *b = best_in_class(own, size, SEARCH_LIMIT);
        if (b)
            return b;
    }
    unsigned larger = first_nonempty_class(own + 1);
    if (larger < CLASS_COUNT)
        return class_is_exact(larger) ? list_head(larger)
                                      : best_in_class(larger, size, SEARCH_LIMIT);
    /* Nothing larger: before falling back on the wilderness, make sure no
     * block of the own class fits beyond the bounded search. */
    return class_is_exact(own) ? NULL : best_in_class(own, size, SIZE_MAX);
}

/* ---- Coalescing, splitting, growing ------------------------------------ */

/* Free block b, whose size and PREV_ALLOC bit are valid: merge it with its
 * free neighbours, file the result (unless it is the wilderness) and
 * return it. */
static block_t *coalesce(block_t *b)
{
    size_t size = block_size(b);
    block_t *next = block_next(b);
    if (!block_is_alloc(next)) {
        if (!is_wilderness(next))
            list_remove(next);
        size += block_size(next);
    }
    if (!block_prev_is_alloc(b)) {
        /* A free left neighbour is never the wilderness: b lies above it. */
        block_t *prev = block_prev(b);
        list_remove(prev);
        size += block_size(prev);
        b = prev;
    }
    assert(block_prev_is_alloc(b) && "no two free blocks are adjacent");
    block_make_free(b, size);
    block_t *after = block_next(b);
    block_set_prev_alloc(after, false);
    if (!is_epilogue(after))
        list_insert(b);
    return b;
}

/* Block b spans total bytes: make it an allocated block of size bytes and
 * free the rest, merged with what follows, if the rest can be a block of
 * its own; else b keeps all total bytes. b's PREV_ALLOC bit is kept. */
static void keep_front(block_t *b, size_t size, size_t total)
{
    assert(total >= size && "a block is allocated only where it fits");
    if (total - size < MIN_BLOCK) {
        block_make_alloc(b, total);
        return;
    }
    b->header = pack(size, true, block_prev_is_alloc(b));
    block_t *tail = block_next(b);
    tail->header = pack(total - size, false, true);
    coalesce(tail);
}

/* Free block b, on its list or the wilderness, is to start at start
 * instead and keep its end: above b's start when the allocated block below
 * grows into b, below it when that block shrinks. Rewrites header and
 * footer and keeps the block on its list, in the same place when its class
 * stays the same. Returns the moved block. */
static block_t *free_block_move_start(block_t *b, block_t *start)
{
    size_t size = (size_t)((char *)block_next(b) - (char *)start);
    if (is_wilderness(b)) {
        block_make_free(start, size);
        return start;
    }
    unsigned c = class_of(size);
    if (c != class_of(block_size(b))) {
        list_remove(b);
        block_make_free(start, size);
        list_insert(start);
        return start;
    }
    /* The old and new link words never overlap: starts differ by a
     * multiple of 16. */
    start->next_free = b->next_free;
    start->prev_free = b->prev_free;
    block_make_free(start, size);
    word_t moved = offset_of(start);
    if (start->next_free)
        list_next(start)->prev_free = moved;
    if (start->prev_free)
        list_prev(start)->next_free = moved;
    else
        ctl->head[c] = moved;
    return start;
}

/* The room to leave free at the low end of free block b when rest of its
 * bytes are left over: none, unless b lies just above the last grown block
 * and that block is still growing, which then keeps room to double in
 * place, or all of the rest when b is too small for that. */
static size_t growth_room(const block_t *b, size_t rest)
{
    block_t *grown = block_at(ctl->last_grown);
    if (!grown || ctl->tick - ctl->last_grown_at > GROWTH_WINDOW || block_next(grown) != b)
        return 0;
    size_t room = block_size(grown);
    return room < rest && rest - room >= MIN_BLOCK ? room : rest;
}

/* Allocate size bytes out of free block b, which is on no list (taken off
 * it, or the wilderness), splitting off free parts that are big enough to
 * be blocks. Returns the allocated block. */
static block_t *place(block_t *b, size_t size)
{
    size_t total = block_size(b);
    size_t rest = total - size;
    if (rest < MIN_BLOCK) {
        block_make_alloc(b, total);
        return b;
    }
    /* b is free, so both its neighbours are allocated: the free parts need
     * no coalescing. */
    assert(block_prev_is_alloc(b) && "a free block's left neighbour is allocated");
    bool on_top = is_wilderness(b);
    size_t below = growth_room(b, rest);
    size_t above = rest - below;
    block_t *allocated = b;
    if (below > 0) {
        block_make_free(b, below);
        list_insert(b);
        allocated = block_next(b);
    }
    allocated->header = pack(size, true, below == 0);
    block_t *after = block_next(allocated);
    if (above > 0) {
        block_make_free(after, above);
        if (!on_top)
            list_insert(after);
    } else {
        block_set_prev_alloc(after, true);
    }
    return allocated;
}

/* Grow the heap by bytes (a multiple of 16) and return the wilderness, now
 * ending at the new top (a free last block grows; otherwise a new one
 * starts); NULL when the heap cannot grow that far. */
static block_t *extend_heap(size_t bytes)
{
    /* A request that cannot fit is refused here rather than by mem_sbrk,
     * which would print an out-of-memory line for what is just a NULL. */
    if (bytes > MAX_HEAP - mem_heapsize())
        return NULL;
    block_t *w = wilderness();
    if (mem_sbrk((intptr_t)bytes) == (void *)-1)
        return NULL;
    if (!w) {
        /* The old epilogue becomes the new block; the last block below it
         * is allocated. */
        w = epilogue;
        w->header = pack(0, false, true);
    }
    w->header = pack(block_size(w) + bytes, false, block_prev_is_alloc(w));
    *block_footer(w) = w->header;
    epilogue = block_next(w);
    epilogue->header = pack(0, true, false);
    return w;
}

/* ---- Runs of small blocks --------------------------------------------- */

static inline bool is_small(size_t size) { return size <= RUN_BLOCK_LIMIT; }

/* Index of a small block size in the per-size run state. */
static inline unsigned run_index(size_t size) { return (unsigned)(size / ALIGNMENT) - 1; }

/* The block size of the small blocks a spare at run index r holds. */
static inline size_t run_block_size(unsigned r) { return (size_t)(r + 1) * ALIGNMENT; }

/* A spare's clock: its first payload word, the tick of its last carving. */
static inline uint32_t *spare_clock(block_t *spare) { return block_payload(spare); }

/* Make the size bytes at b the spare of run index r, carved from at tick
 * now. A spare always follows an allocated block: the one just carved or
 * made with it. */
static void spare_set(unsigned r, block_t *b, size_t size, uint32_t now)
{
    b->header = pack(size, true, true) | SPARE;
    *spare_clock(b) = now;
    ctl->spare[r] = offset_of(b);
    ctl->spare_sizes |= (uint32_t)1 << r;
}

static void spare_clear(unsigned r)
{
    ctl->spare[r] = 0;
    ctl->spare_sizes &= ~((uint32_t)1 << r);
}

/* Take a block of size bytes from the low end of its size's spare. */
static block_t *carve_from_spare(size_t size)
{
    unsigned r = run_index(size);
    block_t *spare = block_at(ctl->spare[r]);
    assert(block_is_spare(spare) && block_size(spare) % size == 0 &&
           "a spare holds whole blocks of its size");
    size_t rest = block_size(spare) - size;
    spare->header = pack(size, true, block_prev_is_alloc(spare));
    if (rest == 0)
        spare_clear(r);
    else
        spare_set(r, block_next(spare), rest, ctl->tick);
    return spare;
}

/* Give back every spare not used during the last SPARE_STALE_TICKS mallocs,
 * as free blocks; true if any was. Called only on the way to growing the
 * heap, so it costs nothing in the common case. */
static bool release_stale_spares(void)
{
    bool released = false;
    for (uint32_t sizes = ctl->spare_sizes; sizes; sizes &= sizes - 1) {
        unsigned r = (unsigned)__builtin_ctz(sizes);
        block_t *spare = block_at(ctl->spare[r]);
        if (ctl->tick - *spare_clock(spare) <= SPARE_STALE_TICKS)
            continue;
        spare_clear(r);
        coalesce(spare);
        released = true;
    }
    return released;
}

/* The blocks of size bytes in a run made at the given streak. */
static size_t run_blocks(size_t size, unsigned streak)
{
    unsigned doublings = streak > RUN_WARMUP ? streak - RUN_WARMUP : 0;
    size_t blocks = (size_t)1 << doublings;
    size_t fit = RUN_MAX_BYTES / size;
    return blocks < fit ? blocks : fit;
}

/* Counts a heap growth for a small size and returns the blocks its run
 * gets. A size that grows the heap now and then gets single blocks, so that
 * it never pays for a spare; while it keeps growing the heap, using up each
 * run at a rate of at least one block every RUN_TICKS_PER_BLOCK mallocs, its
 * runs double. */
static size_t next_run_blocks(size_t size)
{
    unsigned r = run_index(size);
    size_t last_run = run_blocks(size, ctl->streak[r]);
    if (ctl->tick - ctl->grown_at[r] > RUN_TICKS_PER_BLOCK * last_run)
        ctl->streak[r] = 0;
    else if (ctl->streak[r] < RUN_WARMUP + RUN_MAX_LOG2)
        ctl->streak[r]++;
    ctl->grown_at[r] = ctl->tick;
    return run_blocks(size, ctl->streak[r]);
}

/* Grow the heap by a run of small blocks of size bytes (taking in a too
 * small wilderness), return the first block, allocated, and keep the rest as
 * the size's spare. NULL when the heap cannot grow. */
static block_t *grow_by_run(size_t size)
{
    unsigned r = run_index(size);
    assert(ctl->spare[r] == 0 && "a new run is made only when the spare is used up");
    block_t *w = wilderness();
    size_t have = w ? block_size(w) : 0;
    assert(have < size && "a wilderness that fits would have been used");
    size_t total = next_run_blocks(size) * size;
    w = extend_heap(total - have);
    if (!w && total > size) {
        total = size; /* near MAX_HEAP: settle for the one block */
        w = extend_heap(total - have);
    }
    if (!w)
        return NULL;
    block_make_alloc(w, total);
    if (total > size) {
        w->header = pack(size, true, block_prev_is_alloc(w));
        spare_set(r, block_next(w), total - size, ctl->tick);
    }
    return w;
}

/* ---- malloc and free --------------------------------------------------- */

/* A free block of at least size bytes, taken off its list: the best listed
 * fit, else the wilderness if it is large enough; NULL if neither fits. */
static block_t *take_fit(size_t size)
{
    block_t *b = find_fit(size);
    if (b) {
        list_remove(b);
        return b;
    }
    block_t *w = wilderness();
    return w && block_size(w) >= size ? w : NULL;
}

int mm_init(void)
{
    ctl = NULL;
    char *base = mem_sbrk(FIRST_BLOCK_OFFSET + WORD);
    if (base == (void *)-1)
        return -1;
    assert((uintptr_t)base % ALIGNMENT == 0 && "the heap starts 16-aligned");
    ctl = (control_t *)base;
    memset(ctl, 0, sizeof *ctl);
    *(word_t *)(base + PROLOGUE_OFFSET) = pack(0, true, true);
    epilogue = heap_first_block();
    epilogue->header = pack(0, true, true);
    return 0;
}

/* Every way malloc finds a block of size bytes but the exact-class pop, in
 * a function of its own so that the common case in mm_malloc stays short.
 * The caller has counted the malloc on the tick. */
static void *malloc_slow(size_t size)
{
    if (is_small(size) && ctl->spare[run_index(size)])
        return block_payload(carve_from_spare(size));
    block_t *b = take_fit(size);
    if (!b && release_stale_spares())
        b = take_fit(size);
    if (!b) {
        if (is_small(size)) {
            b = grow_by_run(size);
            return b ? block_payload(b) : NULL;
        }
        block_t *w = wilderness();
        b = extend_heap(size - (w ? block_size(w) : 0));
        if (!b)
            return NULL;
    }
    return block_payload(place(b, size));
}

void *mm_malloc(size_t n)
{
    if (n == 0 || n > MAX_HEAP)
        return NULL;
    size_t size = block_size_for(n);
    unsigned c = class_of(size);
    ctl->tick++;
    if (class_is_exact(c) && ctl->head[c]) {
        /* The common case, kept short: an exact fit needs no search and no
         * split. */
        block_t *b = list_pop_head(c);
        block_make_alloc(b, size);
        return block_payload(b);
    }
    return malloc_slow(size);
}

void mm_free(void *ptr)
{
    if (!ptr)
        return;
    block_t *b = block_from_payload(ptr);
    assert(block_is_alloc(b) && !block_is_spare(b) && "free of a block not allocated");
    if (ctl->last_grown == offset_of(b))
        ctl->last_grown = 0;
    coalesce(b);
}

/* ---- realloc ----------------------------------------------------------- */

/* Try to make allocated block b hold at least size bytes where it is, by
 * merging it with its free right neighbour if that is enough, else, when b
 * reaches the top of the heap, with the right neighbour plus what the heap
 * must grow by. Returns b, or NULL when b cannot grow in place.
 *
 * At the top of the heap growing the heap is preferred to sliding down: a
 * block that reached the top keeps growing there, and the free block below
 * it stays for the small blocks that come and go meanwhile. */
static block_t *grow_in_place(block_t *b, size_t size)
{
    size_t have = block_size(b);
    block_t *next = block_next(b);
    size_t right = block_is_alloc(next) ? 0 : block_size(next);
    bool at_top = is_epilogue(next) || (right > 0 && is_wilderness(next));
    if (have + right < size && at_top) {
        next = extend_heap(size - have - right);
        if (!next)
            return NULL;
        assert(next == block_next(b) && "the wilderness now follows b");
        right = block_size(next);
    }
    if (have + right >= size) {
        /* The right neighbour gives what is missing and keeps the rest,
         * unless the rest is too small to be a block. */
        if (have + right - size >= MIN_BLOCK) {
            free_block_move_start(next, (block_t *)((char *)b + size));
            b->header = pack(size, true, block_prev_is_alloc(b));
        } else {
            unfile_free(next);
            block_make_alloc(b, have + right);
        }
        return b;
    }
    return NULL;
}

/* b's left neighbour when it is free, else NULL. */
static inline block_t *free_left_neighbour(block_t *b)
{
    return block_prev_is_alloc(b) ? NULL : block_prev(b);
}

/* Make allocated block b hold at least size bytes by merging it with its
 * free left neighbour, and its free right one if there is one, sliding the
 * payload down. Returns the moved block, or NULL when the three together
 * are too small. */
static block_t *slide_down(block_t *b, size_t size)
{
    block_t *prev = free_left_neighbour(b);
    block_t *next = block_next(b);
    size_t left = prev ? block_size(prev) : 0;
    size_t have = block_size(b);
    size_t right = block_is_alloc(next) ? 0 : block_size(next);
    if (!prev || left + have + right < size)
        return NULL;
    if (right > 0)
        unfile_free(next);
    unfile_free(prev);
    memmove(block_payload(prev), block_payload(b), payload_capacity(b));
    keep_front(prev, size, left + have + right);
    return prev;
}

/* Shrink allocated block b to size bytes in place. The bytes it gives up go
 * to a free right neighbour, whatever their number, or become a free block
 * of their own when there are enough of them. */
static void shrink_block(block_t *b, size_t size)
{
    block_t *next = block_next(b);
    block_t *tail = (block_t *)((char *)b + size);
    if (!block_is_alloc(next) && size < block_size(b)) {
        free_block_move_start(next, tail);
        b->header = pack(size, true, block_prev_is_alloc(b));
        return;
    }
    keep_front(b, size, block_size(b));
}

/* A new home for a block of size bytes that realloc must move because it
 * grew: the listed hole given (find_fit's choice), or, when there is none,
 * wherever malloc puts it. A hole that is not much larger than the block is
 * taken whole. The block has just outgrown its old place and is likely to
 * grow again; the spare room lets it do so in place, and costs little,
 * since a remainder below GROWTH_ROOM_DIVISOR-th of the block would mostly
 * have been a hard-to-use fragment. Only for blocks above RUN_BLOCK_LIMIT:
 * small ones go through malloc and its runs. */
static void *malloc_growing(size_t size, block_t *hole)
{
    ctl->tick++;
    if (!hole)
        return malloc_slow(size);
    list_remove(hole);
    size_t total = block_size(hole);
    if ((total - size) * GROWTH_ROOM_DIVISOR < size)
        size = total;
    return block_payload(place(hole, size));
}

/* A listed hole below block b that holds size bytes, taken off its list, or
 * NULL: where realloc moves a block that shrinks to size bytes, when the
 * block is larger than RUN_BLOCK_LIMIT and the best fit lies lower in the
 * heap. The move costs a copy of the kept bytes; in return the whole old
 * block is freed and coalesces with its neighbours into one hole high in
 * the heap, where a block that grows later fits, instead of a tail beside
 * a block that is still live. Small blocks shrink in place: their old
 * place is too small to matter. */
static block_t *take_lower_hole(block_t *b, size_t size)
{
    if (is_small(size))
        return NULL;
    block_t *hole = find_fit(size);
    if (!hole || hole > b)
        return NULL;
    list_remove(hole);
    return hole;
}

void *mm_realloc(void *ptr, size_t n)
{
    if (!ptr)
        return mm_malloc(n);
    if (n == 0) {
        mm_free(ptr);
        return NULL;
    }
    if (n > MAX_HEAP)
        return NULL;
    block_t *b = block_from_payload(ptr);
    assert(block_is_alloc(b) && !block_is_spare(b) && "realloc of a block not allocated");
    size_t size = block_size_for(n);
    size_t have = block_size(b);
    if (size <= have) {
        block_t *lower = size < have ? take_lower_hole(b, size) : NULL;
        if (!lower) {
            shrink_block(b, size);
            return ptr;
        }
        /* lower is free and on no list, so it is allocated like a block
         * whose tail is freed; the last grown block stays the last grown
         * block where it goes. */
        keep_front(lower, size, block_size(lower));
        memcpy(block_payload(lower), ptr, n);
        bool was_last_grown = ctl->last_grown == offset_of(b);
        mm_free(ptr);
        if (was_last_grown)
            ctl->last_grown = offset_of(lower);
        return block_payload(lower);
    }
    block_t *grown = grow_in_place(b, size);
    /* A block that cannot grow in place moves to the best listed hole, if
     * one fits, rather than slide down into its free left neighbour: the
     * hole it leaves then merges with that neighbour. When the best hole is
     * that neighbour, sliding into it is the same move. The price is a
     * find_fit before every slide of a block above RUN_BLOCK_LIMIT. */
    block_t *hole = grown || is_small(size) ? NULL : find_fit(size);
    if (!grown && (!hole || hole == free_left_neighbour(b)))
        grown = slide_down(b, size);
    if (!grown) {
        void *fresh = is_small(size) ? mm_malloc(n) : malloc_growing(size, hole);
        if (!fresh)
            return NULL;
        memcpy(fresh, ptr, payload_capacity(b));
        mm_free(ptr);
        grown = block_from_payload(fresh);
    }
    ctl->last_grown = offset_of(grown);
    ctl->last_grown_at = ctl->tick;
    return block_payload(grown);
}

void *mm_calloc(size_t nmemb, size_t size)
{
    if (nmemb != 0 && size > SIZE_MAX / nmemb)
        return NULL;
    size_t bytes = nmemb * size;
    void *p = mm_malloc(bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

/* ---- Heap checker ------------------------------------------------------ */

/* Reports a failed invariant about block b (NULL for none) and returns
 * holds. */
static bool check(bool holds, const block_t *b, const char *what)
{
    if (!holds) {
        if (b)
            fprintf(stderr, "mm_checkheap: %s (block with payload %p)\n", what,
                    block_payload(b));
        else
            fprintf(stderr, "mm_checkheap: %s\n", what);
    }
    return holds;
}

/* Reports a failed invariant about the list of class c and returns holds. */
static bool check_class(bool holds, unsigned c, const char *what)
{
    if (!holds)
        fprintf(stderr, "mm_checkheap: %s (class %u, head %p)\n", what, c,
                (void *)list_head(c));
    return holds;
}

/* What the heap walk met, compared afterwards with the lists, the spares
 * and the last grown block. */
typedef struct {
    size_t listed_free;  /* free blocks that must be on a list */
    size_t spares;       /* blocks flagged SPARE */
    bool met_last_grown; /* the last grown block was met, allocated */
} walk_t;

static bool inside_heap(const block_t *b)
{
    return b >= heap_first_block() && b < epilogue;
}

static bool payload_aligned(const block_t *b)
{
    return (uintptr_t)block_payload(b) % ALIGNMENT == 0;
}

/* The run index whose spare is b, or RUN_SIZES if none. */
static unsigned spare_owner(const block_t *b)
{
    for (unsigned r = 0; r < RUN_SIZES; r++)
        if (ctl->spare[r] == offset_of(b))
            return r;
    return RUN_SIZES;
}

/* Checks the invariants that hold for block b alone and with its left
 * neighbour, free or not as prev_free says. Returns false when the walk
 * cannot safely step over b. */
static bool check_block(block_t *b, bool prev_free, walk_t *walk, bool *ok)
{
    size_t size = block_size(b);
    bool steppable = check(payload_aligned(b), b, "invariant 2: the payload is 16-aligned") &&
                     check(size >= MIN_BLOCK, b, "invariant 2: the size is at least 16") &&
                     check(size <= (size_t)((char *)epilogue - (char *)b), b,
                           "invariant 2: the block ends before the epilogue");
    if (!steppable) {
        *ok = false;
        return false;
    }
    *ok &= check(block_prev_is_alloc(b) != prev_free, b,
                 "invariant 4: PREV_ALLOC tells whether the left neighbour is allocated");
    if (block_is_spare(b)) {
        unsigned r = spare_owner(b);
        walk->spares++;
        *ok &= check(block_is_alloc(b), b, "invariant 9: a spare is allocated");
        *ok &= check(r < RUN_SIZES, b, "invariant 9: a block flagged SPARE is its size's spare");
        *ok &= check(r == RUN_SIZES || size % run_block_size(r) == 0, b,
                     "invariant 9: a spare holds whole blocks of its size");
    }
    if (offset_of(b) == ctl->last_grown) {
        walk->met_last_grown = true;
        *ok &= check(block_is_alloc(b) && !block_is_spare(b), b,
                     "invariant 10: the last grown block is allocated and not a spare");
    }
    if (block_is_alloc(b))
        return true;
    *ok &= check(!prev_free, b, "invariant 5: no two free blocks are adjacent");
    *ok &= check(*block_footer(b) == b->header, b, "invariant 3: a free block's footer equals its header");
    if (is_wilderness(b))
        return true;
    /* Linked both ways into the list of its own class; the list walk then
     * checks that each list holds only free blocks of its class. */
    unsigned c = class_of(size);
    block_t *prev = list_prev(b);
    block_t *next = list_next(b);
    walk->listed_free++;
    *ok &= check(prev ? inside_heap(prev) && prev->next_free == offset_of(b)
                      : ctl->head[c] == offset_of(b),
                 b, "invariant 6: a free block heads its class list or follows its prev entry");
    *ok &= check(!next || (inside_heap(next) && next->prev_free == offset_of(b)), b,
                 "invariant 6: a free block's next entry links back to it");
    return true;
}

/* Checks the list of class c (invariants 7 and 8); returns its length. A
 * list longer than the free blocks met must have a cycle. */
static size_t check_list(unsigned c, const walk_t *walk, bool *ok)
{
    size_t length = 0;
    block_t *prev = NULL;
    for (block_t *b = list_head(c); b; prev = b, b = list_next(b)) {
        if (!check_class(++length <= walk->listed_free, c,
                         "invariant 7: a list holds no more blocks than are free (a cycle?)") ||
            !check(inside_heap(b) && payload_aligned(b), b, "invariant 7: a list entry lies in the heap")) {
            *ok = false;
            break;
        }
        *ok &= check(!block_is_alloc(b), b, "invariant 7: a list holds only free blocks");
        *ok &= check(block_is_alloc(b) || !is_wilderness(b), b, "invariant 6: the wilderness is on no list");
        *ok &= check(block_size(b) >= MIN_BLOCK && class_of(block_size(b)) == c, b,
                     "invariant 7: a list holds only blocks of its class");
        *ok &= check(list_prev(b) == prev, b, "invariant 7: a prev link names the entry before");
    }
    *ok &= check_class(bitmap_bit(c) == (length > 0), c,
                       "invariant 8: the bitmap bit is set exactly when the list is not empty");
    return length;
}

/* Checks the registry of spares against the walk (invariant 9). */
static void check_spares(const walk_t *walk, bool *ok)
{
    size_t registered = 0;
    for (unsigned r = 0; r < RUN_SIZES; r++) {
        block_t *spare = block_at(ctl->spare[r]);
        bool has_bit = (ctl->spare_sizes >> r) & 1;
        *ok &= check(has_bit == (spare != NULL), spare,
                     "invariant 9: a size's spare_sizes bit is set exactly when it has a spare");
        if (!spare)
            continue;
        registered++;
        *ok &= check(inside_heap(spare) && payload_aligned(spare) && block_is_spare(spare), spare,
                     "invariant 9: a registered spare is a block flagged SPARE");
    }
    *ok &= check(registered == walk->spares, NULL,
                 "invariant 9: as many spares are registered as blocks are flagged SPARE");
}

int mm_checkheap(int verbose)
{
    if (!check(ctl != NULL, NULL, "invariant 1: mm_init has placed the control block"))
        return 0;
    bool ok = check((char *)epilogue == (char *)mem_heap_hi() + 1 - WORD, epilogue,
                    "invariant 1: the epilogue is the heap's last word");
    if (!ok)
        return 0;
    ok &= check(*(word_t *)(heap_base() + PROLOGUE_OFFSET) == pack(0, true, true), NULL,
                "invariant 1: the prologue word is intact");
    ok &= check(block_size(epilogue) == 0 && block_is_alloc(epilogue), epilogue,
                "invariant 1: the epilogue is a zero-size allocated header");

    walk_t walk = {0};
    bool prev_free = false;
    for (block_t *b = heap_first_block(); !is_epilogue(b); b = block_next(b)) {
        if (verbose)
            fprintf(stderr, "  %p: size %zu %s%s\n", (void *)b, block_size(b),
                    block_is_spare(b) ? "spare" : block_is_alloc(b) ? "allocated" : "free",
                    block_prev_is_alloc(b) ? "" : " (previous free)");
        if (!check_block(b, prev_free, &walk, &ok))
            return 0;
        prev_free = !block_is_alloc(b);
    }
    ok &= check(block_prev_is_alloc(epilogue) != prev_free, epilogue,
                "invariant 4: the epilogue's PREV_ALLOC tells whether the last block is allocated");

    /* Each free block met is linked into the list of its class and each
     * listed block is a free block of its list's class; equal counts then
     * mean that the lists hold exactly the free blocks but the wilderness. */
    size_t listed = 0;
    for (unsigned c = 0; c < CLASS_COUNT; c++)
        listed += check_list(c, &walk, &ok);
    ok &= check(listed == walk.listed_free, NULL,
                "invariant 6: the lists hold as many blocks as there are free blocks "
                "outside the wilderness");
    check_spares(&walk, &ok);
    ok &= check(ctl->last_grown == 0 || walk.met_last_grown, block_at(ctl->last_grown),
                "invariant 10: the last grown block is a block of the heap");
    return ok;
}
