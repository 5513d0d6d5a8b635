/*
 * hostile/wrong_signature.c -- exports whose wasm types do not match their descriptor lines.
 *
 *   wrong_row    described as ROW (DOUBLE, DOUBLE) -> DOUBLE, so (f64, f64) -> f64, but exported
 *                as (i64, i64) -> i64
 *   wrong_batch  described as a BATCH scalar, so (i32, i32, i32, i32) -> i32, but exported as
 *                (i32) -> i32
 *
 * Expected at load time: refused with both types, e.g. "function wrong_row: export wrong_row has
 * type (i64, i64) -> i64, expected (f64, f64) -> f64".
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: exports whose wasm types contradict their lines; "
                "expected: refused at load time naming the export, its type and the expected one")
SLUICE_DESCRIBE("SCALAR wrong_row(a DOUBLE, b DOUBLE) RETURNS DOUBLE ABI ROW EXPORT wrong_row")
SLUICE_DESCRIBE("SCALAR wrong_batch(x BIGINT) RETURNS BIGINT ABI BATCH EXPORT wrong_batch")

SLUICE_EXPORT(wrong_row) int64_t wrong_row(int64_t a, int64_t b) { return a + b; }

SLUICE_EXPORT(wrong_batch) int32_t wrong_batch(int32_t x) { return x; }
