/*
 * hostile/stack_overflow.c -- recursion without end, in the two stacks a wasm function has.
 *
 *   stack_overflow         deep wasm calls with small frames: exhausts the engine's call stack
 *                          (the JVM stack under Chicory). Expected: a trap "call stack
 *                          exhausted" naming the function; the JVM thread survives.
 *   stack_overflow_shadow  big frames on C's shadow stack in linear memory. This module is linked
 *                          with --stack-first, so the stack grows down from its top toward address
 *                          0 and then wraps: expected: a trap "out of bounds memory access".
 *
 * The recursion must survive the optimizer: a base case it cannot prove unreachable (a volatile
 * global that is never -1 in practice), and work after each call that depends on the call's
 * result, so it is neither a tail call nor an accumulator loop.
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: stack_overflow recurses without end (wasm call stack), "
                "stack_overflow_shadow with 4 KiB frames (shadow stack in linear memory); "
                "expected: a trap (call stack exhausted / out of bounds memory access)")

static volatile int64_t never = -1; /* the depth at which recursion stops: never reached */
static volatile int64_t sink;

static int64_t deep(int64_t depth) {
  if (depth == never) return 0;
  int64_t below = deep(depth + 1);
  sink = below;           /* a side effect after the call, using its result */
  return below ^ depth;
}

static int64_t deep_frames(int64_t depth) {
  volatile unsigned char frame[4096]; /* volatile and indexed: kept on the shadow stack */
  frame[depth & 4095] = (unsigned char)depth;
  if (depth == never) return frame[0];
  int64_t below = deep_frames(depth + 1);
  sink = below;
  return below ^ frame[(depth * 7) & 4095];
}

SLUICE_ROW_FUNCTION(int64_t, stack_overflow, (int64_t x),
                    "stack_overflow(x BIGINT) RETURNS BIGINT") {
  return deep(x);
}

SLUICE_ROW_FUNCTION(int64_t, stack_overflow_shadow, (int64_t x),
                    "stack_overflow_shadow(x BIGINT) RETURNS BIGINT") {
  return deep_frames(x);
}
