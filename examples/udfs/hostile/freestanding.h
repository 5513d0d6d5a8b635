/*
 * hostile/freestanding.h -- what a module built without wasi-libc and without sluice.c needs:
 * a bump allocator behind sluice_alloc/sluice_free. Used by the modules whose defect is in the
 * exports sluice.c would otherwise provide (build: --target=wasm32 -nostdlib -Wl,--no-entry).
 */
#ifndef SLUICE_HOSTILE_FREESTANDING_H
#define SLUICE_HOSTILE_FREESTANDING_H

#include "sluice.h"

extern unsigned char __heap_base; /* defined by wasm-ld: the first byte after static data */

static uintptr_t bump_next;

/* Never frees; grows memory a page at a time as needed. Enough for a module that is refused at
 * load time, and correct if a host runs it anyway. */
__attribute__((export_name("sluice_alloc"))) void *sluice_alloc(uint32_t size, uint32_t align) {
  if (align == 0 || (align & (align - 1)) != 0) return 0;
  if (bump_next == 0) bump_next = (uintptr_t)&__heap_base;
  uintptr_t start = (bump_next + align - 1) & ~(uintptr_t)(align - 1);
  uintptr_t end = start + size;
  if (end < start) return 0;
  uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (size_t)-1)
    return 0;
  bump_next = end;
  return (void *)start;
}

__attribute__((export_name("sluice_free"))) void sluice_free(void *ptr, uint32_t size,
                                                             uint32_t align) {
  (void)ptr;
  (void)size;
  (void)align;
}

#endif /* SLUICE_HOSTILE_FREESTANDING_H */
