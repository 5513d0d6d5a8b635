/*
 * split.c -- a table function: one output row per word of the input text.
 *
 *   split_words(text VARCHAR) RETURNS TABLE(word VARCHAR, position INT)
 *
 * A word is a maximal run of ASCII letters, ASCII digits and non-ASCII characters, so the text is
 * split at ASCII whitespace, ASCII punctuation and ASCII control characters, and multi-byte words
 * ("naïve", "Ελλάδα", "東京") stay whole. Non-ASCII punctuation and spaces (U+00A0, U+3000, ...)
 * count as word characters. `position` numbers the words of one input row from 1. A NULL or a text
 * without words produces no rows.
 *
 * It also shows the SLUICE_MORE protocol (ABI.md section 5.3): one call emits at most
 * MAX_ROWS_PER_CALL rows; when there are more, it returns SLUICE_MORE, the host copies the rows
 * and calls again with the same input, and the function resumes where it stopped.
 *
 * Java reference: io.sluice.examples.reference.SplitWords.
 */
#include <stdbool.h>

#include "sluice.h"

/** Output rows per call; a batch that yields more is returned in several calls. */
#define MAX_ROWS_PER_CALL 4096

/*
 * Where the last call stopped when it returned SLUICE_MORE. The host calls again with the same
 * input in place, which `input` and `rows` double-check; anything else starts afresh.
 */
static struct {
  bool pending;
  const struct ArrowArray *input;
  int64_t rows;
  int64_t row;      /* input row to resume in */
  uint32_t byte;    /* offset in that row's text where the next word search starts */
  int32_t position; /* position of that row's next word */
} resume;

static bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int split_words(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *text = &call->args[0];
  sluice_builder *word = &out->columns[0], *position_column = &out->columns[1];
  int64_t row = 0;
  uint32_t byte = 0;
  int32_t position = 1;
  if (resume.pending && resume.input == text->array && resume.rows == call->rows) {
    row = resume.row;
    byte = resume.byte;
    position = resume.position;
  }
  resume.pending = false;

  int64_t emitted = 0;
  for (; row < call->rows; row++, byte = 0, position = 1) {
    if (sluice_is_null(text, row)) continue;
    sluice_bytes v = sluice_get_bytes(text, row);
    const unsigned char *s = (const unsigned char *)v.ptr;
    for (;;) {
      while (byte < v.len && !is_word_byte(s[byte])) byte++;
      uint32_t start = byte;
      while (byte < v.len && is_word_byte(s[byte])) byte++;
      if (byte == start) break; /* no more words in this row */
      if (emitted == MAX_ROWS_PER_CALL) {
        resume.pending = true;
        resume.input = text->array;
        resume.rows = call->rows;
        resume.row = row;
        resume.byte = start;
        resume.position = position;
        return SLUICE_MORE;
      }
      sluice_emit_row(out, row);
      sluice_append_bytes(word, v.ptr + start, byte - start);
      sluice_append_int(position_column, position++);
      emitted++;
    }
  }
  return SLUICE_OK;
}
SLUICE_TABLE(split_words, "split_words(text VARCHAR) RETURNS TABLE(word VARCHAR, position INT)")
