/*
 * bench_native.c -- the "container" reference: a native program, compiled for the host when the
 * benchmark starts, that runs one benchmark function over one batch and prints a checksum. Timing
 * its start to its result is what a UDF pays when it runs in a separate OS process (what a
 * container runtime adds comes on top).
 *
 * Usage: bench_native scale|upper ROWS   (the batch is generated as the Java benchmark's is)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_kernels.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s scale|upper ROWS\n", argv[0]);
    return 2;
  }
  long rows = atol(argv[2]);
  if (strcmp(argv[1], "scale") == 0) {
    double sum = 0;
    for (long i = 0; i < rows; i++) sum += scale_offset(i);
    printf("%.1f\n", sum);
    return 0;
  }
  if (strcmp(argv[1], "upper") == 0) {
    static const char text[] = "the quick brown fox jumps over the lazy dog";
    char out[sizeof text];
    unsigned long checksum = 0;
    for (long i = 0; i < rows; i++) {
      upper_ascii(text, (uint32_t)(sizeof text - 1), out);
      checksum += (unsigned char)out[i % (sizeof text - 1)];
    }
    printf("%lu\n", checksum);
    return 0;
  }
  fprintf(stderr, "unknown function %s\n", argv[1]);
  return 2;
}
