/*
 * sketches.c -- aggregates with partial states that shards compute and a coordinator merges.
 *
 *   histogram(value DOUBLE) RETURNS VARCHAR
 *       counts per decade: "(-inf,0)", "[0,10)", "[10,100)", ... "[10^15,inf)" plus "NaN",
 *       rendered as "[0,10):3 [10,100):5" (non-empty buckets only). A fixed-size state of plain
 *       integers: the SDK serializes it by copying its bytes.
 *   top_k(value VARCHAR) RETURNS VARCHAR
 *       the 10 most frequent values, by a Misra-Gries summary of 64 counters, rendered as JSON
 *       {"a":12,"b":7}. A variable-size state that owns heap strings: it has real serialize and
 *       deserialize callbacks that write no pointers.
 *   wsum(value DOUBLE, weight DOUBLE) RETURNS DOUBLE
 *       the sum of value * weight, for differential tests of the aggregate protocol.
 *
 * Each returns NULL for a group without a (non-NULL) value; NULL values are skipped.
 *
 * Java references: io.sluice.examples.reference.Histogram, TopK and WeightedSum.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice.h"

/* ------------------------------------------------------------------------------------------------
 * histogram
 * ---------------------------------------------------------------------------------------------- */

/* Lower bounds of buckets 1..16: 0, 10, 100, ..., 10^15. Bucket 0 holds the negative values. */
#define HISTOGRAM_BOUNDS 16
#define HISTOGRAM_BUCKETS (HISTOGRAM_BOUNDS + 1)

typedef struct histogram_state {
  int64_t counts[HISTOGRAM_BUCKETS];
  int64_t nan_count;
} histogram_state;

/* 10^k is exact in a double for k <= 22, so comparisons against these have no rounding. */
static double histogram_bound(int k) {
  double bound = 0;
  for (int i = 1; i <= k; i++) bound = i == 1 ? 10 : bound * 10;
  return bound;
}

static int histogram_bucket(double v) {
  if (v < 0) return 0;
  int bucket = 1;
  while (bucket < HISTOGRAM_BOUNDS && v >= histogram_bound(bucket)) bucket++;
  return bucket;
}

static int histogram_init(void *state) {
  (void)state; /* zeroed memory is an empty histogram */
  return SLUICE_OK;
}

static int histogram_update(void *state, const sluice_call *call, int64_t row) {
  histogram_state *h = state;
  const sluice_column *value = &call->args[0];
  if (sluice_is_null(value, row)) return SLUICE_OK;
  double v = sluice_get_double(value, row);
  if (isnan(v)) h->nan_count++;
  else h->counts[histogram_bucket(v)]++;
  return SLUICE_OK;
}

static int histogram_merge(void *into, const void *from) {
  histogram_state *a = into;
  const histogram_state *b = from;
  for (int i = 0; i < HISTOGRAM_BUCKETS; i++) a->counts[i] += b->counts[i];
  a->nan_count += b->nan_count;
  return SLUICE_OK;
}

/* Writes a bucket's label, e.g. "[10,100)", and returns its length. */
static int histogram_label(int bucket, char *out, size_t size) {
  if (bucket == 0) return snprintf(out, size, "(-inf,0)");
  double lower = histogram_bound(bucket - 1);
  if (bucket == HISTOGRAM_BOUNDS) return snprintf(out, size, "[%.0f,inf)", lower);
  return snprintf(out, size, "[%.0f,%.0f)", lower, histogram_bound(bucket));
}

static int histogram_finish(const void *state, sluice_builder *out) {
  const histogram_state *h = state;
  char text[2048]; /* 17 buckets of at most 56 bytes each, plus NaN */
  size_t used = 0;
  for (int i = 0; i < HISTOGRAM_BUCKETS; i++) {
    if (h->counts[i] == 0) continue;
    if (used > 0) text[used++] = ' ';
    used += (size_t)histogram_label(i, text + used, sizeof text - used);
    used += (size_t)snprintf(text + used, sizeof text - used, ":%lld", (long long)h->counts[i]);
  }
  if (h->nan_count > 0)
    used += (size_t)snprintf(text + used, sizeof text - used, "%sNaN:%lld", used > 0 ? " " : "",
                             (long long)h->nan_count);
  if (used == 0) sluice_append_null(out);
  else sluice_append_bytes(out, text, (uint32_t)used);
  return SLUICE_OK;
}

/* No serialize/deserialize: the state is plain integers, so the SDK copies its bytes, which are
 * the same on every wasm host (wasm is little-endian everywhere). */
static const sluice_aggregate histogram_impl = {
    .state_size = sizeof(histogram_state),
    .init = histogram_init,
    .update = histogram_update,
    .merge = histogram_merge,
    .finish = histogram_finish,
};
SLUICE_AGGREGATE(histogram, "histogram(value DOUBLE) RETURNS VARCHAR", histogram_impl)

/* ------------------------------------------------------------------------------------------------
 * top_k: the Misra-Gries frequent-items summary (Misra & Gries 1982), merged as in Agarwal et al.,
 * "Mergeable Summaries" (PODS 2012).
 *
 * The summary keeps at most TOPK_COUNTERS (m) counters. A value already counted is incremented; a
 * new one takes a free counter; when none is free, every counter is decremented by one instead and
 * those reaching zero are dropped. Merging adds the counters of both summaries and, if more than m
 * remain, subtracts the (m+1)-th largest count from all and drops those that are not positive.
 *
 * Error bound: for a group of N non-NULL values, every value's reported count c satisfies
 *   f - N / (m + 1) <= c <= f, where f is its true frequency,
 * whatever the order of updates and merges; so every value with f > N / (m + 1) is kept. When a
 * group has at most m distinct values nothing is ever dropped and the counts are exact. Beyond
 * that the summary (not its bound) depends on how rows were split among partial states, which is
 * why the function is declared NONDETERMINISTIC.
 *
 * The result lists the TOPK_RESULTS largest counters, by count descending then by value (bytes
 * compared unsigned) ascending, as a JSON object.
 * ---------------------------------------------------------------------------------------------- */

#define TOPK_COUNTERS 64
#define TOPK_RESULTS 10
#define TOPK_FORMAT_VERSION 1

typedef struct topk_counter {
  char *bytes; /* owned copy of the value (malloc'ed; never NULL while counted) */
  uint32_t len;
  int64_t count; /* > 0 */
} topk_counter;

typedef struct topk_state {
  uint32_t n;    /* counters in use */
  int64_t total; /* non-NULL values folded in, N of the error bound */
  topk_counter counters[TOPK_COUNTERS];
} topk_state;

static int topk_init(void *state) {
  (void)state; /* zeroed memory is an empty summary */
  return SLUICE_OK;
}

static void topk_destroy(void *state) {
  topk_state *t = state;
  for (uint32_t i = 0; i < t->n; i++) free(t->counters[i].bytes);
  t->n = 0;
}

static char *copy_bytes(const char *bytes, uint32_t len) {
  char *copy = malloc(len == 0 ? 1 : len);
  if (copy && len > 0) memcpy(copy, bytes, len);
  return copy;
}

static int64_t find_counter(const topk_counter *counters, uint32_t n, const char *bytes,
                            uint32_t len) {
  for (uint32_t i = 0; i < n; i++)
    if (counters[i].len == len && memcmp(counters[i].bytes, bytes, len) == 0) return i;
  return -1;
}

/* Subtracts `amount` from every counter, drops those left at zero or below; returns the new n. */
static uint32_t topk_decrement(topk_counter *counters, uint32_t n, int64_t amount) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < n; i++) {
    counters[i].count -= amount;
    if (counters[i].count > 0) counters[kept++] = counters[i];
    else free(counters[i].bytes);
  }
  return kept;
}

static int topk_update(void *state, const sluice_call *call, int64_t row) {
  topk_state *t = state;
  const sluice_column *value = &call->args[0];
  if (sluice_is_null(value, row)) return SLUICE_OK;
  sluice_bytes v = sluice_get_bytes(value, row);
  t->total++;
  int64_t i = find_counter(t->counters, t->n, v.ptr, v.len);
  if (i >= 0) {
    t->counters[i].count++;
  } else if (t->n < TOPK_COUNTERS) {
    char *copy = copy_bytes(v.ptr, v.len);
    if (!copy) return sluice_error_at(row, "top_k: out of memory");
    t->counters[t->n++] = (topk_counter){copy, v.len, 1};
  } else {
    t->n = topk_decrement(t->counters, t->n, 1);
  }
  return SLUICE_OK;
}

/* The k-th largest count (k from 1) among n counters, n >= k. */
static int64_t kth_largest_count(const topk_counter *counters, uint32_t n, uint32_t k) {
  int64_t counts[2 * TOPK_COUNTERS];
  for (uint32_t i = 0; i < n; i++) { /* insertion sort, descending: n is at most 128 */
    int64_t c = counters[i].count;
    uint32_t j = i;
    for (; j > 0 && counts[j - 1] < c; j--) counts[j] = counts[j - 1];
    counts[j] = c;
  }
  return counts[k - 1];
}

static int topk_merge(void *into, const void *from) {
  topk_state *a = into;
  const topk_state *b = from;
  topk_counter merged[2 * TOPK_COUNTERS];
  uint32_t n = a->n;
  memcpy(merged, a->counters, sizeof(topk_counter) * n);
  for (uint32_t i = 0; i < b->n; i++) {
    const topk_counter *c = &b->counters[i];
    int64_t j = find_counter(merged, n, c->bytes, c->len);
    if (j >= 0) {
      merged[j].count += c->count;
      continue;
    }
    char *copy = copy_bytes(c->bytes, c->len); /* `from` stays valid and keeps its strings */
    if (!copy) {
      /* Leave `into` consistent (it owns exactly the strings in merged[0..n), at most 2m of
       * them), then let destroy free it: the query fails anyway. */
      for (uint32_t k = TOPK_COUNTERS; k < n; k++) free(merged[k].bytes);
      memcpy(a->counters, merged, sizeof(topk_counter) * (n < TOPK_COUNTERS ? n : TOPK_COUNTERS));
      a->n = n < TOPK_COUNTERS ? n : TOPK_COUNTERS;
      return sluice_error("top_k: out of memory merging states");
    }
    merged[n++] = (topk_counter){copy, c->len, c->count};
  }
  if (n > TOPK_COUNTERS)
    n = topk_decrement(merged, n, kth_largest_count(merged, n, TOPK_COUNTERS + 1));
  memcpy(a->counters, merged, sizeof(topk_counter) * n);
  a->n = n;
  a->total += b->total;
  return SLUICE_OK;
}

/*
 * Serialized form, little-endian, no pointers:
 *   u8 version (1), u8[3] zero, u32 n, i64 total, then n times { i64 count, u32 len, u8[len] }.
 */
static void put_u32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static void put_i64(unsigned char *p, int64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)((uint64_t)v >> (8 * i));
}
static uint32_t get_u32(const unsigned char *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}
static int64_t get_i64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return (int64_t)v;
}

static int topk_serialize(const void *state, sluice_bytes_writer *w) {
  const topk_state *t = state;
  unsigned char header[16] = {TOPK_FORMAT_VERSION, 0, 0, 0};
  put_u32(header + 4, t->n);
  put_i64(header + 8, t->total);
  bool ok = sluice_write_bytes(w, header, sizeof header);
  for (uint32_t i = 0; ok && i < t->n; i++) {
    unsigned char entry[12];
    put_i64(entry, t->counters[i].count);
    put_u32(entry + 8, t->counters[i].len);
    ok = sluice_write_bytes(w, entry, sizeof entry) &&
         sluice_write_bytes(w, t->counters[i].bytes, t->counters[i].len);
  }
  return ok ? SLUICE_OK : sluice_error("top_k: out of memory serializing a state");
}

/* Serialized states come from another instance, maybe another node: check every length. */
static int topk_deserialize(void *state, const char *bytes, uint32_t len) {
  topk_state *t = state;
  const unsigned char *p = (const unsigned char *)bytes;
  if (len < 16 || p[0] != TOPK_FORMAT_VERSION)
    return sluice_error("top_k: not a version %d state (%u bytes)", TOPK_FORMAT_VERSION, len);
  uint32_t n = get_u32(p + 4);
  if (n > TOPK_COUNTERS)
    return sluice_error("top_k: state has %u counters, at most %d", n, TOPK_COUNTERS);
  t->total = get_i64(p + 8);
  uint32_t at = 16;
  for (uint32_t i = 0; i < n; i++) {
    if (len - at < 12) return sluice_error("top_k: state truncated in counter %u", i);
    int64_t count = get_i64(p + at);
    uint32_t value_len = get_u32(p + at + 8);
    at += 12;
    if (count <= 0 || value_len > len - at)
      return sluice_error("top_k: counter %u is malformed (count %lld, %u bytes)", i,
                          (long long)count, value_len);
    char *copy = copy_bytes(bytes + at, value_len);
    if (!copy) return sluice_error("top_k: out of memory deserializing a state");
    t->counters[t->n++] = (topk_counter){copy, value_len, count}; /* destroy frees on failure */
    at += value_len;
  }
  if (at != len) return sluice_error("top_k: %u bytes after the last counter", len - at);
  return SLUICE_OK;
}

/* Orders counters by count descending, then by value bytes ascending (unsigned). */
static bool ranks_before(const topk_counter *a, const topk_counter *b) {
  if (a->count != b->count) return a->count > b->count;
  uint32_t common = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->bytes, b->bytes, common); /* memcmp compares as unsigned char */
  return c != 0 ? c < 0 : a->len < b->len;
}

/* Writes a JSON string literal of the value; returns the bytes written (at most 6 * len + 2). */
static uint32_t json_string(const char *s, uint32_t len, char *out) {
  static const char hex[] = "0123456789abcdef";
  uint32_t used = 0;
  out[used++] = '"';
  for (uint32_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      out[used++] = '\\';
      out[used++] = (char)c;
    } else if (c < 0x20) {
      memcpy(out + used, "\\u00", 4);
      out[used + 4] = hex[c >> 4];
      out[used + 5] = hex[c & 15];
      used += 6;
    } else {
      out[used++] = (char)c;
    }
  }
  out[used++] = '"';
  return used;
}

static int topk_finish(const void *state, sluice_builder *out) {
  const topk_state *t = state;
  if (t->total == 0) {
    sluice_append_null(out);
    return SLUICE_OK;
  }
  const topk_counter *ranked[TOPK_COUNTERS];
  for (uint32_t i = 0; i < t->n; i++) { /* insertion sort: n is at most 64 */
    uint32_t j = i;
    for (; j > 0 && ranks_before(&t->counters[i], ranked[j - 1]); j--) ranked[j] = ranked[j - 1];
    ranked[j] = &t->counters[i];
  }
  uint32_t shown = t->n < TOPK_RESULTS ? t->n : TOPK_RESULTS;
  uint64_t size = 2; /* braces */
  for (uint32_t i = 0; i < shown; i++) size += 6 * (uint64_t)ranked[i]->len + 2 + 1 + 20 + 1;
  if (size > INT32_MAX) return sluice_error("top_k: result too large");
  char *text = sluice_append_reserve(out, (uint32_t)size);
  if (!text) return sluice_error("top_k: out of memory");
  uint32_t used = 0;
  text[used++] = '{';
  for (uint32_t i = 0; i < shown; i++) {
    if (i > 0) text[used++] = ',';
    used += json_string(ranked[i]->bytes, ranked[i]->len, text + used);
    char count[24];
    int n = snprintf(count, sizeof count, ":%lld", (long long)ranked[i]->count);
    memcpy(text + used, count, (size_t)n);
    used += (uint32_t)n;
  }
  text[used++] = '}';
  sluice_append_shrink(out, (uint32_t)size - used);
  return SLUICE_OK;
}

static const sluice_aggregate topk_impl = {
    .state_size = sizeof(topk_state),
    .init = topk_init,
    .update = topk_update,
    .merge = topk_merge,
    .finish = topk_finish,
    .serialize = topk_serialize,
    .deserialize = topk_deserialize,
    .destroy = topk_destroy,
};
SLUICE_AGGREGATE(top_k, "top_k(value VARCHAR) RETURNS VARCHAR NONDETERMINISTIC", topk_impl)

/* ------------------------------------------------------------------------------------------------
 * wsum
 * ---------------------------------------------------------------------------------------------- */

typedef struct wsum_state {
  double sum;
  int64_t count; /* rows where both value and weight were non-NULL */
} wsum_state;

static int wsum_init(void *state) {
  (void)state;
  return SLUICE_OK;
}

static int wsum_update(void *state, const sluice_call *call, int64_t row) {
  wsum_state *s = state;
  const sluice_column *value = &call->args[0], *weight = &call->args[1];
  if (sluice_is_null(value, row) || sluice_is_null(weight, row)) return SLUICE_OK;
  s->sum += sluice_get_double(value, row) * sluice_get_double(weight, row);
  s->count++;
  return SLUICE_OK;
}

static int wsum_merge(void *into, const void *from) {
  wsum_state *a = into;
  const wsum_state *b = from;
  a->sum += b->sum;
  a->count += b->count;
  return SLUICE_OK;
}

static int wsum_finish(const void *state, sluice_builder *out) {
  const wsum_state *s = state;
  if (s->count == 0) sluice_append_null(out);
  else sluice_append_double(out, s->sum);
  return SLUICE_OK;
}

/* Floating-point addition is not associative: partial sums merged in another order may differ in
 * the last bits, so differential tests compare with a tolerance (or use integral values). */
static const sluice_aggregate wsum_impl = {
    .state_size = sizeof(wsum_state),
    .init = wsum_init,
    .update = wsum_update,
    .merge = wsum_merge,
    .finish = wsum_finish,
};
SLUICE_AGGREGATE(wsum, "wsum(value DOUBLE, weight DOUBLE) RETURNS DOUBLE", wsum_impl)
