/*
 * hostile/no_abi_export.c -- a module that does not export sluice_abi_v1, so it does not say which
 * ABI it speaks. Everything else is in place: memory, sluice_alloc, sluice_free, a described
 * function. Built freestanding (no sluice.c, which would add the export).
 *
 * Expected at load time: refused, e.g. "the module does not export sluice_abi_v1: it is not a
 * Sluice v1 module".
 */
#include "freestanding.h"

SLUICE_DESCRIBE("# hostile: does not export sluice_abi_v1; "
                "expected: refused at load time, missing export sluice_abi_v1")

SLUICE_ROW_FUNCTION(int64_t, double_it, (int64_t x), "double_it(x BIGINT) RETURNS BIGINT") {
  return 2 * x;
}
