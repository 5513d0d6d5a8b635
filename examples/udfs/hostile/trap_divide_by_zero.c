/*
 * hostile/trap_divide_by_zero.c -- integer division by a divisor that comes from the data, so the
 * compiler cannot see it is zero: wasm's i64.div_s traps on a zero divisor (and on
 * INT64_MIN / -1, an overflow).
 *
 *   trap_divide_by_zero        ROW    a / b
 *   trap_divide_by_zero_batch  BATCH  a / b for each row (NULL if either is NULL)
 *
 * Expected: a trap error naming the function ("integer divide by zero" / "integer overflow"),
 * with the row on the row ABI.
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: divides integers by data that may be zero; "
                "expected: a trap error (integer divide by zero) naming the function")

SLUICE_ROW_FUNCTION(int64_t, trap_divide_by_zero, (int64_t a, int64_t b),
                    "trap_divide_by_zero(a BIGINT, b BIGINT) RETURNS BIGINT") {
  return a / b;
}

static int trap_divide_by_zero_batch(const sluice_call *call, sluice_builder *out) {
  const sluice_column *a = &call->args[0], *b = &call->args[1];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(a, row) || sluice_is_null(b, row)) sluice_append_null(out);
    else sluice_append_bigint(out, sluice_get_bigint(a, row) / sluice_get_bigint(b, row));
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(trap_divide_by_zero_batch,
              "trap_divide_by_zero_batch(a BIGINT, b BIGINT) RETURNS BIGINT")
