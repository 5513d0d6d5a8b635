/*
 * bench_udfs.c -- the benchmark guest: each kernel of bench_kernels.h exported on the batch ABI and
 * on the row ABI, appending value by value (the SDK's general path), so the figures say what an
 * ordinary UDF author gets; plus a fast batch variant of each (*_direct): for the number, the SDK's
 * bulk path (sluice_append_values, sluice_copy_nulls); for the string, hand-tuned, filling the
 * output buffers in one pass. Rebuild with build-wasm.sh (clang 14,
 * wasi-libc, no SIMD).
 */
#include <string.h>

#include "sluice.h"
#include "bench_kernels.h"

/* Gives `out` a copy of the input's validity bitmap; the host writes offset 0, so bits line up. */
static int copy_validity(const sluice_column *in, sluice_builder *out) {
  if (!in->validity || in->array->null_count == 0) return SLUICE_OK;
  size_t bytes = (size_t)(in->length + 7) / 8;
  uint8_t *validity = sluice_scratch(bytes);
  if (!validity) return sluice_error("out of memory");
  memcpy(validity, in->validity, bytes);
  out->validity = validity;
  out->null_count = in->array->null_count;
  return SLUICE_OK;
}

static int scale_batch(const sluice_call *call, sluice_builder *out) {
  const sluice_column *x = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(x, row)) sluice_append_null(out);
    else sluice_append_double(out, scale_offset(sluice_get_bigint(x, row)));
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(scale_batch, "scale_batch(x BIGINT) RETURNS DOUBLE")

/* The SDK's fast path for fixed-width results: all values written directly, then the NULLs. */
static int scale_direct(const sluice_call *call, sluice_builder *out) {
  const sluice_column *x = &call->args[0];
  double *values = sluice_append_values(out, call->rows);
  if (!values) return sluice_error("out of memory");
  for (int64_t row = 0; row < call->rows; row++) values[row] = scale_offset(sluice_get_bigint(x, row));
  return sluice_copy_nulls(out, 0, x, call->rows);
}
SLUICE_SCALAR(scale_direct, "scale_direct(x BIGINT) RETURNS DOUBLE")

SLUICE_ROW_FUNCTION(double, scale_row, (int64_t x), "scale_row(x BIGINT) RETURNS DOUBLE") {
  return scale_offset(x);
}

static int upper_batch(const sluice_call *call, sluice_builder *out) {
  const sluice_column *s = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(s, row)) {
      sluice_append_null(out);
      continue;
    }
    sluice_bytes v = sluice_get_bytes(s, row);
    char *dst = sluice_append_reserve(out, v.len);
    if (!dst) return sluice_error_at(row, "out of memory");
    upper_ascii(v.ptr, v.len, dst);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(upper_batch, "upper_batch(s VARCHAR) RETURNS VARCHAR")

/* Hand-tuned: upper-casing keeps every length, so the output has the input's offsets and one pass
 * over the input's bytes makes its data. */
static int upper_direct(const sluice_call *call, sluice_builder *out) {
  const sluice_column *s = &call->args[0];
  if (s->offset != 0) return upper_batch(call, out);
  int64_t rows = call->rows;
  uint32_t bytes = (uint32_t)s->offsets[rows];
  int32_t *offsets = sluice_scratch(sizeof(int32_t) * (size_t)(rows + 1));
  char *data = sluice_scratch(bytes);
  if (!offsets || !data) return sluice_error("out of memory");
  memcpy(offsets, s->offsets, sizeof(int32_t) * (size_t)(rows + 1));
  upper_ascii((const char *)s->values, bytes, data);
  out->offsets = offsets;
  out->values = (uint8_t *)data;
  out->data_capacity = bytes;
  out->capacity = rows;
  out->length = rows;
  return copy_validity(s, out);
}
SLUICE_SCALAR(upper_direct, "upper_direct(s VARCHAR) RETURNS VARCHAR")

/* Row ABI: the result must outlive the call, so it goes to scratch memory, freed by the host's
 * sluice_reclaim after the batch. */
SLUICE_ROW_FUNCTION(int64_t, upper_row, (const char *ptr, uint32_t len),
                    "upper_row(s VARCHAR) RETURNS VARCHAR") {
  char *copy = sluice_scratch(len);
  if (!copy) {
    sluice_error("out of memory");
    return 0;
  }
  upper_ascii(ptr, len, copy);
  return sluice_row_bytes(copy, len);
}
