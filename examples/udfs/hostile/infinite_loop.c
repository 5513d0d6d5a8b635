/*
 * hostile/infinite_loop.c -- never returns. The host must stop the call at its deadline
 * (interrupting the thread that runs it) and fail the query with a timeout that names the
 * function, then keep serving.
 *
 * A loop without side effects may legally be deleted by a C11 compiler (C11 6.8.5p6), so each
 * iteration stores to a volatile global: the optimizer has to keep every iteration.
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: infinite_loop and infinite_loop_row never return; "
                "expected: the call's time limit stops them (a timeout error naming the function)")

static volatile uint64_t spins;

static int64_t spin_forever(int64_t seed) {
  uint64_t x = (uint64_t)seed;
  for (;;) {
    x = x * 6364136223846793005u + 1442695040888963407u; /* an LCG: no fixed point to reach */
    spins = x;
  }
}

/* Batch ABI: loops inside the one call that receives the whole batch. */
static int infinite_loop(const sluice_call *call, sluice_builder *out) {
  (void)out;
  spin_forever(call->rows);
  return SLUICE_OK;
}
SLUICE_SCALAR(infinite_loop, "infinite_loop(x BIGINT) RETURNS BIGINT")

/* Row ABI: loops inside the call for the first row. */
SLUICE_ROW_FUNCTION(int64_t, infinite_loop_row, (int64_t x),
                    "infinite_loop_row(x BIGINT) RETURNS BIGINT") {
  return spin_forever(x);
}
