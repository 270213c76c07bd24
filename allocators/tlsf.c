/*
 * tlsf.c - two-level segregated fit (TLSF): good fit in constant time.
 *
 * TLSF is the allocator of Masmano, Ripoll, Crespo and Real, "TLSF: a New
 * Dynamic Memory Allocator for Real-Time Systems" (ECRTS 2004). A real-time
 * program needs a bound on the time of every single malloc and free, not a
 * good average; TLSF gives that bound and still fragments memory little.
 *
 * Why malloc and free take constant time
 * --------------------------------------
 * Free blocks sit on segregated lists, one per size class, and the classes
 * come in two levels:
 *
 *   - the first level (fl) cuts sizes into power-of-two ranges: the range
 *     of a size is the position of its highest set bit;
 *   - the second level (sl) cuts each range into SL_INDEX_COUNT classes of
 *     equal width: the class within the range is given by the
 *     SL_INDEX_LOG2 bits just below the highest one.
 *
 *     range [256, 512)     | 256 | 272 | 288 | ... | 496 |     16 classes,
 *     range [512, 1024)    | 512 | 544 | 576 | ... | 992 |     each 1/16
 *     ...                                                      of the range
 *
 * Sizes below SMALL_BLOCK_SIZE, where such classes would be narrower than
 * the alignment, share range 0, cut into classes of ALIGNMENT bytes: there
 * every class holds blocks of one size only.
 *
 * So the class of a size is computed, never searched: one find-last-set
 * instruction and two shifts. And which lists are empty is never learnt
 * by looking at them: a first-level bitmap has one bit per range, set
 * while any class of the range has a free block, and each range has a
 * second-level bitmap with one bit per class, set while the class's list
 * is not empty.
 *
 * malloc rounds the block size it needs up to the next class boundary, so
 * that every block of that class, and of every class above it, is large
 * enough: it takes the head of the first non-empty list at or above the
 * rounded class without reading any block's size. Finding that list costs
 * at most three find-first-set instructions: one on the range's
 * second-level bitmap with the classes below masked off; if nothing is
 * left there, one on the first-level bitmap with the ranges up to this one
 * masked off, then one on the second-level bitmap of the range found. Then
 * the head is unlinked and the block is split, the rest going to the head
 * of its own list. None of these steps depends on how many blocks or free
 * blocks there are.
 *
 * free merges the block with its free neighbours at once (immediate
 * coalescing) using boundary tags: the right neighbour starts where the
 * block ends, and a free left neighbour has a footer in the word just
 * below the block's header. The lists are doubly linked, so a neighbour
 * comes off its list in constant time wherever it is on it, and the merged
 * block goes to the head of its class's list. At most two merges, one
 * insertion: constant time again.
 *
 * Placement: good fit
 * -------------------
 * The price of the bound is "good fit" rather than best fit. A request
 * skips the blocks of its own class, since some of them may be too small,
 * and takes one from the next non-empty class, which may be much larger
 * and is then split. Best fit would have kept the large block whole for a
 * later large request; TLSF accepts that external fragmentation for the
 * time bound. Within a class sizes differ by less than 1/SL_INDEX_COUNT of
 * the range, so the finer the classes, the closer good fit comes to best
 * fit, and the larger the control block.
 *
 * One look is added before the bitmap search, which keeps the bound: the
 * head of the request's own class is taken if it happens to be large
 * enough, since it is the closest fit the lists can offer without a walk.
 *
 * A block larger than the request is split at its low end: the request
 * takes the front, and the rest becomes a free block of its own.
 *
 * The wilderness and growing the pool
 * -----------------------------------
 * The pool starts empty and grows with mem_sbrk. The free block at the top
 * of the heap, if there is one, is the wilderness: it can grow with the
 * heap, so it is kept on no list and used only when no listed block fits
 * (the "wilderness preservation" heuristic of Wilson, Johnstone, Neely and
 * Boles's 1995 survey of allocators). That keeps it as large as possible,
 * and leaves room above whatever block reaches the top of the heap, so
 * that a block that realloc keeps growing can grow where it is. When even
 * the wilderness is too small, the heap grows by exactly what it lacks,
 * the new space merging with it. All of this is constant time too: the
 * wilderness is found from the epilogue's PREV_ALLOC bit and the footer
 * below it.
 *
 * realloc shrinks in place, freeing the tail. It grows in place if it can:
 * into a free right neighbour, or, when the block (or that neighbour) ends
 * at the top of the heap, by growing the heap by what is missing.
 * Otherwise the block must move, and it goes, in this order of preference:
 * to a listed free block chosen as malloc would choose it; down into its
 * free left neighbour (and right one), sliding the payload, which uses
 * free memory beside the block but may fit it poorly; to the wilderness,
 * or to new memory at the top of the heap.
 *
 * Block layout
 * ------------
 * The heap is smaller than 4 GiB (MAX_HEAP), so every size and every link
 * fits in a 32-bit word: links are offsets from the heap base, not
 * pointers. A block starts with a one-word header and its payload follows
 * at once, so headers sit 4 bytes below a 16-byte boundary.
 *
 *   allocated block                   free block
 *   +--------+------------------+     +--------+------+------+-...-+--------+
 *   | header | payload ...      |     | header | next | prev |     | footer |
 *   +--------+------------------+     +--------+------+------+-...-+--------+
 *     4 bytes ^ 16-aligned              4        4      4             4
 *
 *   header = size | PREV_ALLOC | ALLOC    (sizes are multiples of 16, so
 *                                         the low four bits hold flags)
 *
 * The footer repeats the header. Only free blocks have one: a footer is
 * read only to find the start of a free left neighbour that is about to be
 * merged, and whether the left neighbour is free is told by the
 * PREV_ALLOC bit of each header. An allocated block is thus all header
 * and payload: a request of n bytes takes round_up(n + 4, 16) bytes, at
 * least MIN_BLOCK, which is just enough for a free block's header, links
 * and footer.
 *
 *   heap base                                                        break
 *   | control block | pad | block | block | ... | block | epilogue |
 *                                                         4 bytes: size 0,
 *                                                         ALLOC
 *
 * The control block holds the first-level bitmap, the second-level
 * bitmaps and the head of every class list: mm_init places it at the
 * bottom of the heap, so the allocator's state lives in the memory it
 * manages and the program's global data holds only two pointers. The pad
 * puts the first header 4 bytes below a 16-byte boundary; the first block
 * always has PREV_ALLOC set, since nothing to its left can be merged. The
 * epilogue is a zero-size allocated header at the top: merging never runs
 * off the end of the heap, and its PREV_ALLOC bit tells whether the last
 * block is free.
 *
 * Invariants (mm_checkheap checks each one, and names its number)
 * ----------
 *   1. The epilogue is the heap's last word: a zero-size allocated header.
 *   2. The blocks tile the heap from the first block to the epilogue; each
 *      has a 16-aligned payload and a size that is a multiple of 16 and at
 *      least MIN_BLOCK.
 *   3. A free block's footer holds its size.
 *   4. Each header's PREV_ALLOC bit (the epilogue's too) tells whether the
 *      block to its left is allocated; the first block's bit is set.
 *   5. No two free blocks are adjacent: coalescing is immediate.
 *   6. Every free block but the wilderness is on the list of its class,
 *      and the lists hold nothing else: each entry is a free block of the
 *      list's class and not the wilderness, its links agree in both
 *      directions, and the lists together hold as many blocks as the heap
 *      has free blocks below the top.
 *   7. Bit sl of range fl's second-level bitmap is set exactly when the
 *      list of class (fl, sl) is not empty, and bit fl of the first-level
 *      bitmap exactly when that second-level bitmap is not zero.
 *
 * Complexity: malloc and free are O(1), as shown above; realloc is O(1)
 * plus the copy when it moves or slides a block. mm_checkheap is O(heap):
 * one walk over the blocks, one over every list, one look at each class.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

/* Headers, footers, links and bitmaps are 32-bit words. */
typedef uint32_t word_t;

enum {
    /* log2 of the classes in each power-of-two range. More classes bring
     * good fit closer to best fit but cost SL_INDEX_COUNT list heads of 4
     * bytes per range in the control block, at the bottom of every heap;
     * 4 or 5 are the usual choices. */
    SL_INDEX_LOG2 = 4,
    /* log2 of ALIGNMENT: block sizes are multiples of 2^ALIGNMENT_LOG2. */
    ALIGNMENT_LOG2 = 4,
    /* Every block is smaller than 2^FL_LIMIT_LOG2 bytes: log2 of MAX_HEAP,
     * rounded up. */
    FL_LIMIT_LOG2 = 27,

    /* Derived from the three above. */
    SL_INDEX_COUNT = 1 << SL_INDEX_LOG2,
    /* Sizes below SMALL_BLOCK_SIZE (1 << FL_INDEX_SHIFT) would get classes
     * narrower than ALIGNMENT; they form range 0, one class per ALIGNMENT
     * bytes. Range fl >= 1 holds sizes in
     * [2^(fl + FL_INDEX_SHIFT - 1), 2^(fl + FL_INDEX_SHIFT)). */
    FL_INDEX_SHIFT = SL_INDEX_LOG2 + ALIGNMENT_LOG2,
    SMALL_BLOCK_SIZE = 1 << FL_INDEX_SHIFT,
    FL_INDEX_COUNT = FL_LIMIT_LOG2 - FL_INDEX_SHIFT + 1,

    /* The block format. */
    WORD = sizeof(word_t),     /* bytes in a header, footer or link */
    MIN_BLOCK = 16,            /* header + next + prev + footer */
    ALLOC = 0x1,               /* header bit: this block is allocated */
    PREV_ALLOC = 0x2,          /* header bit: the left neighbour is allocated */
    FLAG_BITS = 0xF,           /* low header bits that are not size */
};

_Static_assert(ALIGNMENT == 1 << ALIGNMENT_LOG2, "ALIGNMENT_LOG2 is the log2 of ALIGNMENT");
_Static_assert(ALIGNMENT == 16, "the block layout puts headers 4 bytes below 16-byte lines");
_Static_assert((uint64_t)MAX_HEAP <= (uint64_t)1 << FL_LIMIT_LOG2 &&
                   (uint64_t)MAX_HEAP > (uint64_t)1 << (FL_LIMIT_LOG2 - 1),
               "FL_LIMIT_LOG2 is the log2 of MAX_HEAP rounded up");
_Static_assert((uint64_t)MAX_HEAP + ((uint64_t)MAX_HEAP >> SL_INDEX_LOG2) + 2 * ALIGNMENT <=
                   (uint64_t)1 << FL_LIMIT_LOG2,
               "the largest request, rounded up to its class, still maps to a range");
_Static_assert(SL_INDEX_COUNT <= 32, "a second-level bitmap is one 32-bit word");
_Static_assert(FL_INDEX_COUNT < 32,
               "the first-level bitmap is one 32-bit word, with a bit to spare above the top "
               "range so that masking off the ranges up to the top one is a valid shift");
_Static_assert(MIN_BLOCK <= SMALL_BLOCK_SIZE, "the smallest block belongs to range 0");

/*
 * A block as seen from its header. The links exist only in free blocks; in
 * an allocated block the same bytes are the start of the payload.
 */
typedef struct {
    word_t header;    /* size | PREV_ALLOC | ALLOC */
    word_t next_free; /* offset of the next block on this class's list, 0 at the end */
    word_t prev_free; /* offset of the previous block on the list, 0 at the head */
} block_t;

/*
 * The control block, at the bottom of the heap. The heap base is offset 0
 * and holds the first-level bitmap, so no block has offset 0 and 0 can
 * mean "no block" in a link or a list head.
 */
typedef struct {
    word_t fl_bitmap;                            /* bit fl set iff sl_bitmap[fl] != 0 */
    word_t sl_bitmap[FL_INDEX_COUNT];            /* bit sl set iff head[fl][sl] != 0 */
    word_t head[FL_INDEX_COUNT][SL_INDEX_COUNT]; /* offset of each list's first block */
} control_t;

enum {
    /* Offset of the first block's header: the first offset past the control
     * block that lies one word below a multiple of ALIGNMENT. */
    FIRST_BLOCK_OFFSET =
        (sizeof(control_t) + WORD + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - WORD,
};

/* The only global data: where the control block and the epilogue are. */
static struct {
    control_t *control; /* the heap base */
    block_t *epilogue;  /* the zero-size header in the heap's last word */
} pool;

/* A size class: range fl of the first level, class sl within it. */
typedef struct {
    unsigned fl;
    unsigned sl;
} class_t;

/* ---- Bits ------------------------------------------------------------- */

/* Index of the lowest set bit of a nonzero word (find-first-set). */
static inline unsigned find_first_set(word_t bits)
{
    assert(bits != 0 && "find_first_set needs a set bit");
    return (unsigned)__builtin_ctz(bits);
}

/* Index of the highest set bit of a nonzero size (find-last-set). */
static inline unsigned find_last_set(size_t size)
{
    assert(size != 0 && "find_last_set needs a set bit");
    return 63 - (unsigned)__builtin_clzll((unsigned long long)size);
}

/* ---- Headers, footers and neighbours ----------------------------------- */

static inline word_t pack(size_t size, bool alloc, bool prev_alloc)
{
    assert((size & FLAG_BITS) == 0 && "sizes are multiples of 16");
    return (word_t)size | (prev_alloc ? PREV_ALLOC : 0) | (alloc ? ALLOC : 0);
}

static inline size_t block_size(const block_t *b) { return b->header & ~(word_t)FLAG_BITS; }

static inline bool block_is_alloc(const block_t *b) { return b->header & ALLOC; }

static inline bool block_prev_is_alloc(const block_t *b) { return b->header & PREV_ALLOC; }

static inline void block_set_prev_alloc(block_t *b, bool prev_alloc)
{
    b->header = prev_alloc ? (b->header | PREV_ALLOC) : (b->header & ~(word_t)PREV_ALLOC);
}

/* The last word of b: a footer when b is free. */
static inline word_t *block_footer(const block_t *b)
{
    return (word_t *)((char *)b + block_size(b) - WORD);
}

/* The size recorded in b's footer. */
static inline size_t footer_size(const block_t *b)
{
    return *block_footer(b) & ~(word_t)FLAG_BITS;
}

/* Write b's header, and its footer when it is free. */
static inline void block_write(block_t *b, size_t size, bool alloc, bool prev_alloc)
{
    b->header = pack(size, alloc, prev_alloc);
    if (!alloc)
        *block_footer(b) = b->header;
}

static inline block_t *block_next(const block_t *b)
{
    return (block_t *)((char *)b + block_size(b));
}

/* The left neighbour, found through its footer: only a free one has one. */
static inline block_t *block_prev(const block_t *b)
{
    assert(!block_prev_is_alloc(b) && "only a free left neighbour has a footer");
    word_t prev_footer = *((const word_t *)b - 1);
    return (block_t *)((char *)b - (prev_footer & ~(word_t)FLAG_BITS));
}

static inline void *block_payload(const block_t *b) { return (char *)b + WORD; }

static inline block_t *block_from_payload(void *payload)
{
    return (block_t *)((char *)payload - WORD);
}

/* Bytes of payload that allocated block b holds. */
static inline size_t payload_capacity(const block_t *b) { return block_size(b) - WORD; }

/* The block size that a request of n bytes needs; n is at most MAX_HEAP. */
static inline size_t block_size_for(size_t n)
{
    size_t size = (n + WORD + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

static inline block_t *heap_first_block(void)
{
    return (block_t *)((char *)pool.control + FIRST_BLOCK_OFFSET);
}

static inline bool is_epilogue(const block_t *b) { return b == pool.epilogue; }

/* ---- Offsets: how links and list heads name blocks --------------------- */

static inline block_t *block_at(word_t offset)
{
    return offset ? (block_t *)((char *)pool.control + offset) : NULL;
}

static inline word_t offset_of(const block_t *b)
{
    return b ? (word_t)((const char *)b - (const char *)pool.control) : 0;
}

/* ---- Size classes ------------------------------------------------------ */

/* The class of a free block of size bytes: the list it goes on. */
static inline class_t class_of(size_t size)
{
    if (size < SMALL_BLOCK_SIZE)
        return (class_t){0, (unsigned)(size >> ALIGNMENT_LOG2)};
    unsigned top_bit = find_last_set(size);
    class_t c = {top_bit - FL_INDEX_SHIFT + 1,
                 (unsigned)(size >> (top_bit - SL_INDEX_LOG2)) - SL_INDEX_COUNT};
    assert(c.fl < FL_INDEX_COUNT && "block sizes stay below 2^FL_LIMIT_LOG2");
    return c;
}

/* The first class whose every block holds size bytes: size rounded up to
 * the next class boundary. Range 0's classes hold one size each, so a
 * small size is its own boundary. */
static inline class_t class_for_request(size_t size)
{
    if (size >= SMALL_BLOCK_SIZE)
        size += ((size_t)1 << (find_last_set(size) - SL_INDEX_LOG2)) - 1;
    return class_of(size);
}

static inline word_t *list_head(class_t c) { return &pool.control->head[c.fl][c.sl]; }

/* ---- Free lists -------------------------------------------------------- */

static inline block_t *list_next(const block_t *b) { return block_at(b->next_free); }

static inline block_t *list_prev(const block_t *b) { return block_at(b->prev_free); }

/* Put free block b at the head of its class's list. */
static inline void list_insert(block_t *b)
{
    class_t c = class_of(block_size(b));
    word_t *head = list_head(c);
    block_t *old_head = block_at(*head);
    b->next_free = *head;
    b->prev_free = 0;
    if (old_head) {
        old_head->prev_free = offset_of(b);
    } else {
        pool.control->sl_bitmap[c.fl] |= (word_t)1 << c.sl;
        pool.control->fl_bitmap |= (word_t)1 << c.fl;
    }
    *head = offset_of(b);
}

/* Take free block b off its class's list, wherever it is on it. */
static inline void list_remove(block_t *b)
{
    block_t *next = list_next(b);
    block_t *prev = list_prev(b);
    if (next)
        next->prev_free = b->prev_free;
    if (prev) {
        prev->next_free = b->next_free;
        return;
    }
    class_t c = class_of(block_size(b));
    word_t *head = list_head(c);
    assert(*head == offset_of(b) && "a listed block without prev heads its list");
    *head = b->next_free;
    if (next)
        return;
    pool.control->sl_bitmap[c.fl] &= ~((word_t)1 << c.sl);
    if (pool.control->sl_bitmap[c.fl] == 0)
        pool.control->fl_bitmap &= ~((word_t)1 << c.fl);
}

/* ---- The wilderness ---------------------------------------------------- */

/* Whether free block b is the wilderness: the free block at the top of the
 * heap, which is kept on no list. */
static inline bool is_wilderness(const block_t *b) { return is_epilogue(block_next(b)); }

/* The wilderness, or NULL when the last block is allocated. */
static inline block_t *wilderness(void)
{
    return block_prev_is_alloc(pool.epilogue) ? NULL : block_prev(pool.epilogue);
}

/* Put free block b where it belongs: on its class's list, or nowhere if it
 * is the wilderness. */
static inline void file_free(block_t *b)
{
    if (!is_wilderness(b))
        list_insert(b);
}

/* Take free block b off its list, if it is on one, before it is used. */
static inline void unfile_free(block_t *b)
{
    if (!is_wilderness(b))
        list_remove(b);
}

/* ---- Placement --------------------------------------------------------- */

/* A listed free block of at least size bytes, or NULL. First the head of
 * the size's own class, if it happens to be large enough: the closest fit
 * the lists offer at the cost of one comparison. Else good fit: the head of
 * the first non-empty list at or above the class of size rounded up, found
 * with the bitmaps, where every block fits. */
static inline block_t *find_fit(size_t size)
{
    const control_t *control = pool.control;
    block_t *own_head = block_at(*list_head(class_of(size)));
    if (own_head && block_size(own_head) >= size)
        return own_head;
    class_t c = class_for_request(size);
    word_t classes = control->sl_bitmap[c.fl] & (~(word_t)0 << c.sl);
    if (classes == 0) {
        word_t ranges = control->fl_bitmap & (~(word_t)0 << (c.fl + 1));
        if (ranges == 0)
            return NULL;
        c.fl = find_first_set(ranges);
        classes = control->sl_bitmap[c.fl];
    }
    c.sl = find_first_set(classes);
    return block_at(control->head[c.fl][c.sl]);
}

/* ---- Coalescing, splitting and growing --------------------------------- */

/* Free block b (its header's size and PREV_ALLOC are right, its ALLOC bit
 * is ignored): merge it with its free neighbours and file the result. */
static block_t *coalesce(block_t *b)
{
    size_t size = block_size(b);
    block_t *next = block_next(b);
    if (!block_is_alloc(next)) {
        unfile_free(next);
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
    block_write(b, size, false, true);
    block_set_prev_alloc(block_next(b), false);
    file_free(b);
    return b;
}

/* Block b spans block_size(b) bytes and its PREV_ALLOC bit is right; b is
 * on no list. Make it an allocated block of size bytes, and free the rest
 * of the span when it is large enough to be a block, merging it with a free
 * right neighbour. */
static void place(block_t *b, size_t size)
{
    size_t span = block_size(b);
    assert(span >= size && "a block is placed only where it fits");
    if (span - size < MIN_BLOCK) {
        block_write(b, span, true, block_prev_is_alloc(b));
        block_set_prev_alloc(block_next(b), true);
        return;
    }
    block_write(b, size, true, block_prev_is_alloc(b));
    block_t *rest = block_next(b);
    block_write(rest, span - size, true, true);
    coalesce(rest);
}

/* Grow the heap by bytes (a multiple of 16) and return the new wilderness:
 * the new space, merged with the old wilderness if there was one. NULL
 * when the heap cannot grow. */
static block_t *extend_heap(size_t bytes)
{
    /* Refused here rather than by mem_sbrk, which would print an
     * out-of-memory line for what is only a NULL return. */
    if (bytes > MAX_HEAP - mem_heapsize())
        return NULL;
    if (mem_sbrk((intptr_t)bytes) == (void *)-1)
        return NULL;
    /* The old epilogue's header becomes the new block's; its PREV_ALLOC
     * bit already tells whether the old last block is free. */
    block_t *b = pool.epilogue;
    size_t size = bytes;
    if (!block_prev_is_alloc(b)) {
        b = block_prev(b);
        size += block_size(b);
    }
    block_write(b, size, false, block_prev_is_alloc(b));
    pool.epilogue = block_next(b);
    pool.epilogue->header = pack(0, true, false);
    return b;
}

/* The wilderness, grown if need be to hold size bytes: the heap grows by
 * only what the wilderness lacks. NULL when the heap cannot grow. */
static block_t *grow_pool(size_t size)
{
    block_t *top = wilderness();
    size_t have = top ? block_size(top) : 0;
    return have >= size ? top : extend_heap(size - have);
}

/* ---- The interface ----------------------------------------------------- */

int mm_init(void)
{
    char *base = mem_sbrk(FIRST_BLOCK_OFFSET + WORD);
    if (base == (void *)-1)
        return -1;
    assert((uintptr_t)base % ALIGNMENT == 0 && "the heap base is 16-aligned");
    pool.control = (control_t *)base;
    memset(pool.control, 0, sizeof *pool.control);
    pool.epilogue = heap_first_block();
    pool.epilogue->header = pack(0, true, true);
    return 0;
}

void *mm_malloc(size_t n)
{
    if (n == 0 || n > MAX_HEAP)
        return NULL;
    size_t size = block_size_for(n);
    block_t *b = find_fit(size);
    if (b)
        list_remove(b);
    else if (!(b = grow_pool(size)))
        return NULL;
    place(b, size);
    return block_payload(b);
}

void mm_free(void *ptr)
{
    if (!ptr)
        return;
    block_t *b = block_from_payload(ptr);
    assert(block_is_alloc(b) && "free of a block that is not allocated");
    coalesce(b);
}

/* Make allocated block b span at least size bytes where it is: absorb a
 * free right neighbour if that is enough; else, when b (or that neighbour)
 * ends at the top of the heap, grow the heap by what is missing. Returns
 * whether it could; place() then trims the span. */
static bool grow_in_place(block_t *b, size_t size)
{
    block_t *next = block_next(b);
    bool next_free = !block_is_alloc(next);
    size_t span = block_size(b) + (next_free ? block_size(next) : 0);
    if (span >= size) {
        if (next_free)
            unfile_free(next);
    } else if (is_epilogue(next) || (next_free && is_wilderness(next))) {
        /* A free next is the wilderness: on no list, it grows with the
         * heap and b takes it whole. */
        if (!extend_heap(size - span))
            return false;
        span = size;
    } else {
        return false;
    }
    block_write(b, span, true, block_prev_is_alloc(b));
    return true;
}

/* Make allocated block b span at least size bytes by absorbing its free
 * left neighbour, and its free right one too, sliding the payload down.
 * Returns the block, now starting at the left neighbour, or NULL when the
 * neighbours leave too little room. place() then trims the span. */
static block_t *slide_down(block_t *b, size_t size)
{
    block_t *prev = block_prev_is_alloc(b) ? NULL : block_prev(b);
    block_t *next = block_next(b);
    bool next_free = !block_is_alloc(next);
    size_t span = block_size(b) + (next_free ? block_size(next) : 0);
    if (!prev || block_size(prev) + span < size)
        return NULL;
    list_remove(prev); /* never the wilderness: b lies above it */
    if (next_free)
        unfile_free(next);
    span += block_size(prev);
    memmove(block_payload(prev), block_payload(b), payload_capacity(b));
    block_write(prev, span, true, block_prev_is_alloc(prev));
    return prev;
}

/* Move allocated block b into listed free block hole, which holds size
 * bytes, and free b. Returns the new payload. */
static void *move_block(block_t *b, block_t *hole, size_t size)
{
    list_remove(hole);
    place(hole, size);
    memcpy(block_payload(hole), block_payload(b), payload_capacity(b));
    coalesce(b);
    return block_payload(hole);
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
    assert(block_is_alloc(b) && "realloc of a block that is not allocated");
    size_t size = block_size_for(n);
    if (size <= block_size(b) || grow_in_place(b, size)) {
        place(b, size);
        return ptr;
    }
    /* A listed hole first: good fit, as malloc would choose. Sliding down
     * comes only after it, since the free space beside b may be a poor fit,
     * but before the wilderness and the heap's growth. */
    block_t *hole = find_fit(size);
    if (hole)
        return move_block(b, hole, size);
    block_t *slid = slide_down(b, size);
    if (slid) {
        place(slid, size);
        return block_payload(slid);
    }
    void *moved = mm_malloc(n);
    if (!moved)
        return NULL;
    memcpy(moved, ptr, payload_capacity(b));
    mm_free(ptr);
    return moved;
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

/* Report a failed invariant about block b (NULL when it concerns no single
 * block) and return whether it held. */
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

/* Report a failed invariant about the list or bitmap bit of class c. */
static bool check_class(bool holds, class_t c, const char *what)
{
    if (!holds)
        fprintf(stderr, "mm_checkheap: %s (class fl %u, sl %u)\n", what, c.fl, c.sl);
    return holds;
}

/* Whether offset names a place where a block header can be: inside the
 * heap, below the epilogue, one word below a 16-byte boundary. The checker
 * reads a link only after this test, so damaged links cannot send it
 * outside the heap. */
static bool is_block_offset(word_t offset)
{
    return offset >= FIRST_BLOCK_OFFSET && offset < offset_of(pool.epilogue) &&
           offset % ALIGNMENT == FIRST_BLOCK_OFFSET % ALIGNMENT;
}

/* Whether free block b is linked into its class's list: its neighbours on
 * the list (or the list head) point back at it. */
static bool is_linked(const block_t *b)
{
    bool prev_ok = b->prev_free == 0
                       ? *list_head(class_of(block_size(b))) == offset_of(b)
                       : is_block_offset(b->prev_free) && list_prev(b)->next_free == offset_of(b);
    bool next_ok = b->next_free == 0 ||
                   (is_block_offset(b->next_free) && list_next(b)->prev_free == offset_of(b));
    return prev_ok && next_ok;
}

/* Whether b's size keeps it, 16-aligned, between the first block and the
 * epilogue. */
static bool block_fits(const block_t *b)
{
    size_t size = block_size(b);
    return size >= MIN_BLOCK && size <= (size_t)((char *)pool.epilogue - (char *)b) &&
           (uintptr_t)block_payload(b) % ALIGNMENT == 0;
}

static bool same_class(class_t a, class_t b) { return a.fl == b.fl && a.sl == b.sl; }

/* Check class c's list (invariant 6) and its bitmap bit (invariant 7),
 * adding its entries to *listed. The walk stops once the lists have shown
 * more entries than the heap has free blocks below the top, so a cycle
 * cannot trap it. Returns whether the list is intact. */
static bool check_list(class_t c, size_t listed_free, size_t *listed)
{
    word_t head = *list_head(c);
    bool bit = (pool.control->sl_bitmap[c.fl] >> c.sl) & 1;
    bool ok = check_class(bit == (head != 0), c,
                          "invariant 7: a class's bitmap bit is set exactly when its list is "
                          "not empty");
    word_t prev = 0;
    for (word_t at = head; at != 0; prev = at, at = block_at(at)->next_free) {
        if (!check_class(is_block_offset(at), c,
                         "invariant 6: a list entry is a block inside the heap"))
            return false;
        block_t *b = block_at(at);
        if (!check(++*listed <= listed_free, b,
                   "invariant 6: the lists hold no more entries than the heap has free "
                   "blocks below the top (a cycle?)"))
            return false;
        ok &= check(!block_is_alloc(b), b, "invariant 6: every listed block is free");
        ok &= check(block_is_alloc(b) || !is_wilderness(b), b,
                    "invariant 6: the wilderness is on no list");
        ok &= check(block_fits(b) && same_class(class_of(block_size(b)), c), b,
                    "invariant 6: a listed block is on the list of its own class");
        ok &= check(b->prev_free == prev, b,
                    "invariant 6: a listed block's prev link names the entry before it");
    }
    return ok;
}

int mm_checkheap(int verbose)
{
    if (!check(pool.control != NULL, NULL, "the heap is not initialized"))
        return 0;
    bool ok = true;
    block_t *top = (block_t *)((char *)mem_heap_hi() + 1 - WORD);
    if (!check(is_epilogue(top) && block_size(top) == 0 && block_is_alloc(top), top,
               "invariant 1: the epilogue is a zero-size allocated header in the heap's "
               "last word"))
        return 0;

    size_t listed_free = 0; /* free blocks met that belong on a list */
    bool left_free = false; /* whether the block just walked over was free */
    for (block_t *b = heap_first_block(); !is_epilogue(b); b = block_next(b)) {
        if (verbose)
            fprintf(stderr, "  payload %p: size %zu %s%s\n", block_payload(b), block_size(b),
                    block_is_alloc(b) ? "allocated" : "free",
                    block_prev_is_alloc(b) ? "" : " (left neighbour free)");
        if (!check(block_fits(b), b,
                   "invariant 2: a block is 16-aligned, at least 16 bytes, a multiple of "
                   "16, and ends by the epilogue"))
            return 0;
        ok &= check(block_prev_is_alloc(b) == !left_free, b,
                    "invariant 4: PREV_ALLOC tells whether the left neighbour is allocated");
        bool is_free = !block_is_alloc(b);
        if (is_free) {
            ok &= check(!left_free, b, "invariant 5: no two free blocks are adjacent");
            ok &= check(footer_size(b) == block_size(b), b,
                        "invariant 3: a free block's footer holds its size");
        }
        if (is_free && !is_wilderness(b)) {
            listed_free++;
            ok &= check(is_linked(b), b,
                        "invariant 6: a free block below the top is linked into its class's "
                        "list");
        }
        left_free = is_free;
    }
    ok &= check(block_prev_is_alloc(pool.epilogue) == !left_free, pool.epilogue,
                "invariant 4: the epilogue's PREV_ALLOC tells whether the last block is "
                "allocated");

    size_t listed = 0;
    for (unsigned fl = 0; fl < FL_INDEX_COUNT; fl++) {
        for (unsigned sl = 0; sl < SL_INDEX_COUNT; sl++)
            ok &= check_list((class_t){fl, sl}, listed_free, &listed);
        bool bit = (pool.control->fl_bitmap >> fl) & 1;
        ok &= check_class(bit == (pool.control->sl_bitmap[fl] != 0), (class_t){fl, 0},
                          "invariant 7: a range's first-level bit is set exactly when its "
                          "second-level bitmap is not zero");
    }
    ok &= check(listed == listed_free, NULL,
                "invariant 6: the lists hold exactly the free blocks below the top");
    return ok;
}
