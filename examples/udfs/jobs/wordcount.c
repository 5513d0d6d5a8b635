/*
 * wordcount.c -- word count as a batch job (docs/jobs.md): a map, and an aggregate that is both the
 * combiner and the reducer.
 *
 *   map_words(text VARCHAR) RETURNS TABLE(word VARCHAR, n BIGINT)
 *       one (word, 1) row per word of the text. A word is a maximal run of ASCII letters, ASCII
 *       digits and non-ASCII bytes (as split_words in split.c cuts them), with its ASCII letters
 *       lower-cased, so "The" and "the" count together. NULL or word-less texts give no rows.
 *   sum_counts(n BIGINT) RETURNS BIGINT
 *       the sum of the non-NULL values; NULL for a group without any; fails on BIGINT overflow.
 *       Its state is plain data, so the SDK serializes it by copying its bytes.
 *
 *   ./sluice job run --input docs --map examples/udfs/jobs/wordcount.wasm:map_words
 *       --combine examples/udfs/jobs/wordcount.wasm:sum_counts
 *       --reduce examples/udfs/jobs/wordcount.wasm:sum_counts --output word_counts
 *
 * Java reference: the word counts computed in io.sluice.jobs.WordCountJobTest.
 */
#include <stdbool.h>

#include "sluice.h"

/** Output rows per call; a batch that yields more is handed over in several calls (SLUICE_MORE). */
#define MAX_ROWS_PER_CALL 16384

/* Where the last call stopped when it returned SLUICE_MORE (see split.c for the protocol). */
static struct {
  bool pending;
  const struct ArrowArray *input;
  int64_t rows;
  int64_t row;   /* input row to resume in */
  uint32_t byte; /* offset in that row's text where the next word search starts */
} resume;

static bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int map_words(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *text = &call->args[0];
  sluice_builder *word = &out->columns[0], *n = &out->columns[1];
  int64_t row = 0;
  uint32_t byte = 0;
  if (resume.pending && resume.input == text->array && resume.rows == call->rows) {
    row = resume.row;
    byte = resume.byte;
  }
  resume.pending = false;

  int64_t emitted = 0;
  for (; row < call->rows; row++, byte = 0) {
    if (sluice_is_null(text, row)) continue;
    sluice_bytes v = sluice_get_bytes(text, row);
    const unsigned char *s = (const unsigned char *)v.ptr;
    for (;;) {
      while (byte < v.len && !is_word_byte(s[byte])) byte++;
      uint32_t start = byte;
      while (byte < v.len && is_word_byte(s[byte])) byte++;
      if (byte == start) break;
      if (emitted == MAX_ROWS_PER_CALL) {
        resume.pending = true;
        resume.input = text->array;
        resume.rows = call->rows;
        resume.row = row;
        resume.byte = start;
        return SLUICE_MORE;
      }
      sluice_emit_row(out, row);
      char *lower = sluice_append_reserve(word, byte - start);
      if (!lower) return sluice_error_at(row, "map_words: out of memory");
      for (uint32_t i = start; i < byte; i++) {
        unsigned char c = s[i];
        lower[i - start] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      }
      sluice_append_bigint(n, 1);
      emitted++;
    }
  }
  return SLUICE_OK;
}
SLUICE_TABLE(map_words, "map_words(text VARCHAR) RETURNS TABLE(word VARCHAR, n BIGINT)")

typedef struct sum_state {
  int64_t sum;
  int64_t count; /* non-NULL values folded in */
} sum_state;

static int sum_init(void *state) {
  (void)state; /* zeroed memory is an empty sum */
  return SLUICE_OK;
}

static int sum_update(void *state, const sluice_call *call, int64_t row) {
  sum_state *s = state;
  const sluice_column *n = &call->args[0];
  if (sluice_is_null(n, row)) return SLUICE_OK;
  if (__builtin_add_overflow(s->sum, sluice_get_bigint(n, row), &s->sum))
    return sluice_error_at(row, "sum_counts: the sum overflows BIGINT");
  s->count++;
  return SLUICE_OK;
}

static int sum_merge(void *into, const void *from) {
  sum_state *a = into;
  const sum_state *b = from;
  if (__builtin_add_overflow(a->sum, b->sum, &a->sum))
    return sluice_error("sum_counts: the sum overflows BIGINT");
  a->count += b->count;
  return SLUICE_OK;
}

static int sum_finish(const void *state, sluice_builder *out) {
  const sum_state *s = state;
  if (s->count == 0) sluice_append_null(out);
  else sluice_append_bigint(out, s->sum);
  return SLUICE_OK;
}

static const sluice_aggregate sum_impl = {
    .state_size = sizeof(sum_state),
    .init = sum_init,
    .update = sum_update,
    .merge = sum_merge,
    .finish = sum_finish,
};
SLUICE_AGGREGATE(sum_counts, "sum_counts(n BIGINT) RETURNS BIGINT", sum_impl)
