/*
 * hostile/trap_unreachable.c -- executes wasm's `unreachable` instruction (__builtin_trap).
 *
 *   trap_unreachable      BATCH  traps on every call
 *   trap_unreachable_row  ROW    traps on a row whose x is negative, returns x otherwise
 *
 * Expected: the query fails with a trap error naming the function ("unreachable" executed) and,
 * on the row ABI, the row; the instance that trapped is thrown away and the node keeps serving.
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: executes the unreachable instruction; "
                "expected: a trap error naming the function (and the row, on the row ABI)")

static int trap_unreachable(const sluice_call *call, sluice_builder *out) {
  (void)call;
  (void)out;
  __builtin_trap();
}
SLUICE_SCALAR(trap_unreachable, "trap_unreachable(x BIGINT) RETURNS BIGINT")

SLUICE_ROW_FUNCTION(int64_t, trap_unreachable_row, (int64_t x),
                    "trap_unreachable_row(x BIGINT) RETURNS BIGINT") {
  if (x < 0) __builtin_trap();
  return x;
}
