/*
 * bench_kernels.h -- the two functions the UDF benchmarks measure, written once and compiled three
 * ways: into the wasm guest (bench_udfs.c, batch and row ABI), into a native program for the
 * "container" reference (bench_native.c), and mirrored in Java as the baseline loop
 * (io.sluice.benchmarks.udf.Kernels, which must compute the same values).
 *
 *   scale_offset(x BIGINT) RETURNS DOUBLE     x * 1.5 + 3.0, the numeric function
 *   upper_ascii(s VARCHAR) RETURNS VARCHAR    ASCII a-z upper-cased, other bytes kept, the string
 *                                             function (UTF-8 stays valid: only bytes < 0x80 change)
 */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

#include <stdint.h>

static inline double scale_offset(int64_t x) { return (double)x * 1.5 + 3.0; }

static inline void upper_ascii(const char *in, uint32_t len, char *out) {
  for (uint32_t i = 0; i < len; i++) {
    char c = in[i];
    out[i] = (c >= 'a' && c <= 'z') ? (char)(c - ('a' - 'A')) : c;
  }
}

#endif
