/*
 * inverted_index.c -- an inverted index as a batch job (docs/jobs.md): for every word, the sorted
 * list of the documents that contain it.
 *
 *   map_postings(doc_id BIGINT, text VARCHAR) RETURNS TABLE(word VARCHAR, doc_id BIGINT)
 *       one (word, doc_id) row per word occurrence, words cut and lower-cased as map_words in
 *       wordcount.c does. Rows with a NULL doc_id or text give nothing.
 *   postings(doc_id BIGINT) RETURNS VARCHAR
 *       the distinct non-NULL doc ids of a group in increasing order, comma-separated
 *       ("3,17,42"); NULL for a group without any. Its state is a growable array of ids that owns
 *       heap memory, so it has real serialize and deserialize callbacks (below). Used as the
 *       combiner too, each shard sends one compact posting list per word instead of one row per
 *       occurrence.
 *
 *   ./sluice job run --input docs --map examples/udfs/jobs/inverted_index.wasm:map_postings
 *       --combine examples/udfs/jobs/inverted_index.wasm:postings
 *       --reduce examples/udfs/jobs/inverted_index.wasm:postings --output word_index
 *
 * Memory: a reduce partition keeps every posting list of its words in one sandbox (64 MiB by
 * default for jobs); index large collections with more partitions (--parallelism) or
 * --memory-limit.
 *
 * Java reference: io.sluice.jobs.InvertedIndexJobTest.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice.h"

#define MAX_ROWS_PER_CALL 16384

static struct {
  bool pending;
  const struct ArrowArray *input;
  int64_t rows;
  int64_t row;
  uint32_t byte;
} resume;

static bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int map_postings(const sluice_call *call, sluice_table_out *out) {
  const sluice_column *doc = &call->args[0], *text = &call->args[1];
  sluice_builder *word = &out->columns[0], *doc_out = &out->columns[1];
  int64_t row = 0;
  uint32_t byte = 0;
  if (resume.pending && resume.input == text->array && resume.rows == call->rows) {
    row = resume.row;
    byte = resume.byte;
  }
  resume.pending = false;

  int64_t emitted = 0;
  for (; row < call->rows; row++, byte = 0) {
    if (sluice_is_null(doc, row) || sluice_is_null(text, row)) continue;
    int64_t id = sluice_get_bigint(doc, row);
    sluice_bytes v = sluice_get_bytes(text, row);
    const unsigned char *s = (const unsigned char *)v.ptr;
    for (;;) {
      while (byte < v.len && !is_word_byte(s[byte])) byte++;
      uint32_t start = byte;
      while (byte < v.len && is_word_byte(s[byte])) byte++;
      if (byte == start) break;
      if (emitted == MAX_ROWS_PER_CALL) {
        resume.pending = true;
        resume.input = text->array;
        resume.rows = call->rows;
        resume.row = row;
        resume.byte = start;
        return SLUICE_MORE;
      }
      sluice_emit_row(out, row);
      char *lower = sluice_append_reserve(word, byte - start);
      if (!lower) return sluice_error_at(row, "map_postings: out of memory");
      for (uint32_t i = start; i < byte; i++) {
        unsigned char c = s[i];
        lower[i - start] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      }
      sluice_append_bigint(doc_out, id);
      emitted++;
    }
  }
  return SLUICE_OK;
}
SLUICE_TABLE(map_postings,
             "map_postings(doc_id BIGINT, text VARCHAR) RETURNS TABLE(word VARCHAR, doc_id BIGINT)")

/* ------------------------------------------------------------------------------------------------
 * postings: a set of doc ids.
 *
 * Updates append ids as they come (consecutive repeats dropped at once); the array is sorted and
 * deduplicated lazily, when the set is merged, serialized or finished. Normalizing a state does
 * not change the set it stands for, which is why the const callbacks may do it.
 * ---------------------------------------------------------------------------------------------- */

#define POSTINGS_FORMAT_VERSION 1

typedef struct postings_state {
  int64_t *ids; /* malloc'ed; NULL while empty */
  uint32_t n;
  uint32_t capacity;
  bool normalized; /* ids[0..n) strictly increasing */
} postings_state;

static int postings_init(void *state) {
  ((postings_state *)state)->normalized = true;
  return SLUICE_OK;
}

static void postings_destroy(void *state) {
  postings_state *p = state;
  free(p->ids);
  p->ids = NULL;
  p->n = p->capacity = 0;
}

static bool postings_reserve(postings_state *p, uint32_t more) {
  if (more <= p->capacity - p->n) return true;
  uint64_t capacity = p->capacity ? (uint64_t)p->capacity * 2 : 8;
  while (capacity < (uint64_t)p->n + more) capacity *= 2;
  if (capacity > UINT32_MAX / sizeof(int64_t)) return false;
  int64_t *ids = realloc(p->ids, (size_t)capacity * sizeof(int64_t));
  if (!ids) return false;
  p->ids = ids;
  p->capacity = (uint32_t)capacity;
  return true;
}

static int compare_ids(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Drops repeats from sorted ids. */
static void postings_dedupe(postings_state *p) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < p->n; i++)
    if (kept == 0 || p->ids[kept - 1] != p->ids[i]) p->ids[kept++] = p->ids[i];
  p->n = kept;
  p->normalized = true;
}

static void postings_normalize(const postings_state *state) {
  postings_state *p = (postings_state *)state; /* the set is unchanged: see above */
  if (p->normalized) return;
  qsort(p->ids, p->n, sizeof(int64_t), compare_ids);
  postings_dedupe(p);
}

static int postings_update(void *state, const sluice_call *call, int64_t row) {
  postings_state *p = state;
  const sluice_column *doc = &call->args[0];
  if (sluice_is_null(doc, row)) return SLUICE_OK;
  int64_t id = sluice_get_bigint(doc, row);
  if (p->n > 0 && p->ids[p->n - 1] == id) return SLUICE_OK; /* a word repeated in one document */
  if (!postings_reserve(p, 1)) return sluice_error_at(row, "postings: out of memory");
  if (p->n > 0 && p->ids[p->n - 1] > id) p->normalized = false;
  p->ids[p->n++] = id;
  return SLUICE_OK;
}

/* Merges two sorted sets into `into`, keeping it sorted and distinct. */
static int postings_merge(void *into, const void *from) {
  postings_state *a = into;
  const postings_state *b = from;
  postings_normalize(a);
  postings_normalize(b);
  if (b->n == 0) return SLUICE_OK;
  if (!postings_reserve(a, b->n)) return sluice_error("postings: out of memory merging states");
  /* Merge from the back, in place: a's ids move right by at most b->n slots. */
  uint32_t i = a->n, j = b->n, k = a->n + b->n;
  while (j > 0) {
    if (i > 0 && a->ids[i - 1] > b->ids[j - 1]) a->ids[--k] = a->ids[--i];
    else a->ids[--k] = b->ids[--j];
  }
  a->n += b->n;
  postings_dedupe(a); /* ids both sets held are now twice in a row */
  return SLUICE_OK;
}

/*
 * Serialized form: u8 version (1), u8[3] zero, u32 n, then the n ids as LEB128 varints: the first
 * id as its zigzag encoding, every next one as its (positive) difference to the previous. Doc ids
 * that are close together take a byte or two each.
 */
static bool put_varint(sluice_bytes_writer *w, uint64_t v) {
  unsigned char bytes[10];
  int n = 0;
  do {
    bytes[n] = (unsigned char)(v & 0x7F);
    v >>= 7;
    if (v) bytes[n] |= 0x80;
    n++;
  } while (v);
  return sluice_write_bytes(w, bytes, (uint32_t)n);
}

static int postings_serialize(const void *state, sluice_bytes_writer *w) {
  const postings_state *p = state;
  postings_normalize(p);
  unsigned char header[8] = {POSTINGS_FORMAT_VERSION, 0, 0, 0};
  for (int i = 0; i < 4; i++) header[4 + i] = (unsigned char)(p->n >> (8 * i));
  bool ok = sluice_write_bytes(w, header, sizeof header);
  for (uint32_t i = 0; ok && i < p->n; i++) {
    uint64_t v = i == 0 ? ((uint64_t)p->ids[0] << 1) ^ (uint64_t)(p->ids[0] >> 63)
                        : (uint64_t)p->ids[i] - (uint64_t)p->ids[i - 1];
    ok = put_varint(w, v);
  }
  return ok ? SLUICE_OK : sluice_error("postings: out of memory serializing a state");
}

/* Reads one varint at *at; false when the bytes end or it is longer than 64 bits. */
static bool get_varint(const unsigned char *p, uint32_t len, uint32_t *at, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*at >= len) return false;
    unsigned char b = p[(*at)++];
    v |= (uint64_t)(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

/* Serialized states come from another instance, maybe another node: check every byte. */
static int postings_deserialize(void *state, const char *bytes, uint32_t len) {
  postings_state *p = state;
  const unsigned char *b = (const unsigned char *)bytes;
  if (len < 8 || b[0] != POSTINGS_FORMAT_VERSION || b[1] || b[2] || b[3])
    return sluice_error("postings: not a version %d state (%u bytes)", POSTINGS_FORMAT_VERSION,
                        len);
  uint32_t n = (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;
  if (n > len - 8) return sluice_error("postings: state claims %u ids in %u bytes", n, len);
  if (!postings_reserve(p, n)) return sluice_error("postings: out of memory deserializing");
  uint32_t at = 8;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t v;
    if (!get_varint(b, len, &at, &v)) return sluice_error("postings: id %u is truncated", i);
    if (i == 0) {
      p->ids[0] = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
    } else {
      /* INT64_MAX - previous, computed without overflow: the room left above the previous id. */
      uint64_t room = (uint64_t)INT64_MAX - (uint64_t)p->ids[i - 1];
      if (v == 0 || v > room) return sluice_error("postings: id %u does not increase", i);
      p->ids[i] = (int64_t)((uint64_t)p->ids[i - 1] + v);
    }
  }
  if (at != len) return sluice_error("postings: %u bytes after the last id", len - at);
  p->n = n;
  p->normalized = true;
  return SLUICE_OK;
}

static int postings_finish(const void *state, sluice_builder *out) {
  const postings_state *p = state;
  postings_normalize(p);
  if (p->n == 0) {
    sluice_append_null(out);
    return SLUICE_OK;
  }
  uint64_t size = (uint64_t)p->n * 21; /* at most 20 characters and a comma per id */
  if (size > INT32_MAX) return sluice_error("postings: a list of %u ids is too long", p->n);
  char *text = sluice_append_reserve(out, (uint32_t)size);
  if (!text) return sluice_error("postings: out of memory");
  uint32_t used = 0;
  for (uint32_t i = 0; i < p->n; i++) {
    char id[24];
    int n = snprintf(id, sizeof id, i == 0 ? "%lld" : ",%lld", (long long)p->ids[i]);
    memcpy(text + used, id, (size_t)n);
    used += (uint32_t)n;
  }
  sluice_append_shrink(out, (uint32_t)size - used);
  return SLUICE_OK;
}

static const sluice_aggregate postings_impl = {
    .state_size = sizeof(postings_state),
    .init = postings_init,
    .update = postings_update,
    .merge = postings_merge,
    .finish = postings_finish,
    .serialize = postings_serialize,
    .deserialize = postings_deserialize,
    .destroy = postings_destroy,
};
SLUICE_AGGREGATE(postings, "postings(doc_id BIGINT) RETURNS VARCHAR", postings_impl)
