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
 *   sum_or_trap(n BIGINT) RETURNS BIGINT
 *       the sum of n, as wordcount's sum_counts, but executes `unreachable` as soon as a state's sum
 *       reaches TRAP_SUM, whether in update (a combiner's or a reducer's) or in merge (a reducer
 *       merging combined partial states): for the tests of a combiner and a reducer that trap.
 *   sum_slowly(n BIGINT) RETURNS BIGINT
 *       the sum of n, after SLOW_UPDATE_ROUNDS rounds of busy work per value: a reduce phase long
 *       enough to kill a job in it.
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

/* The sum at which sum_or_trap traps. */
#define TRAP_SUM 1000

/* Rounds of busy work per value folded in by sum_slowly. */
#define SLOW_UPDATE_ROUNDS 20000

typedef struct sum_state {
  int64_t sum;
  int64_t count; /* non-NULL values folded in */
} sum_state;

static int sum_init(void *state) {
  (void)state; /* zeroed memory is an empty sum */
  return SLUICE_OK;
}

static int sum_finish(const void *state, sluice_builder *out) {
  const sum_state *s = state;
  if (s->count == 0) sluice_append_null(out);
  else sluice_append_bigint(out, s->sum);
  return SLUICE_OK;
}

static int sum_merge(void *into, const void *from) {
  sum_state *a = into;
  const sum_state *b = from;
  if (__builtin_add_overflow(a->sum, b->sum, &a->sum))
    return sluice_error("the sum overflows BIGINT");
  a->count += b->count;
  return SLUICE_OK;
}

static int sum_or_trap_update(void *state, const sluice_call *call, int64_t row) {
  sum_state *s = state;
  const sluice_column *n = &call->args[0];
  if (sluice_is_null(n, row)) return SLUICE_OK;
  if (__builtin_add_overflow(s->sum, sluice_get_bigint(n, row), &s->sum))
    return sluice_error_at(row, "sum_or_trap: the sum overflows BIGINT");
  s->count++;
  if (s->sum >= TRAP_SUM) __builtin_trap();
  return SLUICE_OK;
}

static int sum_or_trap_merge(void *into, const void *from) {
  int status = sum_merge(into, from);
  if (status == SLUICE_OK && ((sum_state *)into)->sum >= TRAP_SUM) __builtin_trap();
  return status;
}

static const sluice_aggregate sum_or_trap_impl = {
    .state_size = sizeof(sum_state),
    .init = sum_init,
    .update = sum_or_trap_update,
    .merge = sum_or_trap_merge,
    .finish = sum_finish,
};
SLUICE_AGGREGATE(sum_or_trap, "sum_or_trap(n BIGINT) RETURNS BIGINT", sum_or_trap_impl)

static int sum_slowly_update(void *state, const sluice_call *call, int64_t row) {
  sum_state *s = state;
  const sluice_column *n = &call->args[0];
  if (sluice_is_null(n, row)) return SLUICE_OK;
  for (uint64_t i = 0; i < SLOW_UPDATE_ROUNDS; i++) sink = sink * 31 + i;
  if (__builtin_add_overflow(s->sum, sluice_get_bigint(n, row), &s->sum))
    return sluice_error_at(row, "sum_slowly: the sum overflows BIGINT");
  s->count++;
  return SLUICE_OK;
}

static const sluice_aggregate sum_slowly_impl = {
    .state_size = sizeof(sum_state),
    .init = sum_init,
    .update = sum_slowly_update,
    .merge = sum_merge,
    .finish = sum_finish,
};
SLUICE_AGGREGATE(sum_slowly, "sum_slowly(n BIGINT) RETURNS BIGINT", sum_slowly_impl)
