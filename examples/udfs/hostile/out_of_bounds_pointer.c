/*
 * hostile/out_of_bounds_pointer.c -- results that point outside linear memory.
 *
 *   oob_buffers     BATCH  out->buffers itself is 0xFFFFFFF0
 *   oob_values      BATCH  a BIGINT values buffer starting 4 bytes before the end of memory, so
 *                          even one row (8 bytes) runs past it
 *   oob_row_string  ROW    a VARCHAR result (ptr, len) whose 100 bytes start 10 bytes before the
 *                          end of memory
 *
 * Expected: an invalid-result error saying which address is outside memory (and how big memory
 * is); never an ArrayIndexOutOfBoundsException or a read of host memory.
 */
#include "raw.h"

SLUICE_DESCRIBE("# hostile: returns buffer addresses outside linear memory; "
                "expected: an invalid-result error naming the address and the memory size")

RAW_BATCH_EXPORT("SCALAR", oob_buffers, "oob_buffers(x BIGINT) RETURNS BIGINT") {
  (void)in_schema;
  (void)out_schema;
  sluice_reclaim();
  raw_array(out, in->length, 2, (const void **)(uintptr_t)0xFFFFFFF0u);
  return SLUICE_OK;
}

RAW_BATCH_EXPORT("SCALAR", oob_values, "oob_values(x BIGINT) RETURNS BIGINT") {
  (void)in_schema;
  (void)out_schema;
  sluice_reclaim();
  const void **buffers = sluice_scratch(2 * sizeof(void *));
  if (!buffers) return sluice_error("out of memory");
  buffers[0] = NULL;
  buffers[1] = (const void *)(uintptr_t)(raw_memory_bytes() - 4);
  raw_array(out, in->length, 2, buffers);
  return SLUICE_OK;
}

SLUICE_ROW_FUNCTION(int64_t, oob_row_string, (int64_t x),
                    "oob_row_string(x BIGINT) RETURNS VARCHAR") {
  (void)x;
  return sluice_row_bytes((const void *)(uintptr_t)(raw_memory_bytes() - 10), 100);
}
