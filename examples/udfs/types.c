/*
 * types.c -- every SQL type of the ABI across the boundary, for conformance tests.
 *
 *   echo_<type>      BATCH  the argument unchanged, NULLs included, for each of the 14 types
 *   row_echo_<type>  ROW    the same on the row ABI, for the 14 types it can carry
 *   row_coalesce     ROW    NULLS CALLED: the first non-NULL of two BIGINTs, else NULL
 *   arrow_formats    BATCH  the Arrow formats the host used for 14 arguments, one of each type
 *   add_days, decimal_round, decimal_add, time_hour, timestamp_trunc_day, instant_date,
 *   at_offset, to_hex: small BATCH functions over DATE, DECIMAL, TIME, TIMESTAMP,
 *   TIMESTAMP WITH TIME ZONE and VARBINARY
 *
 * Java reference: io.sluice.examples.reference.TypeFunctions.
 */
#include <string.h>

#include "sluice.h"

#define MICROS_PER_SECOND INT64_C(1000000)
#define MICROS_PER_HOUR (3600 * MICROS_PER_SECOND)
#define MICROS_PER_DAY (24 * MICROS_PER_HOUR)

/* ------------------------------------------------------------------------------------------------
 * Batch echo: one generic body, exported once per type
 * ---------------------------------------------------------------------------------------------- */

static int echo(const sluice_call *call, sluice_builder *out) {
  const sluice_column *v = &call->args[0];
  if (v->type != out->type)
    return sluice_error("echo: the argument has type id %d but the result %d", v->type, out->type);
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(v, row)) {
      sluice_append_null(out);
      continue;
    }
    switch (v->type) {
      case SLUICE_BOOLEAN: sluice_append_bool(out, sluice_get_bool(v, row)); break;
      case SLUICE_TINYINT: sluice_append_tinyint(out, sluice_get_tinyint(v, row)); break;
      case SLUICE_SMALLINT: sluice_append_smallint(out, sluice_get_smallint(v, row)); break;
      case SLUICE_INT:
      case SLUICE_DATE: sluice_append_int(out, sluice_get_int(v, row)); break;
      case SLUICE_BIGINT:
      case SLUICE_TIME:
      case SLUICE_TIMESTAMP:
      case SLUICE_TIMESTAMP_TZ: sluice_append_bigint(out, sluice_get_bigint(v, row)); break;
      case SLUICE_FLOAT: sluice_append_float(out, sluice_get_float(v, row)); break;
      case SLUICE_DOUBLE: sluice_append_double(out, sluice_get_double(v, row)); break;
      case SLUICE_DECIMAL: sluice_append_decimal(out, sluice_get_decimal(v, row)); break;
      case SLUICE_VARCHAR:
      case SLUICE_VARBINARY: {
        sluice_bytes b = sluice_get_bytes(v, row);
        sluice_append_bytes(out, b.ptr, b.len);
        break;
      }
      default: return sluice_error("echo: unknown type id %d", v->type);
    }
  }
  return SLUICE_OK;
}

#define ECHO(name, sql_type)                                                                   \
  static int name(const sluice_call *call, sluice_builder *out) { return echo(call, out); }   \
  SLUICE_SCALAR(name, #name "(v " sql_type ") RETURNS " sql_type)

ECHO(echo_boolean, "BOOLEAN")
ECHO(echo_tinyint, "TINYINT")
ECHO(echo_smallint, "SMALLINT")
ECHO(echo_int, "INT")
ECHO(echo_bigint, "BIGINT")
ECHO(echo_float, "FLOAT")
ECHO(echo_double, "DOUBLE")
ECHO(echo_decimal, "DECIMAL(38,10)")
ECHO(echo_varchar, "VARCHAR")
ECHO(echo_varbinary, "VARBINARY")
ECHO(echo_date, "DATE")
ECHO(echo_time, "TIME")
ECHO(echo_timestamp, "TIMESTAMP")
ECHO(echo_timestamp_tz, "TIMESTAMP WITH TIME ZONE")

/* ------------------------------------------------------------------------------------------------
 * Row echo: the wasm value types of ABI.md section 3
 * ---------------------------------------------------------------------------------------------- */

#define ROW_ECHO(ctype, name, sql_type)                                                        \
  SLUICE_ROW_FUNCTION(ctype, name, (ctype v), #name "(v " sql_type ") RETURNS " sql_type) {  \
    return v;                                                                                  \
  }

ROW_ECHO(int32_t, row_echo_boolean, "BOOLEAN")
ROW_ECHO(int32_t, row_echo_tinyint, "TINYINT")
ROW_ECHO(int32_t, row_echo_smallint, "SMALLINT")
ROW_ECHO(int32_t, row_echo_int, "INT")
ROW_ECHO(int64_t, row_echo_bigint, "BIGINT")
ROW_ECHO(float, row_echo_float, "FLOAT")
ROW_ECHO(double, row_echo_double, "DOUBLE")
ROW_ECHO(int64_t, row_echo_decimal, "DECIMAL(18,4)")
ROW_ECHO(int32_t, row_echo_date, "DATE")
ROW_ECHO(int64_t, row_echo_time, "TIME")
ROW_ECHO(int64_t, row_echo_timestamp, "TIMESTAMP")
ROW_ECHO(int64_t, row_echo_timestamp_tz, "TIMESTAMP WITH TIME ZONE")

/* Bytes arrive as (ptr, len), valid only during the call, so the result is a copy the guest owns
 * until the host calls sluice_reclaim. */
static int64_t copy_row_bytes(const char *ptr, uint32_t len) {
  char *copy = sluice_scratch(len);
  if (!copy) {
    sluice_error("out of memory");
    return 0;
  }
  memcpy(copy, ptr, len);
  return sluice_row_bytes(copy, len);
}

SLUICE_ROW_FUNCTION(int64_t, row_echo_varchar, (const char *ptr, uint32_t len),
                    "row_echo_varchar(v VARCHAR) RETURNS VARCHAR") {
  return copy_row_bytes(ptr, len);
}

SLUICE_ROW_FUNCTION(int64_t, row_echo_varbinary, (const char *ptr, uint32_t len),
                    "row_echo_varbinary(v VARBINARY) RETURNS VARBINARY") {
  return copy_row_bytes(ptr, len);
}

/* NULLS CALLED: a last i32 parameter has bit i set when argument i is NULL (its value is then 0),
 * and calling sluice_host_return_null() makes the result NULL. */
SLUICE_ROW_FUNCTION(int64_t, row_coalesce, (int64_t x, int64_t y, int32_t nulls),
                    "row_coalesce(x BIGINT, y BIGINT) RETURNS BIGINT NULLS CALLED") {
  if ((nulls & 1) == 0) return x;
  if ((nulls & 2) == 0) return y;
  sluice_host_return_null();
  return 0;
}

/* ------------------------------------------------------------------------------------------------
 * arrow_formats: what the host wrote in the input schema
 * ---------------------------------------------------------------------------------------------- */

static int arrow_formats(const sluice_call *call, sluice_builder *out) {
  char text[512];
  size_t used = 0;
  for (int i = 0; i < call->n_args; i++) {
    const char *format = call->args[i].schema->format;
    size_t n = strlen(format);
    if (used + n + 1 > sizeof text) return sluice_error("arrow_formats: formats too long");
    if (i > 0) text[used++] = ' ';
    memcpy(text + used, format, n);
    used += n;
  }
  for (int64_t row = 0; row < call->rows; row++) sluice_append_bytes(out, text, (uint32_t)used);
  return SLUICE_OK;
}
SLUICE_SCALAR(arrow_formats,
              "arrow_formats(a BOOLEAN, b TINYINT, c SMALLINT, d INT, e BIGINT, f FLOAT, g DOUBLE, "
              "h DECIMAL(38,10), i VARCHAR, j VARBINARY, k DATE, l TIME, m TIMESTAMP, "
              "n TIMESTAMP WITH TIME ZONE) RETURNS VARCHAR")

/* ------------------------------------------------------------------------------------------------
 * Functions over the temporal types, DECIMAL and VARBINARY. A NULL argument gives NULL.
 * ---------------------------------------------------------------------------------------------- */

/* Floor division: days and dates before 1970 round toward minus infinity, as java.time does. */
static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int add_days(const sluice_call *call, sluice_builder *out) {
  const sluice_column *date = &call->args[0], *days = &call->args[1];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(date, row) || sluice_is_null(days, row)) {
      sluice_append_null(out);
      continue;
    }
    int64_t result = (int64_t)sluice_get_int(date, row) + sluice_get_int(days, row);
    if (result < INT32_MIN || result > INT32_MAX)
      return sluice_error_at(row, "add_days: the date is out of range at row %lld", (long long)row);
    sluice_append_int(out, (int32_t)result);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(add_days, "add_days(d DATE, n INT) RETURNS DATE")

/* From scale 4 to scale 2, rounding half away from zero (Java's RoundingMode.HALF_UP). */
static int decimal_round(const sluice_call *call, sluice_builder *out) {
  const sluice_column *d = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(d, row)) {
      sluice_append_null(out);
      continue;
    }
    __int128 v = sluice_get_decimal(d, row);
    __int128 q = v / 100, r = v % 100; /* C division truncates toward zero */
    if (r >= 50) q++;
    else if (r <= -50) q--;
    sluice_append_decimal(out, q);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(decimal_round, "decimal_round(d DECIMAL(18,4)) RETURNS DECIMAL(18,2)")

/* Exact 128-bit addition; a sum of 39 digits does not fit DECIMAL(38,10) and fails the query. Two
 * 38-digit values can add up to more than 2^127, so the addition itself is checked too. */
static int decimal_add(const sluice_call *call, sluice_builder *out) {
  const sluice_column *a = &call->args[0], *b = &call->args[1];
  const __int128 limit = (__int128)10000000000000000000u * 10000000000000000000u; /* 10^38 */
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(a, row) || sluice_is_null(b, row)) {
      sluice_append_null(out);
      continue;
    }
    __int128 sum;
    if (__builtin_add_overflow(sluice_get_decimal(a, row), sluice_get_decimal(b, row), &sum) ||
        sum >= limit || sum <= -limit)
      return sluice_error_at(row, "decimal_add: the sum overflows DECIMAL(38,10) at row %lld",
                             (long long)row);
    sluice_append_decimal(out, sum);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(decimal_add,
              "decimal_add(a DECIMAL(38,10), b DECIMAL(38,10)) RETURNS DECIMAL(38,10)")

static int time_hour(const sluice_call *call, sluice_builder *out) {
  const sluice_column *t = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(t, row)) {
      sluice_append_null(out);
      continue;
    }
    int64_t micros = sluice_get_bigint(t, row);
    if (micros < 0 || micros >= MICROS_PER_DAY)
      return sluice_error_at(row, "time_hour: %lld microseconds is not a time of day",
                             (long long)micros);
    sluice_append_tinyint(out, (int8_t)(micros / MICROS_PER_HOUR));
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(time_hour, "time_hour(t TIME) RETURNS TINYINT")

static int timestamp_trunc_day(const sluice_call *call, sluice_builder *out) {
  const sluice_column *ts = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(ts, row)) {
      sluice_append_null(out);
      continue;
    }
    int64_t day = floor_div(sluice_get_bigint(ts, row), MICROS_PER_DAY), midnight;
    if (__builtin_mul_overflow(day, MICROS_PER_DAY, &midnight))
      return sluice_error_at(row, "timestamp_trunc_day: out of range at row %lld", (long long)row);
    sluice_append_bigint(out, midnight);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(timestamp_trunc_day, "timestamp_trunc_day(ts TIMESTAMP) RETURNS TIMESTAMP")

/* The UTC calendar date of an instant. */
static int instant_date(const sluice_call *call, sluice_builder *out) {
  const sluice_column *ts = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(ts, row)) sluice_append_null(out);
    else sluice_append_int(out, (int32_t)floor_div(sluice_get_bigint(ts, row), MICROS_PER_DAY));
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(instant_date, "instant_date(ts TIMESTAMP WITH TIME ZONE) RETURNS DATE")

/* The instant at which a wall-clock time is seen at a UTC offset (in minutes, at most +-18 h as
 * in java.time.ZoneOffset): local - offset. */
static int at_offset(const sluice_call *call, sluice_builder *out) {
  const sluice_column *ts = &call->args[0], *offset = &call->args[1];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(ts, row) || sluice_is_null(offset, row)) {
      sluice_append_null(out);
      continue;
    }
    int16_t minutes = sluice_get_smallint(offset, row);
    if (minutes < -18 * 60 || minutes > 18 * 60)
      return sluice_error_at(row, "at_offset: offset %d minutes is outside -1080..1080", minutes);
    int64_t instant;
    if (__builtin_sub_overflow(sluice_get_bigint(ts, row), minutes * 60 * MICROS_PER_SECOND,
                               &instant))
      return sluice_error_at(row, "at_offset: out of range at row %lld", (long long)row);
    sluice_append_bigint(out, instant);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(at_offset,
              "at_offset(ts TIMESTAMP, offset_minutes SMALLINT) RETURNS TIMESTAMP WITH TIME ZONE")

static int to_hex(const sluice_call *call, sluice_builder *out) {
  static const char hex[] = "0123456789abcdef";
  const sluice_column *b = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(b, row)) {
      sluice_append_null(out);
      continue;
    }
    sluice_bytes v = sluice_get_bytes(b, row);
    if (v.len > INT32_MAX / 2) return sluice_error_at(row, "to_hex: value too long");
    char *dst = sluice_append_reserve(out, 2 * v.len);
    if (!dst) return sluice_error_at(row, "to_hex: out of memory");
    for (uint32_t i = 0; i < v.len; i++) {
      unsigned char c = (unsigned char)v.ptr[i];
      dst[2 * i] = hex[c >> 4];
      dst[2 * i + 1] = hex[c & 15];
    }
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(to_hex, "to_hex(b VARBINARY) RETURNS VARCHAR")
