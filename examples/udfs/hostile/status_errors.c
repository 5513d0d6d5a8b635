/*
 * hostile/status_errors.c -- batch functions that fail in the ways ABI.md section 7 describes.
 *
 *   status_without_message  returns SLUICE_ERROR without reporting a message. Expected:
 *                           "function status_without_message returned status 2 without an error
 *                           message".
 *   status_unknown          returns 7, a status the ABI does not define. Expected: the query fails
 *                           the same way ("returned status 7 without an error message").
 *   long_error_message      reports a 10000-byte message holding invalid UTF-8, for row 1.
 *                           Expected: the message cut to 4096 bytes, invalid bytes replaced, row 1
 *                           named.
 *   more_from_scalar        returns SLUICE_MORE, which only table functions may. Expected: the
 *                           query fails ("returned status 1").
 */
#include <string.h>

#include "sluice.h"

SLUICE_DESCRIBE("# hostile: error statuses without a message, an unknown status, an oversized "
                "message with invalid UTF-8, SLUICE_MORE from a scalar; "
                "expected: errors per ABI.md 7")

static int status_without_message(const sluice_call *call, sluice_builder *out) {
  (void)call;
  (void)out;
  return SLUICE_ERROR;
}
SLUICE_SCALAR(status_without_message, "status_without_message(x BIGINT) RETURNS BIGINT")

static int status_unknown(const sluice_call *call, sluice_builder *out) {
  (void)call;
  (void)out;
  return 7;
}
SLUICE_SCALAR(status_unknown, "status_unknown(x BIGINT) RETURNS BIGINT")

static int long_error_message(const sluice_call *call, sluice_builder *out) {
  (void)call;
  (void)out;
  static char message[10000];
  for (size_t i = 0; i < sizeof message; i++) message[i] = (char)('a' + i % 26);
  message[0] = (char)0xFF; /* never valid in UTF-8 */
  message[5000] = (char)0xC3; /* a lead byte without its continuation */
  sluice_host_error(message, sizeof message, 1);
  return SLUICE_ERROR;
}
SLUICE_SCALAR(long_error_message, "long_error_message(x BIGINT) RETURNS BIGINT")

static int more_from_scalar(const sluice_call *call, sluice_builder *out) {
  for (int64_t row = 0; row < call->rows; row++) sluice_append_bigint(out, row);
  return SLUICE_MORE;
}
SLUICE_SCALAR(more_from_scalar, "more_from_scalar(x BIGINT) RETURNS BIGINT")
