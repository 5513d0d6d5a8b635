/*
 * hostile/memory_bomb.c -- allocates until the host's memory cap refuses to grow memory.
 *
 * Memory is capped per function (16 MiB by default, MEMORY LIMIT to change). In wasm, a refused
 * memory.grow is not a trap: it returns -1 and malloc returns NULL. So these functions keep
 * trying, ever smaller, down to single pages, and touch every byte they get so the pages are
 * really used. Only when the cap has refused even one more page do they give up and fail the call
 * with SLUICE_ERROR. The host must report the cap, e.g. "function memory_bomb exceeded its memory
 * limit of 16 MiB", as an insufficient-resources error, and never let memory grow past the cap.
 */
#include <stdlib.h>
#include <string.h>

#include "sluice.h"

SLUICE_DESCRIBE("# hostile: memory_bomb mallocs and memory_grow grows memory until refused; "
                "expected: the memory cap stops them (a memory-limit error naming the function)")

#define WASM_PAGE 65536u

/* Keeps every block reachable so nothing can be freed or optimized away. */
static void *volatile last_block;

static int memory_bomb(const sluice_call *call, sluice_builder *out) {
  (void)call;
  (void)out;
  size_t total = 0;
  for (size_t size = 1u << 20; size > 0; size /= 2) { /* 1 MiB blocks, then halves, to 1 byte */
    void *block;
    while ((block = malloc(size)) != NULL) {
      memset(block, 0xA5, size);
      if (size >= sizeof(void *)) { /* a chain through every block big enough to hold a link */
        void *link = last_block;
        memcpy(block, &link, sizeof link);
        last_block = block;
      }
      total += size;
    }
  }
  return sluice_error("memory_bomb: malloc refused after %zu bytes", total);
}
SLUICE_SCALAR(memory_bomb, "memory_bomb(x BIGINT) RETURNS BIGINT")

/* Straight to memory.grow: first all of the 4 GiB address space at once, then page by page. */
static int memory_grow(const sluice_call *call, sluice_builder *out) {
  (void)call;
  (void)out;
  size_t pages = __builtin_wasm_memory_size(0);
  if (__builtin_wasm_memory_grow(0, 65536 - pages) != (size_t)-1)
    return sluice_error("memory_grow: the host let memory grow to 4 GiB");
  size_t grown = 0;
  while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1) {
    /* Touch the new page: its last byte is now the last byte of memory. */
    uintptr_t last_byte = (pages + grown + 1) * WASM_PAGE - 1;
    *(volatile unsigned char *)last_byte = 0xA5;
    grown++;
  }
  return sluice_error("memory_grow: memory.grow refused after %zu more pages", grown);
}
SLUICE_SCALAR(memory_grow, "memory_grow(x BIGINT) RETURNS BIGINT")
