/*
 * hostile/wasi_denied.c -- WASI calls that the default policy denies or contains (ABI.md 8).
 * Each is a ROW function over BIGINT that makes its call whatever x is.
 *
 *   read_clock     clock_time_get(realtime). Expected: a trap "WASI clock_time_get denied"
 *                  (unless the clock capability is granted; then the time in nanoseconds).
 *   read_random    random_get of 8 bytes. Expected: a trap "WASI random_get denied" (unless
 *                  granted; then those bytes as a BIGINT).
 *   call_exit      exit(3), i.e. proc_exit(3). Expected: "function call_exit called proc_exit(3)".
 *   flood_stdout   writes 1 MiB to stdout, then returns x. Expected: success; the text goes to the
 *                  function's bounded log buffer (only the newest bytes kept), never to the
 *                  host's own stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "sluice.h"

SLUICE_DESCRIBE("# hostile: clock, random, proc_exit and a stdout flood through WASI; "
                "expected: traps 'WASI clock_time_get denied', 'WASI random_get denied', "
                "'called proc_exit(3)'; the flood is captured and bounded")

SLUICE_ROW_FUNCTION(int64_t, read_clock, (int64_t x),
                    "read_clock(x BIGINT) RETURNS BIGINT NONDETERMINISTIC") {
  (void)x;
  __wasi_timestamp_t now = 0;
  __wasi_errno_t e = __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &now);
  if (e != 0) sluice_error("read_clock: clock_time_get returned WASI errno %d", e);
  return (int64_t)now;
}

SLUICE_ROW_FUNCTION(int64_t, read_random, (int64_t x),
                    "read_random(x BIGINT) RETURNS BIGINT NONDETERMINISTIC") {
  (void)x;
  int64_t value = 0;
  __wasi_errno_t e = __wasi_random_get((uint8_t *)&value, sizeof value);
  if (e != 0) sluice_error("read_random: random_get returned WASI errno %d", e);
  return value;
}

SLUICE_ROW_FUNCTION(int64_t, call_exit, (int64_t x), "call_exit(x BIGINT) RETURNS BIGINT") {
  (void)x;
  exit(3);
}

SLUICE_ROW_FUNCTION(int64_t, flood_stdout, (int64_t x), "flood_stdout(x BIGINT) RETURNS BIGINT") {
  static char line[1024];
  memset(line, 'z', sizeof line - 1);
  line[sizeof line - 1] = '\n';
  for (int i = 0; i < 1024; i++) fwrite(line, 1, sizeof line, stdout);
  fflush(stdout);
  return x;
}
