/*
 * compiler-input.c - a small C file for a C compiler to compile while its
 * heap calls are recorded (tools/record -- gcc -O2 -c THIS_FILE).
 *
 * It includes no header, so the work is the same wherever the C library's
 * headers differ: a hash table of words, an insertion-sorted list, a tiny
 * expression evaluator and a run-length coder, enough code for the
 * compiler's parser, optimizer and code generator to build and free many
 * trees. It is compiled, never run.
 */

typedef unsigned long size_type;

enum { TABLE_SLOTS = 64, MAX_WORD = 32, STACK_DEPTH = 16 };

struct entry {
    char word[MAX_WORD];
    unsigned count;
    struct entry *next;
};

struct table {
    struct entry *slots[TABLE_SLOTS];
    struct entry pool[256];
    unsigned pool_used;
};

static unsigned hash_word(const char *word)
{
    unsigned hash = 2166136261u;
    while (*word) {
        hash ^= (unsigned char)*word++;
        hash *= 16777619u;
    }
    return hash;
}

static int same_word(const char *left, const char *right)
{
    while (*left && *left == *right) {
        left++;
        right++;
    }
    return *left == *right;
}

static void copy_word(char *target, const char *source)
{
    size_type i = 0;
    while (source[i] && i + 1 < MAX_WORD) {
        target[i] = source[i];
        i++;
    }
    target[i] = '\0';
}

unsigned table_add(struct table *table, const char *word)
{
    unsigned slot = hash_word(word) % TABLE_SLOTS;
    for (struct entry *entry = table->slots[slot]; entry; entry = entry->next)
        if (same_word(entry->word, word))
            return ++entry->count;
    if (table->pool_used == sizeof table->pool / sizeof table->pool[0])
        return 0;
    struct entry *fresh = &table->pool[table->pool_used++];
    copy_word(fresh->word, word);
    fresh->count = 1;
    fresh->next = table->slots[slot];
    table->slots[slot] = fresh;
    return 1;
}

void sort_counts(unsigned *values, size_type length)
{
    for (size_type i = 1; i < length; i++) {
        unsigned value = values[i];
        size_type j = i;
        while (j > 0 && values[j - 1] < value) {
            values[j] = values[j - 1];
            j--;
        }
        values[j] = value;
    }
}

/* Evaluates "+-*" over single digits, left to right with precedence. */
long evaluate(const char *text)
{
    long terms[STACK_DEPTH];
    int depth = 0;
    long product = 0;
    char pending = '+';
    for (;; text++) {
        char c = *text;
        if (c >= '0' && c <= '9') {
            long digit = c - '0';
            product = pending == '*' ? product * digit : digit;
            if (pending == '-')
                product = -product;
            continue;
        }
        if (c == '*') {
            pending = '*';
            continue;
        }
        if (depth < STACK_DEPTH)
            terms[depth++] = product;
        if (c != '+' && c != '-')
            break;
        pending = c;
    }
    long sum = 0;
    for (int i = 0; i < depth; i++)
        sum += terms[i];
    return sum;
}

size_type run_length_encode(const unsigned char *input, size_type length,
                            unsigned char *output, size_type room)
{
    size_type written = 0;
    for (size_type i = 0; i < length;) {
        size_type run = 1;
        while (i + run < length && input[i + run] == input[i] && run < 255)
            run++;
        if (written + 2 > room)
            return 0;
        output[written++] = (unsigned char)run;
        output[written++] = input[i];
        i += run;
    }
    return written;
}

size_type run_length_decode(const unsigned char *input, size_type length,
                            unsigned char *output, size_type room)
{
    size_type written = 0;
    for (size_type i = 0; i + 1 < length; i += 2) {
        if (written + input[i] > room)
            return 0;
        for (unsigned k = 0; k < input[i]; k++)
            output[written++] = input[i + 1];
    }
    return written;
}

struct matrix {
    double cell[4][4];
};

struct matrix multiply(const struct matrix *left, const struct matrix *right)
{
    struct matrix result;
    for (int row = 0; row < 4; row++)
        for (int column = 0; column < 4; column++) {
            double sum = 0;
            for (int k = 0; k < 4; k++)
                sum += left->cell[row][k] * right->cell[k][column];
            result.cell[row][column] = sum;
        }
    return result;
}

unsigned checksum(const struct table *table)
{
    unsigned sum = 0;
    for (int slot = 0; slot < TABLE_SLOTS; slot++)
        for (const struct entry *entry = table->slots[slot]; entry;
             entry = entry->next)
            sum = sum * 31 + entry->count + hash_word(entry->word);
    return sum;
}
