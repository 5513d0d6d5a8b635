/*
 * hostile/missing_export.c -- the sluice_v1.functions section describes a function `ghost` whose
 * export `does_not_exist` is not in the module. The other function is valid.
 *
 * Expected at load time: refused, e.g. "function ghost: the module has no export does_not_exist".
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: describes ghost, exported as does_not_exist, which is missing; "
                "expected: refused at load time naming the missing export")
SLUICE_DESCRIBE("SCALAR ghost(x BIGINT) RETURNS BIGINT ABI ROW EXPORT does_not_exist")

SLUICE_ROW_FUNCTION(int64_t, present, (int64_t x), "present(x BIGINT) RETURNS BIGINT") {
  return x;
}
