/*
 * hostile/raw.h -- helpers for hostile modules that write their ArrowArray outputs by hand,
 * bypassing the SDK's builders, to hand the host exactly the malformed result they want to test.
 */
#ifndef SLUICE_HOSTILE_RAW_H
#define SLUICE_HOSTILE_RAW_H

#include <string.h>

#include "sluice.h"

/* Exported by sluice.c but not declared by sluice.h. */
void sluice_reclaim(void);

/* Declares a hand-written batch export together with its descriptor line. */
#define RAW_BATCH_EXPORT(kind, name, signature)                                                \
  SLUICE_DESCRIBE(kind " " signature " ABI BATCH EXPORT " #name)                               \
  __attribute__((export_name(#name))) int32_t name(                                            \
      const struct ArrowSchema *in_schema, const struct ArrowArray *in,                        \
      const struct ArrowSchema *out_schema, struct ArrowArray *out)

/* Fills `out` as a child-less array of `length` values over `n_buffers` buffers. */
static inline void raw_array(struct ArrowArray *out, int64_t length, int64_t n_buffers,
                             const void **buffers) {
  memset(out, 0, sizeof *out);
  out->length = length;
  out->null_count = 0;
  out->n_buffers = n_buffers;
  out->buffers = buffers;
}

/* Bytes of linear memory right now. */
static inline uint32_t raw_memory_bytes(void) {
  return (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
}

#endif /* SLUICE_HOSTILE_RAW_H */
