/*
 * strings.c -- VARCHAR functions with real UTF-8 handling.
 *
 *   url_host      BATCH  the lower-cased host of a URL, NULL when it has none
 *   normalize     BATCH  lower-cases (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), collapses
 *                        and trims whitespace; invalid UTF-8 fails the query naming row and byte
 *   reverse_utf8  ROW    the string reversed code point by code point: (ptr, len) -> packed i64
 *
 * Java reference: io.sluice.examples.reference.StringFunctions.
 */
#include <stdbool.h>
#include <string.h>

#include "sluice.h"
#include "utf8.h"

/* ------------------------------------------------------------------------------------------------
 * url_host
 * ---------------------------------------------------------------------------------------------- */

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/*
 * Finds the host of a URL as RFC 3986 lays it out, scheme "://" [userinfo "@"] host [":" port]
 * path..., or of a network-path reference "//host/...". Sets [*start, *end) and returns true, or
 * returns false when the text has no authority or its host is empty ("file:///x", "mailto:a@b").
 * An IP-literal host keeps its brackets ("[::1]"), as java.net.URI.getHost() does.
 */
static bool find_host(const unsigned char *s, uint32_t n, uint32_t *start, uint32_t *end) {
  uint32_t i;
  if (n >= 2 && s[0] == '/' && s[1] == '/') {
    i = 2;
  } else {
    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    if (n == 0 || !is_alpha(s[0])) return false;
    i = 1;
    while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
      i++;
    if (n - i < 3 || s[i] != ':' || s[i + 1] != '/' || s[i + 2] != '/') return false;
    i += 3;
  }
  /* The authority runs to the first "/", "?" or "#". */
  uint32_t authority_end = i;
  while (authority_end < n && s[authority_end] != '/' && s[authority_end] != '?' &&
         s[authority_end] != '#')
    authority_end++;
  /* Userinfo ends at the last "@" (browsers agree; RFC 3986 allows no "@" inside it). */
  for (uint32_t k = authority_end; k > i; k--) {
    if (s[k - 1] == '@') {
      i = k;
      break;
    }
  }
  uint32_t host_end = i;
  if (i < authority_end && s[i] == '[') {
    while (host_end < authority_end && s[host_end] != ']') host_end++;
    if (host_end == authority_end) return false; /* "[" never closed */
    host_end++;
  } else {
    while (host_end < authority_end && s[host_end] != ':') host_end++;
  }
  if (host_end == i) return false;
  *start = i;
  *end = host_end;
  return true;
}

static int url_host(const sluice_call *call, sluice_builder *out) {
  const sluice_column *url = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(url, row)) {
      sluice_append_null(out);
      continue;
    }
    sluice_bytes v = sluice_get_bytes(url, row);
    uint32_t start, end;
    if (!find_host((const unsigned char *)v.ptr, v.len, &start, &end)) {
      sluice_append_null(out);
      continue;
    }
    char *dst = sluice_append_reserve(out, end - start);
    if (!dst) return sluice_error_at(row, "out of memory");
    /* Only ASCII letters change, so cutting valid UTF-8 at ASCII delimiters keeps it valid. */
    for (uint32_t k = start; k < end; k++) {
      char c = v.ptr[k];
      dst[k - start] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
    }
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(url_host, "url_host(url VARCHAR) RETURNS VARCHAR")

/* ------------------------------------------------------------------------------------------------
 * normalize
 * ---------------------------------------------------------------------------------------------- */

/*
 * The simple lowercase mapping of Unicode (what Java's Character.toLowerCase(int) returns) for the
 * code points of the ranges this example covers; every other code point is returned unchanged.
 */
static uint32_t to_lower(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xDE) return cp == 0xD7 ? cp : cp + 32; /* Latin-1; U+00D7 is x */
  if (cp >= 0x100 && cp <= 0x17F) {                               /* Latin Extended-A */
    if (cp == 0x130) return 0x69;                                 /* I with dot above -> i */
    if (cp == 0x178) return 0xFF;                                 /* Y with diaeresis */
    if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp; /* no capital */
    /* Capitals sit on odd code points in these two runs, on even ones everywhere else. */
    bool odd_capitals = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    return ((cp & 1) != 0) == odd_capitals ? cp + 1 : cp;
  }
  if (cp >= 0x386 && cp <= 0x3AB) { /* Greek capitals */
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 63;
    if (cp >= 0x391 && cp != 0x3A2) return cp + 32;
    return cp;
  }
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80; /* Cyrillic capitals with diacritics */
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32; /* basic Cyrillic capitals */
  return cp;
}

/* Unicode's White_Space property. */
static bool is_space(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

static int normalize(const sluice_call *call, sluice_builder *out) {
  const sluice_column *text = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    if (sluice_is_null(text, row)) {
      sluice_append_null(out);
      continue;
    }
    sluice_bytes v = sluice_get_bytes(text, row);
    /* No mapping here lengthens a code point, and a run of spaces becomes one byte, so the
     * result fits in the input's length; what is left over is given back below. */
    unsigned char *dst = (unsigned char *)sluice_append_reserve(out, v.len);
    if (!dst) return sluice_error_at(row, "out of memory");
    const unsigned char *s = (const unsigned char *)v.ptr;
    uint32_t used = 0;
    bool pending_space = false;
    for (uint32_t i = 0; i < v.len;) {
      uint32_t cp;
      uint32_t n = utf8_decode(s, v.len, i, &cp);
      if (n == 0)
        return sluice_error_at(row, "invalid UTF-8 at row %lld, byte %u", (long long)row, i);
      i += n;
      if (is_space(cp)) {
        pending_space = used > 0; /* leading spaces are dropped */
        continue;
      }
      if (pending_space) dst[used++] = ' ';
      pending_space = false;
      used += utf8_encode(to_lower(cp), dst + used);
    }
    sluice_append_shrink(out, v.len - used);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(normalize, "normalize(text VARCHAR) RETURNS VARCHAR")

/* ------------------------------------------------------------------------------------------------
 * reverse_utf8
 * ---------------------------------------------------------------------------------------------- */

/*
 * Row ABI with a VARCHAR argument and result: the host passes (ptr, len) of bytes that are valid
 * only during this call, and gets back ptr | len << 32 of bytes the guest owns. They live in
 * scratch memory, which the SDK frees when the host calls sluice_reclaim after the batch.
 */
SLUICE_ROW_FUNCTION(int64_t, reverse_utf8, (const char *ptr, uint32_t len),
                    "reverse_utf8(s VARCHAR) RETURNS VARCHAR") {
  unsigned char *dst = sluice_scratch(len);
  if (!dst) {
    sluice_error("out of memory");
    return 0;
  }
  const unsigned char *s = (const unsigned char *)ptr;
  uint32_t end = len; /* each code point is copied whole to the end of what is left */
  for (uint32_t i = 0; i < len;) {
    uint32_t cp;
    uint32_t n = utf8_decode(s, len, i, &cp);
    if (n == 0) {
      sluice_error("invalid UTF-8 at byte %u", i);
      return 0;
    }
    end -= n;
    memcpy(dst + end, s + i, n);
    i += n;
  }
  return sluice_row_bytes(dst, len);
}
