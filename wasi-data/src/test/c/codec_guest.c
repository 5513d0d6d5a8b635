/*
 * codec_guest.c -- the host codec's conformance guest: well-behaved functions for every type on
 * both ABIs, a table function, an aggregate, and deliberately malformed results that the host
 * must reject with a precise message. Built by build.sh into ../resources/guests/codec_guest.wasm.
 */
#include "sluice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------------
 * Batch ABI: one echo per type, written with the SDK's readers and builders
 * ---------------------------------------------------------------------------------------------- */

static int echo_value(const sluice_column *c, int64_t r, sluice_builder *out) {
  switch (c->type) {
    case SLUICE_BOOLEAN: sluice_append_bool(out, sluice_get_bool(c, r)); break;
    case SLUICE_TINYINT: sluice_append_tinyint(out, sluice_get_tinyint(c, r)); break;
    case SLUICE_SMALLINT: sluice_append_smallint(out, sluice_get_smallint(c, r)); break;
    case SLUICE_INT:
    case SLUICE_DATE: sluice_append_int(out, sluice_get_int(c, r)); break;
    case SLUICE_BIGINT:
    case SLUICE_TIME:
    case SLUICE_TIMESTAMP:
    case SLUICE_TIMESTAMP_TZ: sluice_append_bigint(out, sluice_get_bigint(c, r)); break;
    case SLUICE_FLOAT: sluice_append_float(out, sluice_get_float(c, r)); break;
    case SLUICE_DOUBLE: sluice_append_double(out, sluice_get_double(c, r)); break;
    case SLUICE_DECIMAL: sluice_append_decimal(out, sluice_get_decimal(c, r)); break;
    case SLUICE_VARCHAR:
    case SLUICE_VARBINARY: {
      sluice_bytes b = sluice_get_bytes(c, r);
      sluice_append_bytes(out, b.ptr, b.len);
      break;
    }
    default: return sluice_error_at(r, "echo cannot copy type %d", c->type);
  }
  return SLUICE_OK;
}

static int echo(const sluice_call *call, sluice_builder *out) {
  const sluice_column *c = &call->args[0];
  for (int64_t r = 0; r < call->rows; r++) {
    if (sluice_is_null(c, r)) {
      sluice_append_null(out);
    } else if (echo_value(c, r, out) != SLUICE_OK) {
      return SLUICE_ERROR;
    }
  }
  return SLUICE_OK;
}

#define ECHO(fn, type)                                                                         \
  static int fn(const sluice_call *call, sluice_builder *out) { return echo(call, out); }     \
  SLUICE_SCALAR(fn, #fn "(v " type ") RETURNS " type)

ECHO(echo_boolean, "BOOLEAN")
ECHO(echo_tinyint, "TINYINT")
ECHO(echo_smallint, "SMALLINT")
ECHO(echo_int, "INT")
ECHO(echo_bigint, "BIGINT")
ECHO(echo_float, "FLOAT")
ECHO(echo_double, "DOUBLE")
ECHO(echo_decimal, "DECIMAL(38,10)")
ECHO(echo_decimal9, "DECIMAL(9,2)")
ECHO(echo_varchar, "VARCHAR")
ECHO(echo_varbinary, "VARBINARY")
ECHO(echo_date, "DATE")
ECHO(echo_time, "TIME")
ECHO(echo_timestamp, "TIMESTAMP")
ECHO(echo_timestamp_tz, "TIMESTAMP WITH TIME ZONE")

/* Two columns in: a + b, NULL when either is NULL (the function decides: NULLS CALLED). */
static int add_int(const sluice_call *call, sluice_builder *out) {
  const sluice_column *a = &call->args[0], *b = &call->args[1];
  for (int64_t r = 0; r < call->rows; r++) {
    if (sluice_is_null(a, r) || sluice_is_null(b, r)) sluice_append_null(out);
    else sluice_append_int(out, sluice_get_int(a, r) + sluice_get_int(b, r));
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(add_int, "add_int(a INT, b INT) RETURNS INT")

/*
 * The SDK's bulk path mixed with per-value appends: the first `head` rows (the last argument, the
 * same on every row) one by one, the rest with sluice_append_values in one go; NULL rows of the
 * rest marked by sluice_copy_nulls when head is 0, else one by one with sluice_set_null.
 */
static int bulk_add_one(const sluice_call *call, sluice_builder *out) {
  const sluice_column *x = &call->args[0];
  int64_t head = call->rows == 0 ? 0 : sluice_get_bigint(&call->args[1], 0);
  if (head > call->rows) head = call->rows;
  for (int64_t r = 0; r < head; r++) {
    if (sluice_is_null(x, r)) sluice_append_null(out);
    else sluice_append_bigint(out, sluice_get_bigint(x, r) + 1);
  }
  int64_t rest = call->rows - head;
  int64_t *values = sluice_append_values(out, rest);
  if (!values) return sluice_error("out of memory");
  for (int64_t r = 0; r < rest; r++) values[r] = sluice_get_bigint(x, head + r) + 1;
  if (head == 0) return sluice_copy_nulls(out, 0, x, rest);
  for (int64_t r = 0; r < rest; r++) {
    if (sluice_is_null(x, head + r)) sluice_set_null(out, head + r);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(bulk_add_one, "bulk_add_one(x BIGINT, head BIGINT) RETURNS BIGINT")

/* NULLS STRICT: writes a length even for NULL rows; the host must mask those rows to NULL. */
static int strict_length(const sluice_call *call, sluice_builder *out) {
  const sluice_column *a = &call->args[0], *b = &call->args[1];
  for (int64_t r = 0; r < call->rows; r++) {
    sluice_append_int(out, (int32_t)(sluice_get_bytes(a, r).len + sluice_get_bytes(b, r).len));
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(strict_length, "strict_length(a VARCHAR, b VARBINARY) RETURNS INT NULLS STRICT")

/* Fails on the first row whose value is 13, and logs before. */
static int fail_on_13(const sluice_call *call, sluice_builder *out) {
  const sluice_column *c = &call->args[0];
  for (int64_t r = 0; r < call->rows; r++) {
    if (!sluice_is_null(c, r) && sluice_get_int(c, r) == 13) {
      sluice_log("looking at row %lld", (long long)r);
      return sluice_error_at(r, "unlucky number %d", 13);
    }
    sluice_append_int(out, 0);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(fail_on_13, "fail_on_13(v INT) RETURNS INT")

/* ------------------------------------------------------------------------------------------------
 * Row ABI: one function per numeric type, strings, NULLS CALLED, errors and traps
 * ---------------------------------------------------------------------------------------------- */

SLUICE_ROW_FUNCTION(int32_t, row_not, (int32_t v), "row_not(v BOOLEAN) RETURNS BOOLEAN") {
  return v ? 0 : 7; /* any non-zero is true */
}
SLUICE_ROW_FUNCTION(int32_t, row_add_tinyint, (int32_t a, int32_t b),
                    "row_add_tinyint(a TINYINT, b TINYINT) RETURNS TINYINT") {
  return (int8_t)(a + b);
}
SLUICE_ROW_FUNCTION(int32_t, row_add_smallint, (int32_t a, int32_t b),
                    "row_add_smallint(a SMALLINT, b SMALLINT) RETURNS SMALLINT") {
  return (int16_t)(a + b);
}
SLUICE_ROW_FUNCTION(int32_t, row_add_int, (int32_t a, int32_t b),
                    "row_add_int(a INT, b INT) RETURNS INT") {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}
SLUICE_ROW_FUNCTION(int64_t, row_add_bigint, (int64_t a, int64_t b),
                    "row_add_bigint(a BIGINT, b BIGINT) RETURNS BIGINT") {
  return (int64_t)((uint64_t)a + (uint64_t)b);
}
SLUICE_ROW_FUNCTION(float, row_mul_float, (float a, float b),
                    "row_mul_float(a FLOAT, b FLOAT) RETURNS FLOAT") {
  return a * b;
}
SLUICE_ROW_FUNCTION(double, row_mul_double, (double a, double b),
                    "row_mul_double(a DOUBLE, b DOUBLE) RETURNS DOUBLE") {
  return a * b;
}
SLUICE_ROW_FUNCTION(int64_t, row_add_cent, (int64_t d),
                    "row_add_cent(d DECIMAL(18,2)) RETURNS DECIMAL(18,2)") {
  return d + 1;
}
SLUICE_ROW_FUNCTION(int32_t, row_next_day, (int32_t d), "row_next_day(d DATE) RETURNS DATE") {
  return d + 1;
}
SLUICE_ROW_FUNCTION(int64_t, row_plus_second, (int64_t t), "row_plus_second(t TIME) RETURNS TIME") {
  return (t + 1000000) % 86400000000LL;
}
SLUICE_ROW_FUNCTION(int64_t, row_plus_hour, (int64_t t),
                    "row_plus_hour(t TIMESTAMP) RETURNS TIMESTAMP") {
  return t + 3600000000LL;
}
SLUICE_ROW_FUNCTION(int64_t, row_minus_hour, (int64_t t),
                    "row_minus_hour(t TIMESTAMP WITH TIME ZONE) RETURNS TIMESTAMP WITH TIME ZONE") {
  return t - 3600000000LL;
}

/* ASCII upper-case into scratch memory, which the host reclaims after the batch. */
SLUICE_ROW_FUNCTION(int64_t, row_upper, (const char *s, uint32_t len),
                    "row_upper(s VARCHAR) RETURNS VARCHAR") {
  char *out = sluice_scratch(len);
  if (!out) {
    sluice_host_error("out of memory", 13, -1);
    return 0;
  }
  for (uint32_t i = 0; i < len; i++) out[i] = (s[i] >= 'a' && s[i] <= 'z') ? s[i] - 32 : s[i];
  return sluice_row_bytes(out, len);
}
SLUICE_ROW_FUNCTION(int64_t, row_reverse, (const char *b, uint32_t len),
                    "row_reverse(b VARBINARY) RETURNS VARBINARY") {
  char *out = sluice_scratch(len);
  for (uint32_t i = 0; i < len; i++) out[i] = b[len - 1 - i];
  return sluice_row_bytes(out, len);
}
/* Two string arguments and a number: the concatenated length plus n. */
SLUICE_ROW_FUNCTION(int32_t, row_lengths, (const char *a, uint32_t alen, const char *b,
                                           uint32_t blen, int32_t n),
                    "row_lengths(a VARCHAR, b VARBINARY, n INT) RETURNS INT") {
  (void)a;
  (void)b;
  return (int32_t)(alen + blen) + n;
}

/* NULLS CALLED: the first non-NULL argument, or NULL. */
SLUICE_ROW_FUNCTION(int32_t, row_coalesce, (int32_t a, int32_t b, int32_t nulls),
                    "row_coalesce(a INT, b INT) RETURNS INT NULLS CALLED") {
  if (!(nulls & 1)) return a;
  if (!(nulls & 2)) return b;
  sluice_host_return_null();
  return -1;
}
/* NULLS CALLED with a string: reports its null mask as text, e.g. "mask=1 len=0". */
SLUICE_ROW_FUNCTION(int64_t, row_describe, (const char *s, uint32_t len, int32_t n, int32_t nulls),
                    "row_describe(s VARCHAR, n INT) RETURNS VARCHAR NULLS CALLED") {
  (void)s;
  char *out = sluice_scratch(64);
  int written = snprintf(out, 64, "mask=%d len=%u n=%d", nulls, len, n);
  return sluice_row_bytes(out, (uint32_t)written);
}

SLUICE_ROW_FUNCTION(int32_t, row_fail_on_13, (int32_t v), "row_fail_on_13(v INT) RETURNS INT") {
  if (v == 13) {
    sluice_log("about to fail on %d", v);
    const char message[] = "unlucky \xff number"; /* invalid UTF-8: the host replaces it */
    sluice_host_error(message, sizeof message - 1, -1);
  }
  return v;
}
SLUICE_ROW_FUNCTION(int32_t, row_divide, (int32_t a, int32_t b),
                    "row_divide(a INT, b INT) RETURNS INT") {
  return a / b; /* traps on b == 0 */
}

/* Malformed row results. */
SLUICE_ROW_FUNCTION(int64_t, row_bad_pointer, (int32_t v), "row_bad_pointer(v INT) RETURNS VARCHAR") {
  return sluice_row_bytes((const void *)(uintptr_t)0x7ffffff0u, (uint32_t)v);
}
SLUICE_ROW_FUNCTION(int64_t, row_bad_utf8, (int32_t v), "row_bad_utf8(v INT) RETURNS VARCHAR") {
  static const char bytes[] = "ok\xc3(";
  return sluice_row_bytes(bytes, v == 0 ? 2 : 4);
}
SLUICE_ROW_FUNCTION(int32_t, row_wide_tinyint, (int32_t v),
                    "row_wide_tinyint(v INT) RETURNS TINYINT") {
  return v;
}
SLUICE_ROW_FUNCTION(int64_t, row_wide_decimal, (int64_t v),
                    "row_wide_decimal(v BIGINT) RETURNS DECIMAL(4,2)") {
  return v;
}
SLUICE_ROW_FUNCTION(int32_t, row_strict_null, (int32_t v), "row_strict_null(v INT) RETURNS INT") {
  if (v < 0) sluice_host_return_null();
  return v;
}

/* ------------------------------------------------------------------------------------------------
 * A table function, and one that hands its output over in chunks with SLUICE_MORE
 * ---------------------------------------------------------------------------------------------- */

static int split_words(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *text = &call->args[0];
  for (int64_t r = 0; r < call->rows; r++) {
    if (sluice_is_null(text, r)) continue;
    sluice_bytes s = sluice_get_bytes(text, r);
    int32_t position = 0;
    for (uint32_t i = 0; i < s.len;) {
      while (i < s.len && s.ptr[i] == ' ') i++;
      uint32_t start = i;
      while (i < s.len && s.ptr[i] != ' ') i++;
      if (i > start) {
        sluice_emit_row(out, r);
        sluice_append_bytes(&out->columns[0], s.ptr + start, i - start);
        sluice_append_int(&out->columns[1], ++position);
      }
    }
  }
  return SLUICE_OK;
}
SLUICE_TABLE(split_words, "split_words(text VARCHAR) RETURNS TABLE(word VARCHAR, position INT)")

/* n rows per input row, at most `chunk` rows per call: the rest comes after SLUICE_MORE. */
static int64_t series_row;
static int32_t series_next;
static int series(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *n = &call->args[0], *chunk = &call->args[1];
  int32_t emitted = 0;
  for (; series_row < call->rows; series_row++, series_next = 0) {
    if (sluice_is_null(n, series_row)) continue;
    for (; series_next < sluice_get_int(n, series_row); series_next++) {
      if (emitted == sluice_get_int(chunk, 0)) return SLUICE_MORE;
      sluice_emit_row(out, series_row);
      sluice_append_int(&out->columns[0], series_next);
      emitted++;
    }
  }
  series_row = 0;
  series_next = 0;
  return SLUICE_OK;
}
SLUICE_TABLE(series, "series(n INT, chunk INT) RETURNS TABLE(i INT)")

/* ------------------------------------------------------------------------------------------------
 * An aggregate: the average of DOUBLEs, its state copied as plain bytes
 * ---------------------------------------------------------------------------------------------- */

typedef struct {
  double sum;
  int64_t count;
} avg_state;

static int avg_init(void *s) {
  (void)s;
  return SLUICE_OK;
}
static int avg_update(void *s, const sluice_call *call, int64_t row) {
  avg_state *st = s;
  if (!sluice_is_null(&call->args[0], row)) {
    st->sum += sluice_get_double(&call->args[0], row);
    st->count++;
  }
  return SLUICE_OK;
}
static int avg_merge(void *into, const void *from) {
  avg_state *a = into;
  const avg_state *b = from;
  a->sum += b->sum;
  a->count += b->count;
  return SLUICE_OK;
}
static int avg_finish(const void *s, sluice_builder *out) {
  const avg_state *st = s;
  if (st->count == 0) sluice_append_null(out);
  else sluice_append_double(out, st->sum / (double)st->count);
  return SLUICE_OK;
}
static const sluice_aggregate avg_impl = {sizeof(avg_state), avg_init, avg_update, avg_merge,
                                          avg_finish, NULL, NULL, NULL};
SLUICE_AGGREGATE(average, "average(v DOUBLE) RETURNS DOUBLE", avg_impl)

/* ------------------------------------------------------------------------------------------------
 * Malformed batch results, chosen by set_bad_mode(); every one must be rejected by the host
 * ---------------------------------------------------------------------------------------------- */

static int32_t bad_mode;
SLUICE_EXPORT(set_bad_mode) void set_bad_mode(int32_t mode) { bad_mode = mode; }

static const void *bad_buffers[3];
static int32_t bad_values[64];
static int32_t bad_offsets[65];
static char bad_data[256];
static uint8_t bad_validity[8];
static struct ArrowArray bad_children[2];
static struct ArrowArray *bad_child_pointers[2];

#define OUTSIDE ((const void *)(uintptr_t)0x7ffffff0u)

/* An INT result for `rows` rows, then broken as bad_mode says. */
SLUICE_DESCRIBE("SCALAR bad_int(v INT) RETURNS INT")
SLUICE_EXPORT(bad_int) int32_t bad_int(const struct ArrowSchema *in_schema,
                                       const struct ArrowArray *in,
                                       const struct ArrowSchema *out_schema,
                                       struct ArrowArray *out) {
  (void)in_schema;
  (void)out_schema;
  int64_t rows = in->length;
  for (int i = 0; i < 64; i++) bad_values[i] = i;
  bad_validity[0] = 0xff;
  bad_buffers[0] = NULL;
  bad_buffers[1] = bad_values;
  memset(out, 0, sizeof *out);
  out->length = rows;
  out->n_buffers = 2;
  out->buffers = bad_buffers;
  switch (bad_mode) {
    case 1: out->length = rows + 1; break;
    case 2: out->offset = 1; break;
    case 3: out->n_buffers = 3; break;
    case 4: out->n_children = 1; break;
    case 5: out->buffers = (const void **)(uintptr_t)0x7ffffff0u; break;
    case 6: bad_buffers[1] = OUTSIDE; break;
    case 7: bad_buffers[1] = NULL; break;
    case 8: out->null_count = 2; break;
    case 9: out->null_count = rows + 1; break;
    case 10:
      bad_validity[0] = 0xfe; /* row 0 is NULL */
      bad_buffers[0] = bad_validity;
      out->null_count = 2;
      break;
    case 11: out->dictionary = (struct ArrowArray *)out; break;
    case 12: return sluice_error_at(1, "row one is bad");
    case 13: return SLUICE_ERROR;
    case 14: __builtin_trap();
    case 15: return 7;
    case 16: {
      static int32_t pieces[2];
      pieces[0] = 0;
      return pieces[rows + 100000000]; /* out of bounds memory access */
    }
    case 18:
      bad_validity[0] = 0xfe;
      bad_buffers[0] = bad_validity;
      out->null_count = -1; /* unknown: the host counts */
      break;
    case 19: return SLUICE_MORE; /* only table functions may */
    default: break;
  }
  return SLUICE_OK;
}

SLUICE_DESCRIBE("SCALAR bad_varchar(v INT) RETURNS VARCHAR")
SLUICE_EXPORT(bad_varchar) int32_t bad_varchar(const struct ArrowSchema *in_schema,
                                               const struct ArrowArray *in,
                                               const struct ArrowSchema *out_schema,
                                               struct ArrowArray *out) {
  (void)in_schema;
  (void)out_schema;
  int64_t rows = in->length; /* the tests send 4 rows */
  static const char text[] = "abcdefghijklmnopqrstuvwxyz";
  memcpy(bad_data, text, sizeof text);
  for (int i = 0; i <= rows; i++) bad_offsets[i] = 2 * i;
  bad_buffers[0] = NULL;
  bad_buffers[1] = bad_offsets;
  bad_buffers[2] = bad_data;
  memset(out, 0, sizeof *out);
  out->length = rows;
  out->n_buffers = 3;
  out->buffers = bad_buffers;
  switch (bad_mode) {
    case 1: bad_offsets[1] = 40; bad_offsets[2] = 12; break;
    case 2: bad_buffers[2] = OUTSIDE; break;
    case 3: bad_data[3] = (char)0xff; break; /* in row 1 */
    case 4: bad_offsets[0] = -1; break;
    case 5: bad_buffers[1] = NULL; break;
    case 6: out->n_buffers = 2; break;
    case 7: /* "\xc3\xa9" is valid as a whole, but split between rows 0 and 1 */
      bad_data[1] = (char)0xc3;
      bad_data[2] = (char)0xa9;
      break;
    case 8: /* valid, with offsets starting at 3: the host must rebase them */
      for (int i = 0; i <= rows; i++) bad_offsets[i] = 3 + 2 * i;
      break;
    case 9: bad_offsets[rows] = 0x7ffffff0; break;
    case 10: bad_buffers[1] = OUTSIDE; break;
    default: break;
  }
  return SLUICE_OK;
}

/* A table of one INT column, broken as bad_mode says. */
SLUICE_DESCRIBE("TABLE bad_table(v INT) RETURNS TABLE(x INT)")
SLUICE_EXPORT(bad_table) int32_t bad_table(const struct ArrowSchema *in_schema,
                                           const struct ArrowArray *in,
                                           const struct ArrowSchema *out_schema,
                                           struct ArrowArray *out) {
  (void)in_schema;
  (void)out_schema;
  static const void *struct_buffers[1];
  static const void *row_buffers[2];
  static const void *x_buffers[2];
  static int32_t rows_of[4];
  int64_t rows = in->length; /* the tests send 2 rows; the output has 4 */
  rows_of[0] = 0;
  rows_of[1] = 0;
  rows_of[2] = 1;
  rows_of[3] = 1;
  for (int i = 0; i < 4; i++) bad_values[i] = 10 * i;
  struct_buffers[0] = NULL;
  row_buffers[0] = NULL;
  row_buffers[1] = rows_of;
  x_buffers[0] = NULL;
  x_buffers[1] = bad_values;
  memset(bad_children, 0, sizeof bad_children);
  for (int i = 0; i < 2; i++) {
    bad_children[i].length = 4;
    bad_children[i].n_buffers = 2;
    bad_child_pointers[i] = &bad_children[i];
  }
  bad_children[0].buffers = row_buffers;
  bad_children[1].buffers = x_buffers;
  memset(out, 0, sizeof *out);
  out->length = 4;
  out->n_buffers = 1;
  out->n_children = 2;
  out->buffers = struct_buffers;
  out->children = bad_child_pointers;
  switch (bad_mode) {
    case 1: rows_of[3] = (int32_t)rows; break;
    case 2: rows_of[1] = 1; rows_of[2] = 0; break;
    case 3:
      bad_validity[0] = 0xfd;
      row_buffers[0] = bad_validity;
      bad_children[0].null_count = 1;
      break;
    case 4: struct_buffers[0] = bad_validity; break;
    case 5: out->n_children = 1; break;
    case 6: bad_children[1].length = 3; break;
    case 7: out->length = 0; bad_children[0].length = 0; bad_children[1].length = 0;
            return SLUICE_MORE; /* no progress, forever */
    case 8: return SLUICE_MORE; /* 4 rows each time, forever */
    case 9: out->children = (struct ArrowArray **)OUTSIDE; break;
    case 10: bad_child_pointers[1] = (struct ArrowArray *)OUTSIDE; break;
    case 11: rows_of[0] = -1; break;
    default: break;
  }
  return SLUICE_OK;
}

/* An aggregate init that hands out a zero state handle. */
SLUICE_EXPORT(zero_states_init) int32_t zero_states_init(uint32_t n, uint32_t *states_out) {
  for (uint32_t i = 0; i < n; i++) states_out[i] = i == 1 ? 0 : 8 * (i + 1);
  return SLUICE_OK;
}

/* Semantic range checks: a DECIMAL(5,2) value with 6 digits, a TIME before midnight. */
SLUICE_DESCRIBE("SCALAR bad_decimal(v INT) RETURNS DECIMAL(5,2)")
SLUICE_DESCRIBE("SCALAR bad_time(v INT) RETURNS TIME")
static int bad_decimal(const sluice_call *call, sluice_builder *out) {
  for (int64_t r = 0; r < call->rows; r++) sluice_append_decimal(out, r == 2 ? -100000 : 99999);
  return SLUICE_OK;
}
SLUICE_EXPORT(bad_decimal) int32_t bad_decimal_export(const struct ArrowSchema *s,
                                                      const struct ArrowArray *in,
                                                      const struct ArrowSchema *os,
                                                      struct ArrowArray *out) {
  return sluice__run_scalar(bad_decimal, s, in, os, out);
}
static int bad_time(const sluice_call *call, sluice_builder *out) {
  for (int64_t r = 0; r < call->rows; r++) sluice_append_bigint(out, r == 1 ? 86400000000LL : 5);
  return SLUICE_OK;
}
SLUICE_EXPORT(bad_time) int32_t bad_time_export(const struct ArrowSchema *s,
                                                const struct ArrowArray *in,
                                                const struct ArrowSchema *os,
                                                struct ArrowArray *out) {
  return sluice__run_scalar(bad_time, s, in, os, out);
}

/* ------------------------------------------------------------------------------------------------
 * Not a SQL function: memmove, which clang lowers to memory.copy with -mbulk-memory
 * ---------------------------------------------------------------------------------------------- */

SLUICE_EXPORT(guest_memmove) void guest_memmove(void *dst, const void *src, uint32_t n) {
  memmove(dst, src, n);
}

/* ------------------------------------------------------------------------------------------------
 * SDK regression: builder sizes beyond the 32-bit address space must fail, not wrap around
 * ---------------------------------------------------------------------------------------------- */

SLUICE_EXPORT(builder_for_rows) int32_t builder_for_rows(int32_t type, int64_t rows) {
  sluice_builder b;
  return sluice_builder_init_type(&b, type, 38, 0, rows);
}
