/*
 * hostile/wrong_length.c -- results with the wrong number of rows.
 *
 *   wrong_length   SCALAR  a BIGINT array of rows + 1 values (buffers big enough for them) for a
 *                          batch of `rows` rows. Expected: "function wrong_length returned an
 *                          invalid result: length N + 1, expected N".
 *   bad_row_index  TABLE   a table result whose `row` column (the input row of each output row)
 *                          starts at `rows`, past the last input row, and then decreases.
 *                          Expected: an invalid-result error naming the bad row index.
 */
#include "raw.h"

SLUICE_DESCRIBE("# hostile: returns one row too many, and table row indexes out of range; "
                "expected: an invalid-result error naming the length or the row index")

RAW_BATCH_EXPORT("SCALAR", wrong_length, "wrong_length(x BIGINT) RETURNS BIGINT") {
  (void)in_schema;
  (void)out_schema;
  sluice_reclaim();
  int64_t length = in->length + 1;
  int64_t *values = sluice_scratch(sizeof(int64_t) * (size_t)length);
  const void **buffers = sluice_scratch(2 * sizeof(void *));
  if (!values || !buffers) return sluice_error("out of memory");
  for (int64_t i = 0; i < length; i++) values[i] = i;
  buffers[0] = NULL;
  buffers[1] = values;
  raw_array(out, length, 2, buffers);
  return SLUICE_OK;
}

RAW_BATCH_EXPORT("TABLE", bad_row_index, "bad_row_index(x BIGINT) RETURNS TABLE(y BIGINT)") {
  (void)in_schema;
  (void)out_schema;
  sluice_reclaim();
  int64_t rows = in->length + 1; /* output rows: input rows + 1, so never empty */
  int32_t *row_index = sluice_scratch(sizeof(int32_t) * (size_t)rows);
  int64_t *y = sluice_scratch(sizeof(int64_t) * (size_t)rows);
  const void **row_buffers = sluice_scratch(2 * sizeof(void *));
  const void **y_buffers = sluice_scratch(2 * sizeof(void *));
  const void **struct_buffers = sluice_scratch(sizeof(void *));
  struct ArrowArray *children = sluice_scratch(2 * sizeof(struct ArrowArray));
  struct ArrowArray **child_ptrs = sluice_scratch(2 * sizeof(struct ArrowArray *));
  if (!row_index || !y || !row_buffers || !y_buffers || !struct_buffers || !children || !child_ptrs)
    return sluice_error("out of memory");
  for (int64_t i = 0; i < rows; i++) {
    row_index[i] = (int32_t)(in->length - i); /* in->length is one past the last input row */
    y[i] = i;
  }
  row_buffers[0] = NULL;
  row_buffers[1] = row_index;
  y_buffers[0] = NULL;
  y_buffers[1] = y;
  struct_buffers[0] = NULL;
  raw_array(&children[0], rows, 2, row_buffers);
  raw_array(&children[1], rows, 2, y_buffers);
  child_ptrs[0] = &children[0];
  child_ptrs[1] = &children[1];
  raw_array(out, rows, 1, struct_buffers);
  out->n_children = 2;
  out->children = child_ptrs;
  return SLUICE_OK;
}
