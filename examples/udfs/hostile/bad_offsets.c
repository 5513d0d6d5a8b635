/*
 * hostile/bad_offsets.c -- VARCHAR results whose offsets buffer lies.
 *
 *   bad_offsets            offsets decrease: offsets[i] = 8 * (rows - i) over 8 * rows bytes of
 *                          'x'. Expected: "function bad_offsets returned an invalid result:
 *                          offsets[1] = ... is less than offsets[0] = ..." (for a batch of at
 *                          least one row).
 *   bad_offsets_past_data  offsets are non-decreasing but the last one is 0x7FFFFFF0, so the
 *                          data would run far beyond the end of linear memory. Expected: an
 *                          invalid-result error saying the data exceeds memory.
 *
 * The host must check both before it copies a byte, and never read outside guest memory.
 */
#include <stdlib.h>

#include "raw.h"

SLUICE_DESCRIBE("# hostile: returns VARCHAR offsets that decrease or point past the end of memory; "
                "expected: an invalid-result error naming the offsets")

RAW_BATCH_EXPORT("SCALAR", bad_offsets, "bad_offsets(x BIGINT) RETURNS VARCHAR") {
  (void)in_schema;
  (void)out_schema;
  sluice_reclaim();
  int64_t rows = in->length;
  int32_t *offsets = sluice_scratch(sizeof(int32_t) * (size_t)(rows + 1));
  char *data = sluice_scratch((size_t)(8 * rows));
  const void **buffers = sluice_scratch(3 * sizeof(void *));
  if (!offsets || !data || !buffers) return sluice_error("out of memory");
  memset(data, 'x', (size_t)(8 * rows));
  for (int64_t i = 0; i <= rows; i++) offsets[i] = (int32_t)(8 * (rows - i));
  buffers[0] = NULL;
  buffers[1] = offsets;
  buffers[2] = data;
  raw_array(out, rows, 3, buffers);
  return SLUICE_OK;
}

RAW_BATCH_EXPORT("SCALAR", bad_offsets_past_data,
                 "bad_offsets_past_data(x BIGINT) RETURNS VARCHAR") {
  (void)in_schema;
  (void)out_schema;
  sluice_reclaim();
  int64_t rows = in->length;
  int32_t *offsets = sluice_scratch(sizeof(int32_t) * (size_t)(rows + 1));
  const void **buffers = sluice_scratch(3 * sizeof(void *));
  if (!offsets || !buffers) return sluice_error("out of memory");
  for (int64_t i = 0; i < rows; i++) offsets[i] = 0;
  offsets[rows] = 0x7FFFFFF0;
  buffers[0] = NULL;
  buffers[1] = offsets;
  buffers[2] = offsets; /* any address: it is the length that is wrong */
  raw_array(out, rows, 3, buffers);
  return SLUICE_OK;
}
