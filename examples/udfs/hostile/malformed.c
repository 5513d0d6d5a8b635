/*
 * hostile/malformed.c -- the intact source of two broken modules, which the Makefile derives from
 * this one's .wasm with tools/corrupt_wasm.py:
 *
 *   hostile/malformed.wasm  four bytes of code overwritten with 0xFF, an opcode wasm does not
 *                           have; sections and sizes intact, so a parser gets as far as the code
 *   hostile/truncated.wasm  the first half of the module only
 *
 * Expected at load time, before anything runs: refused as not a valid wasm module, with the
 * parser's message (and byte offset, where it has one). Never a JVM error, never a half-loaded
 * module.
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: malformed.wasm and truncated.wasm are broken copies of this module; "
                "expected: refused at load time as not a valid wasm module")

SLUICE_ROW_FUNCTION(int64_t, intact, (int64_t x), "intact(x BIGINT) RETURNS BIGINT") {
  return x ^ 0x5A5A;
}
