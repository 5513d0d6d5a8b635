/*
 * logs.c -- log analytics as a batch job (docs/jobs.md): hits per hour and HTTP status, from web
 * server access logs in the Common Log Format.
 *
 *   parse_access_log(line VARCHAR) RETURNS TABLE(hour_status VARCHAR, hits BIGINT)
 *       for a line such as
 *         203.0.113.7 - - [09/Mar/2024:23:05:09 -0200] "GET /cart HTTP/1.1" 404 512
 *       one row ("2024-03-10 01:00 404", 1): the hour of the request in UTC (the line's zone
 *       offset applied), then the status. A line that does not parse counts under "unparsed";
 *       NULL lines give nothing.
 *   count_hits(hits BIGINT) RETURNS BIGINT
 *       the sum of the non-NULL values; NULL for a group without any (plain-data state).
 *
 *   ./sluice job generate access-logs --rows 200000
 *   ./sluice job run --input access_logs --map examples/udfs/jobs/logs.wasm:parse_access_log
 *       --combine examples/udfs/jobs/logs.wasm:count_hits
 *       --reduce examples/udfs/jobs/logs.wasm:count_hits --output hits_per_hour
 *
 * Java reference: io.sluice.jobs.examples.AccessLogs (generator) and io.sluice.jobs.LogsJobTest.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sluice.h"

static const char MONTHS[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Reads exactly `n` decimal digits at s[*at]; false when they are not there. */
static bool digits(const char *s, uint32_t len, uint32_t *at, int n, int *out) {
  if (len - *at < (uint32_t)n) return false;
  int v = 0;
  for (int i = 0; i < n; i++) {
    char c = s[*at + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *at += (uint32_t)n;
  *out = v;
  return true;
}

static bool expect(const char *s, uint32_t len, uint32_t *at, char c) {
  if (*at >= len || s[*at] != c) return false;
  (*at)++;
  return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* Writes "YYYY-MM-DD HH:00 SSS" for a parsed line into key; returns its length, 0 if malformed. */
static int parse_line(const char *s, uint32_t len, char key[32]) {
  const char *open = memchr(s, '[', len);
  if (!open) return 0;
  uint32_t at = (uint32_t)(open - s) + 1;
  int day, year, hour, minute, second, zone_hours, zone_minutes;
  if (!digits(s, len, &at, 2, &day) || !expect(s, len, &at, '/') || len - at < 4) return 0;
  int month = -1;
  for (int i = 0; i < 12; i++)
    if (memcmp(s + at, MONTHS[i], 3) == 0) month = i + 1;
  at += 3;
  if (month < 0 || !expect(s, len, &at, '/') || !digits(s, len, &at, 4, &year) ||
      !expect(s, len, &at, ':') || !digits(s, len, &at, 2, &hour) || !expect(s, len, &at, ':') ||
      !digits(s, len, &at, 2, &minute) || !expect(s, len, &at, ':') ||
      !digits(s, len, &at, 2, &second) || !expect(s, len, &at, ' ') || at >= len)
    return 0;
  char sign = s[at++];
  if ((sign != '+' && sign != '-') || !digits(s, len, &at, 2, &zone_hours) ||
      !digits(s, len, &at, 2, &zone_minutes) || !expect(s, len, &at, ']'))
    return 0;
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || zone_hours > 23 ||
      zone_minutes > 59)
    return 0;
  /* The request: a quoted string, then the status. */
  if (!expect(s, len, &at, ' ') || !expect(s, len, &at, '"')) return 0;
  const char *close = memchr(s + at, '"', len - at);
  if (!close) return 0;
  at = (uint32_t)(close - s) + 1;
  int status;
  if (!expect(s, len, &at, ' ') || !digits(s, len, &at, 3, &status) || status < 100) return 0;
  if (at < len && s[at] != ' ') return 0;

  /* To UTC: local time minus the zone's offset, whole minutes. */
  int64_t minutes = days_from_civil(year, month, day) * 1440 + hour * 60 + minute;
  minutes -= (sign == '+' ? 1 : -1) * (zone_hours * 60 + zone_minutes);
  int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
  int utc_hour = (int)((minutes - days * 1440) / 60);
  int64_t y;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  return snprintf(key, 32, "%04lld-%02d-%02d %02d:00 %03d", (long long)y, m, d, utc_hour, status);
}

static int parse_access_log(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *line = &call->args[0];
  sluice_builder *key = &out->columns[0], *hits = &out->columns[1];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(line, row)) continue;
    sluice_bytes v = sluice_get_bytes(line, row);
    char text[32];
    int n = parse_line(v.ptr, v.len, text);
    sluice_emit_row(out, row);
    if (n > 0) sluice_append_bytes(key, text, (uint32_t)n);
    else sluice_append_bytes(key, "unparsed", 8);
    sluice_append_bigint(hits, 1);
  }
  return SLUICE_OK;
}
SLUICE_TABLE(parse_access_log,
             "parse_access_log(line VARCHAR) RETURNS TABLE(hour_status VARCHAR, hits BIGINT)")

typedef struct count_state {
  int64_t sum;
  int64_t count;
} count_state;

static int count_init(void *state) {
  (void)state;
  return SLUICE_OK;
}

static int count_update(void *state, const sluice_call *call, int64_t row) {
  count_state *s = state;
  const sluice_column *hits = &call->args[0];
  if (sluice_is_null(hits, row)) return SLUICE_OK;
  if (__builtin_add_overflow(s->sum, sluice_get_bigint(hits, row), &s->sum))
    return sluice_error_at(row, "count_hits: the sum overflows BIGINT");
  s->count++;
  return SLUICE_OK;
}

static int count_merge(void *into, const void *from) {
  count_state *a = into;
  const count_state *b = from;
  if (__builtin_add_overflow(a->sum, b->sum, &a->sum))
    return sluice_error("count_hits: the sum overflows BIGINT");
  a->count += b->count;
  return SLUICE_OK;
}

static int count_finish(const void *state, sluice_builder *out) {
  const count_state *s = state;
  if (s->count == 0) sluice_append_null(out);
  else sluice_append_bigint(out, s->sum);
  return SLUICE_OK;
}

static const sluice_aggregate count_impl = {
    .state_size = sizeof(count_state),
    .init = count_init,
    .update = count_update,
    .merge = count_merge,
    .finish = count_finish,
};
SLUICE_AGGREGATE(count_hits, "count_hits(hits BIGINT) RETURNS BIGINT", count_impl)
