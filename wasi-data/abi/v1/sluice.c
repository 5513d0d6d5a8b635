/*
 * sluice.c -- the C guest SDK of the wasi-data ABI v1: the exports every module needs, batch
 * decoding, output builders, scratch memory and the generic halves of scalar, table and aggregate
 * exports. Compile it into every guest module next to your own sources (see sluice.h).
 *
 * Memory ownership, as ABI.md states it:
 *  - blocks from sluice_alloc belong to the host until it calls sluice_free;
 *  - everything the guest hands back (output arrays, their buffers, row-ABI strings) is scratch:
 *    it stays valid until the start of the next batch call or until sluice_reclaim;
 *  - aggregate states live until their _destroy export is called.
 */
/* posix_memalign is POSIX, not ISO C: ask for it when compiled with -std=c99 or -std=c11. */
#define _POSIX_C_SOURCE 200112L

#include "sluice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------------
 * Module-wide exports
 * ---------------------------------------------------------------------------------------------- */

static void sluice__borrowed_release(void *unused) { (void)unused; }

static const struct sluice_guest_info sluice__info = {
    SLUICE_ABI_VERSION, 0, sluice__borrowed_release, 0};

__attribute__((export_name("sluice_abi_v1"))) const struct sluice_guest_info *sluice_abi_v1(void) {
  return &sluice__info;
}

__attribute__((export_name("sluice_alloc"))) void *sluice_alloc(uint32_t size, uint32_t align) {
  void *ptr = NULL;
  if (align < sizeof(void *)) align = sizeof(void *);
  if ((align & (align - 1)) != 0) return NULL;
  if (posix_memalign(&ptr, align, size == 0 ? 1 : size) != 0) return NULL;
  return ptr;
}

__attribute__((export_name("sluice_free"))) void sluice_free(void *ptr, uint32_t size,
                                                             uint32_t align) {
  (void)size;
  (void)align;
  free(ptr);
}

/* ------------------------------------------------------------------------------------------------
 * Scratch memory: every block handed to the host, freed all at once
 * ---------------------------------------------------------------------------------------------- */

static void **sluice__scratch_blocks;
static size_t sluice__scratch_count;
static size_t sluice__scratch_capacity;

static bool sluice__scratch_track(void *block) {
  if (sluice__scratch_count == sluice__scratch_capacity) {
    size_t capacity = sluice__scratch_capacity ? sluice__scratch_capacity * 2 : 64;
    void **grown = realloc(sluice__scratch_blocks, capacity * sizeof(void *));
    if (!grown) return false;
    sluice__scratch_blocks = grown;
    sluice__scratch_capacity = capacity;
  }
  sluice__scratch_blocks[sluice__scratch_count++] = block;
  return true;
}

void *sluice_scratch(size_t size) {
  void *block = malloc(size == 0 ? 1 : size);
  if (!block) return NULL;
  if (!sluice__scratch_track(block)) {
    free(block);
    return NULL;
  }
  return block;
}

/* Scratch for a size computed in 64 bits: NULL when it does not fit wasm32's 32-bit size_t, where
 * a cast would wrap it around to a small block that the builder then overruns. */
static void *sluice__scratch_sized(uint64_t size) {
  if (size > SIZE_MAX) return NULL;
  return sluice_scratch((size_t)size);
}

/* Grows a scratch block; on failure the old block stays valid and tracked. */
static void *sluice__scratch_realloc(void *old, uint64_t size) {
  if (size > SIZE_MAX) return NULL;
  if (!old) return sluice_scratch((size_t)size);
  void *grown = realloc(old, (size_t)size);
  if (!grown) return NULL;
  for (size_t i = sluice__scratch_count; i-- > 0;) {
    if (sluice__scratch_blocks[i] == old) {
      sluice__scratch_blocks[i] = grown;
      return grown;
    }
  }
  return grown; /* unreachable: every builder buffer is tracked */
}

__attribute__((export_name("sluice_reclaim"))) void sluice_reclaim(void) {
  for (size_t i = 0; i < sluice__scratch_count; i++) free(sluice__scratch_blocks[i]);
  sluice__scratch_count = 0;
}

/* Every batch export starts here: the previous call's outputs have been read by now. */
static void sluice__begin_call(void) { sluice_reclaim(); }

/* ------------------------------------------------------------------------------------------------
 * Errors and logs
 * ---------------------------------------------------------------------------------------------- */

/* Messages are formatted here, not on the wasm stack; the host keeps at most this many bytes. */
static char sluice__message[SLUICE_MAX_ERROR_BYTES + 1];

/* Formats into sluice__message and returns the length, cut so no UTF-8 sequence is split. */
static uint32_t sluice__format(const char *format, va_list args) {
  int n = vsnprintf(sluice__message, sizeof sluice__message, format, args);
  if (n < 0) return 0;
  if ((size_t)n < sizeof sluice__message) return (uint32_t)n;
  n = SLUICE_MAX_ERROR_BYTES;
  while (n > 0 && (sluice__message[n] & 0xC0) == 0x80) n--; /* back to a sequence start */
  return (uint32_t)n;
}

static int sluice__verror(int64_t row, const char *format, va_list args) {
  uint32_t n = sluice__format(format, args);
  sluice_host_error(sluice__message, n, row > INT32_MAX ? INT32_MAX : (int32_t)row);
  return SLUICE_ERROR;
}

int sluice_error(const char *format, ...) {
  va_list args;
  va_start(args, format);
  int status = sluice__verror(-1, format, args);
  va_end(args);
  return status;
}

int sluice_error_at(int64_t row, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int status = sluice__verror(row, format, args);
  va_end(args);
  return status;
}

void sluice_log(const char *format, ...) {
  va_list args;
  va_start(args, format);
  uint32_t n = sluice__format(format, args);
  va_end(args);
  sluice_host_log(sluice__message, n);
}

/* ------------------------------------------------------------------------------------------------
 * Types: Arrow C format strings <-> SLUICE_* ids
 * ---------------------------------------------------------------------------------------------- */

static int sluice__parse_int(const char **p) {
  int v = 0;
  while (**p >= '0' && **p <= '9') v = v * 10 + (*(*p)++ - '0');
  return v;
}

/* Returns the SLUICE_* id of an Arrow format string, or 0 when Sluice has no such type. */
static int sluice__type_of(const char *format, int32_t *precision, int32_t *scale) {
  *precision = 0;
  *scale = 0;
  if (!format || !format[0]) return 0;
  if (format[1] == '\0') {
    switch (format[0]) {
      case 'b': return SLUICE_BOOLEAN;
      case 'c': return SLUICE_TINYINT;
      case 's': return SLUICE_SMALLINT;
      case 'i': return SLUICE_INT;
      case 'l': return SLUICE_BIGINT;
      case 'f': return SLUICE_FLOAT;
      case 'g': return SLUICE_DOUBLE;
      case 'u': return SLUICE_VARCHAR;
      case 'z': return SLUICE_VARBINARY;
      default: return 0;
    }
  }
  if (format[0] == 'd' && format[1] == ':') {
    const char *p = format + 2;
    *precision = sluice__parse_int(&p);
    if (*p != ',') return 0;
    p++;
    *scale = sluice__parse_int(&p);
    if (*p == ',') { /* optional bit width: only 128 */
      p++;
      if (sluice__parse_int(&p) != 128) return 0;
    }
    return *p == '\0' ? SLUICE_DECIMAL : 0;
  }
  if (strcmp(format, "tdD") == 0) return SLUICE_DATE;
  if (strcmp(format, "ttu") == 0) return SLUICE_TIME;
  if (strcmp(format, "tsu:") == 0) return SLUICE_TIMESTAMP;
  if (strncmp(format, "tsu:", 4) == 0) return SLUICE_TIMESTAMP_TZ;
  return 0;
}

/* Bytes per value of a fixed-width type; 0 for BOOLEAN (bits) and the variable-width types. */
static uint32_t sluice__width(int type) {
  switch (type) {
    case SLUICE_TINYINT: return 1;
    case SLUICE_SMALLINT: return 2;
    case SLUICE_INT:
    case SLUICE_DATE:
    case SLUICE_FLOAT: return 4;
    case SLUICE_BIGINT:
    case SLUICE_DOUBLE:
    case SLUICE_TIME:
    case SLUICE_TIMESTAMP:
    case SLUICE_TIMESTAMP_TZ: return 8;
    case SLUICE_DECIMAL: return 16;
    default: return 0;
  }
}

static bool sluice__is_bytes(int type) { return type == SLUICE_VARCHAR || type == SLUICE_VARBINARY; }

/* ------------------------------------------------------------------------------------------------
 * Reading a batch
 * ---------------------------------------------------------------------------------------------- */

/* Names a column for an error message: "argument 2", or the serialized states when argument is 0.
 * Only error paths call it: formatting on every call cost more than the rest of a small batch. */
static const char *sluice__column_name(int argument, char *buffer, size_t size) {
  if (argument <= 0) return "the serialized states";
  snprintf(buffer, size, "argument %d", argument);
  return buffer;
}

static int sluice__read_column(const struct ArrowSchema *schema, const struct ArrowArray *array,
                               int64_t parent_offset, int argument, sluice_column *c) {
  char name[32];
  c->type = sluice__type_of(schema->format, &c->precision, &c->scale);
  if (c->type == 0)
    return sluice_error("%s has Arrow format '%s', which Sluice does not know",
                        sluice__column_name(argument, name, sizeof name),
                        schema->format ? schema->format : "(null)");
  int64_t expected_buffers = sluice__is_bytes(c->type) ? 3 : 2;
  if (array->n_buffers != expected_buffers)
    return sluice_error("%s has %lld buffers, expected %lld",
                        sluice__column_name(argument, name, sizeof name),
                        (long long)array->n_buffers, (long long)expected_buffers);
  c->schema = schema;
  c->array = array;
  c->length = array->length;
  c->offset = array->offset + parent_offset;
  c->validity = array->null_count == 0 ? NULL : (const uint8_t *)array->buffers[0];
  if (sluice__is_bytes(c->type)) {
    c->offsets = (const int32_t *)array->buffers[1];
    c->values = array->buffers[2];
  } else {
    c->offsets = NULL;
    c->values = array->buffers[1];
  }
  return SLUICE_OK;
}

int sluice_read_call(const struct ArrowSchema *schema, const struct ArrowArray *batch,
                     sluice_call *call) {
  if (!schema || !batch || !schema->format || strcmp(schema->format, "+s") != 0)
    return sluice_error("the input batch is not an Arrow struct array (format +s)");
  if (schema->n_children != batch->n_children)
    return sluice_error("the input batch has %lld schema children but %lld arrays",
                        (long long)schema->n_children, (long long)batch->n_children);
  if (batch->n_children > SLUICE_MAX_ARGS)
    return sluice_error("the input batch has %lld columns; at most %d are supported",
                        (long long)batch->n_children, SLUICE_MAX_ARGS);
  call->rows = batch->length;
  call->n_args = (int)batch->n_children;
  for (int i = 0; i < call->n_args; i++) {
    int status = sluice__read_column(schema->children[i], batch->children[i], batch->offset, i + 1,
                                     &call->args[i]);
    if (status != SLUICE_OK) return status;
  }
  return SLUICE_OK;
}

/* ------------------------------------------------------------------------------------------------
 * Builders
 * ---------------------------------------------------------------------------------------------- */

static uint64_t sluice__values_bytes(int type, int64_t capacity) {
  if (type == SLUICE_BOOLEAN) return (uint64_t)(capacity + 7) / 8;
  return (uint64_t)capacity * sluice__width(type);
}

int sluice_builder_init_type(sluice_builder *b, int type, int32_t precision, int32_t scale,
                             int64_t rows) {
  memset(b, 0, sizeof *b);
  b->type = type;
  b->precision = precision;
  b->scale = scale;
  b->capacity = rows < 16 ? 16 : rows;
  if (sluice__is_bytes(type)) {
    b->offsets = sluice__scratch_sized((uint64_t)(b->capacity + 1) * sizeof(int32_t));
    b->data_capacity = b->capacity * 16;
    b->values = sluice__scratch_sized((uint64_t)b->data_capacity);
    if (b->offsets) b->offsets[0] = 0;
    b->failed = !b->offsets || !b->values;
  } else if (type == SLUICE_BOOLEAN || sluice__width(type) != 0) {
    b->values = sluice__scratch_sized(sluice__values_bytes(type, b->capacity));
    if (b->values && type == SLUICE_BOOLEAN) memset(b->values, 0, (b->capacity + 7) / 8);
    b->failed = !b->values;
  } else {
    return sluice_error("cannot build a column of unknown type id %d", type);
  }
  return b->failed ? sluice_error("out of memory allocating an output of %lld rows", (long long)rows)
                   : SLUICE_OK;
}

int sluice_builder_init(sluice_builder *b, const struct ArrowSchema *schema, int64_t rows) {
  int32_t precision, scale;
  int type = sluice__type_of(schema ? schema->format : NULL, &precision, &scale);
  if (type == 0)
    return sluice_error("the output has Arrow format '%s', which Sluice does not know",
                        schema && schema->format ? schema->format : "(null)");
  return sluice_builder_init_type(b, type, precision, scale, rows);
}

/* Makes room for one more value; false (and b->failed) when memory runs out. */
bool sluice__grow(sluice_builder *b) {
  if (b->failed) return false;
  if (b->length < b->capacity) return true;
  int64_t capacity = b->capacity * 2;
  if (sluice__is_bytes(b->type)) {
    int32_t *offsets =
        sluice__scratch_realloc(b->offsets, (uint64_t)(capacity + 1) * sizeof(int32_t));
    if (!offsets) return !(b->failed = true);
    b->offsets = offsets;
  } else {
    uint64_t old_bytes = sluice__values_bytes(b->type, b->capacity);
    uint8_t *values = sluice__scratch_realloc(b->values, sluice__values_bytes(b->type, capacity));
    if (!values) return !(b->failed = true);
    if (b->type == SLUICE_BOOLEAN)
      memset(values + old_bytes, 0, sluice__values_bytes(b->type, capacity) - old_bytes);
    b->values = values;
  }
  if (b->validity) {
    uint8_t *validity = sluice__scratch_realloc(b->validity, (uint64_t)(capacity + 7) / 8);
    if (!validity) return !(b->failed = true);
    memset(validity + (b->capacity + 7) / 8, 0, (size_t)(capacity + 7) / 8 - (b->capacity + 7) / 8);
    b->validity = validity;
  }
  b->capacity = capacity;
  return true;
}

/* The builder's room and validity helpers are inline in sluice.h; these names keep this file
 * readable. */
static bool sluice__reserve_value(sluice_builder *b) { return sluice__room(b); }
static void sluice__mark_valid(sluice_builder *b) { sluice__valid(b); }

/* Sets the validity bits of rows [from, to): bit by bit to a byte boundary, then whole bytes. */
static void sluice__set_valid(uint8_t *bits, int64_t from, int64_t to) {
  int64_t i = from;
  for (; i < to && (i & 7) != 0; i++) bits[i >> 3] |= (uint8_t)(1u << (i & 7));
  if (to - i >= 8) {
    memset(bits + (i >> 3), 0xFF, (size_t)((to - i) >> 3));
    i += (to - i) & ~(int64_t)7;
  }
  for (; i < to; i++) bits[i >> 3] |= (uint8_t)(1u << (i & 7));
}

/* Gives the builder a validity bitmap with every appended row valid, if it has none yet. */
static bool sluice__ensure_validity(sluice_builder *b) {
  if (b->validity) return true;
  size_t bytes = (size_t)(b->capacity + 7) / 8;
  b->validity = sluice_scratch(bytes);
  if (!b->validity) {
    b->failed = true;
    return false;
  }
  memset(b->validity, 0, bytes);
  sluice__set_valid(b->validity, 0, b->length); /* every row appended so far is valid */
  return true;
}

void sluice_append_null(sluice_builder *b) {
  if (!sluice__reserve_value(b)) return;
  if (!sluice__ensure_validity(b)) return;
  if (sluice__is_bytes(b->type)) {
    b->offsets[b->length + 1] = b->offsets[b->length];
  } else if (b->type != SLUICE_BOOLEAN) {
    uint32_t w = sluice__width(b->type);
    memset(b->values + (size_t)b->length * w, 0, w);
  }
  b->null_count++;
  b->length++;
}

void *sluice_append_values(sluice_builder *b, int64_t n) {
  uint32_t width = sluice__width(b->type);
  if (b->failed || width == 0 || n < 0) {
    b->failed = true;
    return NULL;
  }
  if (b->length + n > b->capacity) {
    int64_t capacity = b->capacity;
    while (capacity < b->length + n) capacity *= 2;
    uint64_t bytes = sluice__values_bytes(b->type, capacity);
    uint8_t *values = bytes > SIZE_MAX ? NULL : sluice__scratch_realloc(b->values, (size_t)bytes);
    if (!values) {
      b->failed = true;
      return NULL;
    }
    b->values = values;
    if (b->validity) {
      uint8_t *validity = sluice__scratch_realloc(b->validity, (size_t)(capacity + 7) / 8);
      if (!validity) {
        b->failed = true;
        return NULL;
      }
      memset(validity + (b->capacity + 7) / 8, 0,
             (size_t)(capacity + 7) / 8 - (size_t)(b->capacity + 7) / 8);
      b->validity = validity;
    }
    b->capacity = capacity;
  }
  int64_t first = b->length;
  if (b->validity) sluice__set_valid(b->validity, first, first + n);
  b->length += n;
  return b->values + (size_t)first * width;
}

void sluice_set_null(sluice_builder *b, int64_t row) {
  if (b->failed || row < 0 || row >= b->length || !sluice__ensure_validity(b)) return;
  uint8_t bit = (uint8_t)(1u << (row & 7));
  if (b->validity[row >> 3] & bit) {
    b->validity[row >> 3] &= (uint8_t)~bit;
    b->null_count++;
  }
}

int sluice_copy_nulls(sluice_builder *b, int64_t first, const sluice_column *in, int64_t n) {
  if (in->validity == NULL || (in->array != NULL && in->array->null_count == 0)) return SLUICE_OK;
  if (first < 0 || n < 0 || first + n > b->length) {
    return sluice_error("sluice_copy_nulls: rows out of range");
  }
  const uint8_t *bits = in->validity;
  int64_t bit = in->offset; /* the bitmap position of input row 0 */
  int64_t row = 0;
  /* Row by row up to a byte boundary of the input bitmap, then a byte (8 rows) at a time: a byte
   * with every bit set, the common case, costs one load. */
  for (; row < n && ((bit + row) & 7) != 0; row++) {
    if (!(bits[(bit + row) >> 3] & (1u << ((bit + row) & 7)))) sluice_set_null(b, first + row);
  }
  for (; row + 8 <= n; row += 8) {
    uint8_t byte = bits[(bit + row) >> 3];
    if (byte == 0xFF) continue;
    for (int k = 0; k < 8; k++) {
      if (!(byte & (1u << k))) sluice_set_null(b, first + row + k);
    }
  }
  for (; row < n; row++) {
    if (!(bits[(bit + row) >> 3] & (1u << ((bit + row) & 7)))) sluice_set_null(b, first + row);
  }
  return b->failed ? sluice_error("out of memory marking NULL rows") : SLUICE_OK;
}

char *sluice_append_reserve(sluice_builder *b, uint32_t len) {
  if (!sluice__reserve_value(b)) return NULL;
  int64_t start = b->offsets[b->length];
  int64_t end = start + len;
  if (end > INT32_MAX) {
    b->failed = true;
    return NULL;
  }
  if (end > b->data_capacity) {
    int64_t capacity = b->data_capacity * 2;
    while (capacity < end) capacity *= 2;
    if (capacity > INT32_MAX) capacity = INT32_MAX;
    uint8_t *data = sluice__scratch_realloc(b->values, (size_t)capacity);
    if (!data) {
      b->failed = true;
      return NULL;
    }
    b->values = data;
    b->data_capacity = capacity;
  }
  sluice__mark_valid(b);
  b->offsets[b->length + 1] = (int32_t)end;
  b->length++;
  return (char *)b->values + start;
}

void sluice_append_shrink(sluice_builder *b, uint32_t unused) {
  if (b->failed || b->length == 0) return;
  int32_t *end = &b->offsets[b->length];
  if ((uint32_t)(*end - b->offsets[b->length - 1]) >= unused) *end -= (int32_t)unused;
}

void sluice_append_bytes(sluice_builder *b, const void *ptr, uint32_t len) {
  char *dst = sluice_append_reserve(b, len);
  if (dst && len) memcpy(dst, ptr, len);
}

int sluice_builder_finish(sluice_builder *b, struct ArrowArray *out) {
  if (b->failed) return sluice_error("out of memory building an output of %lld rows",
                                     (long long)b->length);
  int n_buffers = sluice__is_bytes(b->type) ? 3 : 2;
  const void **buffers = sluice_scratch(sizeof(void *) * (size_t)n_buffers);
  if (!buffers) return sluice_error("out of memory finishing an output");
  buffers[0] = b->null_count ? b->validity : NULL;
  if (n_buffers == 3) {
    buffers[1] = b->offsets;
    buffers[2] = b->values;
  } else {
    buffers[1] = b->values;
  }
  memset(out, 0, sizeof *out);
  out->length = b->length;
  out->null_count = b->null_count;
  out->offset = 0;
  out->n_buffers = n_buffers;
  out->n_children = 0;
  out->buffers = buffers;
  out->release = (void (*)(struct ArrowArray *))sluice__borrowed_release;
  return SLUICE_OK;
}

/* ------------------------------------------------------------------------------------------------
 * Scalar and table exports
 * ---------------------------------------------------------------------------------------------- */

int sluice__run_scalar(sluice_scalar_fn fn, const struct ArrowSchema *in_schema,
                       const struct ArrowArray *in, const struct ArrowSchema *out_schema,
                       struct ArrowArray *out) {
  sluice__begin_call();
  sluice_call call;
  int status = sluice_read_call(in_schema, in, &call);
  if (status != SLUICE_OK) return status;
  sluice_builder builder;
  status = sluice_builder_init(&builder, out_schema, call.rows);
  if (status != SLUICE_OK) return status;
  status = fn(&call, &builder);
  if (status != SLUICE_OK) return status;
  if (builder.length != call.rows && !builder.failed)
    return sluice_error("the function produced %lld values for %lld rows",
                        (long long)builder.length, (long long)call.rows);
  return sluice_builder_finish(&builder, out);
}

void sluice_emit_row(sluice_table_out *out, int64_t input_row) {
  sluice_append_int(&out->row, (int32_t)input_row);
}

int sluice__run_table(sluice_table_fn fn, const struct ArrowSchema *in_schema,
                      const struct ArrowArray *in, const struct ArrowSchema *out_schema,
                      struct ArrowArray *out) {
  sluice__begin_call();
  sluice_call call;
  int status = sluice_read_call(in_schema, in, &call);
  if (status != SLUICE_OK) return status;
  if (!out_schema || !out_schema->format || strcmp(out_schema->format, "+s") != 0 ||
      out_schema->n_children < 1 || out_schema->n_children > SLUICE_MAX_ARGS + 1)
    return sluice_error("a table function's output schema must be a struct of 1 to %d columns",
                        SLUICE_MAX_ARGS + 1);
  sluice_table_out table;
  table.n_columns = (int)out_schema->n_children - 1;
  status = sluice_builder_init_type(&table.row, SLUICE_INT, 0, 0, call.rows);
  for (int i = 0; status == SLUICE_OK && i < table.n_columns; i++)
    status = sluice_builder_init(&table.columns[i], out_schema->children[i + 1], call.rows);
  if (status != SLUICE_OK) return status;

  int result = fn(&call, &table);
  if (result != SLUICE_OK && result != SLUICE_MORE) return result;

  int64_t rows = table.row.length;
  int n = table.n_columns + 1;
  struct ArrowArray *children = sluice_scratch(sizeof(struct ArrowArray) * (size_t)n);
  struct ArrowArray **child_ptrs = sluice_scratch(sizeof(struct ArrowArray *) * (size_t)n);
  const void **buffers = sluice_scratch(sizeof(void *));
  if (!children || !child_ptrs || !buffers) return sluice_error("out of memory finishing a table");
  status = sluice_builder_finish(&table.row, &children[0]);
  child_ptrs[0] = &children[0];
  for (int i = 0; status == SLUICE_OK && i < table.n_columns; i++) {
    if (table.columns[i].length != rows && !table.columns[i].failed)
      return sluice_error("the table function emitted %lld rows but column %d has %lld values",
                          (long long)rows, i + 1, (long long)table.columns[i].length);
    status = sluice_builder_finish(&table.columns[i], &children[i + 1]);
    child_ptrs[i + 1] = &children[i + 1];
  }
  if (status != SLUICE_OK) return status;
  buffers[0] = NULL;
  memset(out, 0, sizeof *out);
  out->length = rows;
  out->n_buffers = 1;
  out->n_children = n;
  out->buffers = buffers;
  out->children = child_ptrs;
  out->release = (void (*)(struct ArrowArray *))sluice__borrowed_release;
  return result;
}

/* ------------------------------------------------------------------------------------------------
 * Aggregate exports. A state handle is the address of a zeroed block of state_size bytes.
 * ---------------------------------------------------------------------------------------------- */

static void *sluice__agg_new(const sluice_aggregate *a) {
  void *state = calloc(1, a->state_size == 0 ? 1 : a->state_size);
  if (state && a->init(state) != SLUICE_OK) {
    free(state);
    return NULL;
  }
  return state;
}

static void sluice__agg_free(const sluice_aggregate *a, void *state) {
  if (!state) return;
  if (a->destroy) a->destroy(state);
  free(state);
}

int sluice__agg_init(const sluice_aggregate *a, uint32_t n, uint32_t *states_out) {
  sluice__begin_call();
  for (uint32_t i = 0; i < n; i++) {
    void *state = sluice__agg_new(a);
    if (!state) {
      for (uint32_t j = 0; j < i; j++) sluice__agg_free(a, (void *)(uintptr_t)states_out[j]);
      return sluice_error("out of memory creating aggregate state %u of %u", i + 1, n);
    }
    states_out[i] = (uint32_t)(uintptr_t)state;
  }
  return SLUICE_OK;
}

int sluice__agg_update(const sluice_aggregate *a, const uint32_t *states,
                       const struct ArrowSchema *schema, const struct ArrowArray *batch) {
  sluice__begin_call();
  sluice_call call;
  int status = sluice_read_call(schema, batch, &call);
  for (int64_t row = 0; status == SLUICE_OK && row < call.rows; row++)
    status = a->update((void *)(uintptr_t)states[row], &call, row);
  return status;
}

int sluice__agg_merge(const sluice_aggregate *a, uint32_t n, const uint32_t *targets,
                      const uint32_t *sources) {
  sluice__begin_call();
  int status = SLUICE_OK;
  for (uint32_t i = 0; status == SLUICE_OK && i < n; i++)
    status = a->merge((void *)(uintptr_t)targets[i], (const void *)(uintptr_t)sources[i]);
  return status;
}

bool sluice_write_bytes(sluice_bytes_writer *w, const void *ptr, uint32_t len) {
  sluice_builder *b = w->builder;
  if (b->failed) return false;
  int64_t end = (int64_t)b->offsets[b->length] + w->used + len;
  if (end > INT32_MAX) return !(b->failed = true);
  if (end > b->data_capacity) {
    int64_t capacity = b->data_capacity * 2;
    while (capacity < end) capacity *= 2;
    if (capacity > INT32_MAX) capacity = INT32_MAX;
    uint8_t *data = sluice__scratch_realloc(b->values, (size_t)capacity);
    if (!data) return !(b->failed = true);
    b->values = data;
    b->data_capacity = capacity;
  }
  memcpy(b->values + b->offsets[b->length] + w->used, ptr, len);
  w->used += len;
  return true;
}

int sluice__agg_serialize(const sluice_aggregate *a, uint32_t n, const uint32_t *states,
                          struct ArrowArray *out) {
  sluice__begin_call();
  sluice_builder b;
  int status = sluice_builder_init_type(&b, SLUICE_VARBINARY, 0, 0, n);
  for (uint32_t i = 0; status == SLUICE_OK && i < n; i++) {
    const void *state = (const void *)(uintptr_t)states[i];
    if (!a->serialize) {
      sluice_append_bytes(&b, state, a->state_size);
      continue;
    }
    if (!sluice__reserve_value(&b)) break;
    sluice_bytes_writer w = {&b, 0, 0, NULL};
    status = a->serialize(state, &w);
    if (status != SLUICE_OK || b.failed) break;
    b.offsets[b.length + 1] = b.offsets[b.length] + (int32_t)w.used;
    sluice__mark_valid(&b);
    b.length++;
  }
  if (status != SLUICE_OK) return status;
  return sluice_builder_finish(&b, out);
}

int sluice__agg_deserialize(const sluice_aggregate *a, const struct ArrowSchema *schema,
                            const struct ArrowArray *blobs, uint32_t *states_out) {
  sluice__begin_call();
  sluice_column c;
  int status = sluice__read_column(schema, blobs, 0, 0, &c);
  if (status != SLUICE_OK) return status;
  if (c.type != SLUICE_VARBINARY) return sluice_error("serialized states must be VARBINARY");
  for (int64_t i = 0; i < c.length; i++) {
    /* A NULL serialized state stands for a state that saw no rows: it becomes a fresh one. */
    sluice_bytes bytes = sluice_is_null(&c, i) ? (sluice_bytes){NULL, 0} : sluice_get_bytes(&c, i);
    void *state = sluice__agg_new(a);
    if (!state) status = sluice_error("out of memory deserializing state %lld", (long long)i);
    else if (bytes.ptr == NULL) status = SLUICE_OK;
    else if (a->deserialize) status = a->deserialize(state, bytes.ptr, bytes.len);
    else if (bytes.len != a->state_size)
      status = sluice_error("serialized state %lld has %u bytes, expected %u", (long long)i,
                            bytes.len, a->state_size);
    else memcpy(state, bytes.ptr, bytes.len);
    if (status != SLUICE_OK) {
      sluice__agg_free(a, state);
      for (int64_t j = 0; j < i; j++) sluice__agg_free(a, (void *)(uintptr_t)states_out[j]);
      return status;
    }
    states_out[i] = (uint32_t)(uintptr_t)state;
  }
  return SLUICE_OK;
}

int sluice__agg_finish(const sluice_aggregate *a, uint32_t n, const uint32_t *states,
                       const struct ArrowSchema *out_schema, struct ArrowArray *out) {
  sluice__begin_call();
  sluice_builder b;
  int status = sluice_builder_init(&b, out_schema, n);
  for (uint32_t i = 0; status == SLUICE_OK && i < n; i++) {
    int64_t before = b.length;
    status = a->finish((const void *)(uintptr_t)states[i], &b);
    if (status == SLUICE_OK && b.length != before + 1 && !b.failed)
      return sluice_error("finish appended %lld values for one group, expected 1",
                          (long long)(b.length - before));
  }
  if (status != SLUICE_OK) return status;
  return sluice_builder_finish(&b, out);
}

int sluice__agg_destroy(const sluice_aggregate *a, uint32_t n, const uint32_t *states) {
  sluice__begin_call();
  for (uint32_t i = 0; i < n; i++) sluice__agg_free(a, (void *)(uintptr_t)states[i]);
  return SLUICE_OK;
}
