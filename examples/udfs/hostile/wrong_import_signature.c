/*
 * hostile/wrong_import_signature.c -- imports the ABI's own host function sluice_v1.log, but with
 * the wasm type (i64) -> i32 instead of (i32, i32) -> ().
 *
 * Expected at load time: refused with a message naming the import and both signatures, e.g.
 * "import sluice_v1.log has type (i64) -> i32, expected (i32, i32) -> ()".
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: imports sluice_v1.log with the wasm type (i64) -> i32; "
                "expected: refused at load time naming the import and its expected type")

__attribute__((import_module("sluice_v1"), import_name("log"))) int32_t bad_log(int64_t x);

SLUICE_ROW_FUNCTION(int64_t, log_badly, (int64_t x), "log_badly(x BIGINT) RETURNS BIGINT") {
  return bad_log(x);
}
