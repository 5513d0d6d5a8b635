/*
 * hostile/reads_previous_data.c -- looks for data that earlier calls left in linear memory, to
 * prove that an instance reused for another query starts clean (ABI.md section 4.4).
 *
 *   reads_previous_data(s VARCHAR)  keeps a heap copy of the last non-NULL value it was given and
 *                                   returns, for every row, the value kept by the previous call
 *                                   (NULL when there is none). Within one query that is allowed;
 *                                   the first call of a new query must return NULL.
 *   scan_memory(marker VARCHAR)     scans all of linear memory for the marker's bytes and returns
 *                                   the printable text that follows each occurrence, joined by
 *                                   "|" (NULL when none has any). Bytes the host staged for an
 *                                   earlier query (a longer value once written where this call's
 *                                   input now lies) show up here unless memory was reset.
 *
 * Expected: no error at all; a test runs query A with a secret, then query B on the same pooled
 * instance, and asserts that B's results do not contain A's secret.
 */
#include <stdlib.h>
#include <string.h>

#include "sluice.h"

SLUICE_DESCRIBE("# hostile: returns bytes left in memory by earlier calls; "
                "expected: after the host resets the instance between queries, no earlier data")

static char *kept;      /* heap copy of the last value seen, from an earlier call */
static uint32_t kept_len;

static int reads_previous_data(const sluice_call *call, sluice_builder *out) {
  const sluice_column *s = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (kept) sluice_append_bytes(out, kept, kept_len);
    else sluice_append_null(out);
  }
  for (int64_t row = call->rows; row-- > 0;) { /* keep this call's last non-NULL value */
    if (sluice_is_null(s, row)) continue;
    sluice_bytes v = sluice_get_bytes(s, row);
    char *copy = malloc(v.len == 0 ? 1 : v.len);
    if (!copy) return sluice_error("out of memory");
    memcpy(copy, v.ptr, v.len);
    free(kept);
    kept = copy;
    kept_len = v.len;
    break;
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(reads_previous_data,
              "reads_previous_data(s VARCHAR) RETURNS VARCHAR NONDETERMINISTIC")

/* Printable bytes reported after each occurrence of the marker. */
#define MAX_FOLLOWING 64

static volatile uintptr_t memory_base = 0;

static int scan_memory(const sluice_call *call, sluice_builder *out) {
  const sluice_column *marker_column = &call->args[0];
  if (call->rows == 0) return SLUICE_OK;
  if (sluice_is_null(marker_column, 0)) return sluice_error("scan_memory: the marker is NULL");
  sluice_bytes marker = sluice_get_bytes(marker_column, 0);
  if (marker.len == 0) return sluice_error("scan_memory: the marker is empty");

  /* Collect before building anything, so the result's own bytes are not scanned. */
  static char found[4096];
  uint32_t used = 0;
  /* Address 0 is ordinary memory in wasm, but C calls a null pointer invalid: the base address
   * goes through a volatile so the compiler cannot reason about it. */
  const unsigned char *memory = (const unsigned char *)memory_base;
  uint32_t size = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  uint32_t found_at = (uint32_t)(uintptr_t)found, found_end = found_at + sizeof found;
  for (uint32_t at = 0; at + marker.len <= size && used < sizeof found - MAX_FOLLOWING - 1; at++) {
    if (at >= found_at && at < found_end) continue; /* not our own findings */
    if (memory[at] != (unsigned char)marker.ptr[0] ||
        memcmp(memory + at, marker.ptr, marker.len) != 0)
      continue;
    uint32_t start = at + marker.len, end = start;
    while (end < size && end - start < MAX_FOLLOWING && memory[end] >= 0x20 && memory[end] < 0x7F)
      end++;
    if (end == start) continue;
    if (used > 0) found[used++] = '|';
    memcpy(found + used, memory + start, end - start);
    used += end - start;
  }
  for (int64_t row = 0; row < call->rows; row++) {
    if (used == 0) sluice_append_null(out);
    else sluice_append_bytes(out, found, used);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(scan_memory, "scan_memory(marker VARCHAR) RETURNS VARCHAR NONDETERMINISTIC")
