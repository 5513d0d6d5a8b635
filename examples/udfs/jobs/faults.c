/*
 * faults.c -- map functions for testing how batch jobs fail and stop (docs/jobs.md, "Guarantees").
 * Not examples to copy: one traps on purpose, the other wastes time on purpose.
 *
 *   map_or_trap(text VARCHAR) RETURNS TABLE(text VARCHAR, n BIGINT)
 *       (text, 1) for every non-NULL text, but executes `unreachable` (a wasm trap) on a text that
 *       starts with "TRAP": the job must fail with the task's error and publish nothing.
 *   map_slowly(text VARCHAR) RETURNS TABLE(text VARCHAR, n BIGINT)
 *       (text, 1) for every non-NULL text, after a busy loop of `SPIN_ROUNDS` rounds per row, so a
 *       job over a few thousand rows runs long enough to be killed or cancelled mid-way.
 */
#include <string.h>

#include "sluice.h"

/* Rounds of busy work per row: a few hundred microseconds compiled to JVM bytecode, so that a
 * few tens of thousands of rows keep a job busy for seconds even on a fast machine. */
#define SPIN_ROUNDS 100000

/* A store to a volatile on every round: the optimizer may not delete the loop (C11 6.8.5p6). */
static volatile uint64_t sink;

static int map_or_trap(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *text = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(text, row)) continue;
    sluice_bytes v = sluice_get_bytes(text, row);
    if (v.len >= 4 && memcmp(v.ptr, "TRAP", 4) == 0) __builtin_trap();
    sluice_emit_row(out, row);
    sluice_append_bytes(&out->columns[0], v.ptr, v.len);
    sluice_append_bigint(&out->columns[1], 1);
  }
  return SLUICE_OK;
}
SLUICE_TABLE(map_or_trap, "map_or_trap(text VARCHAR) RETURNS TABLE(text VARCHAR, n BIGINT)")

static int map_slowly(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *text = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(text, row)) continue;
    for (uint64_t i = 0; i < SPIN_ROUNDS; i++) sink = sink * 31 + i;
    sluice_bytes v = sluice_get_bytes(text, row);
    sluice_emit_row(out, row);
    sluice_append_bytes(&out->columns[0], v.ptr, v.len);
    sluice_append_bigint(&out->columns[1], 1);
  }
  return SLUICE_OK;
}
SLUICE_TABLE(map_slowly, "map_slowly(text VARCHAR) RETURNS TABLE(text VARCHAR, n BIGINT)")
