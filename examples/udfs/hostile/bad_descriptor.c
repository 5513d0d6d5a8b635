/*
 * hostile/bad_descriptor.c -- a sluice_v1.functions section with a syntax error: line 2 lacks the
 * ")" that closes the argument list. The export it names exists and has the right type, and
 * line 3 is a valid function, so the syntax is the only thing wrong.
 *
 * Expected at load time: refused with a message giving the line and column, e.g.
 * "sluice_v1.functions line 2, column 24: expected ',' or ')' but found RETURNS".
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: line 2 has a syntax error (no closing parenthesis); "
                "expected: refused at load time naming line 2 and the column")
SLUICE_DESCRIBE("SCALAR broken(x BIGINT RETURNS BIGINT ABI ROW EXPORT broken")

SLUICE_EXPORT(broken) int64_t broken(int64_t x) { return x; }

SLUICE_ROW_FUNCTION(int64_t, fine, (int64_t x), "fine(x BIGINT) RETURNS BIGINT") { return x; }
