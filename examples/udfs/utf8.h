/*
 * utf8.h -- a strict UTF-8 decoder and encoder shared by the string examples.
 *
 * Strict means exactly the well-formed sequences of the Unicode Standard, table 3-7: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. It is a header of static inline
 * functions so that each example stays one .c file plus the SDK.
 */
#ifndef SLUICE_EXAMPLES_UTF8_H
#define SLUICE_EXAMPLES_UTF8_H

#include <stdint.h>

/*
 * Decodes the code point that starts at s[i] (i < len) into *cp and returns its length in bytes
 * (1 to 4), or returns 0 when the bytes at s[i] do not start a well-formed sequence.
 */
static inline uint32_t utf8_decode(const unsigned char *s, uint32_t len, uint32_t i, uint32_t *cp) {
  unsigned char b0 = s[i];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  uint32_t n;          /* bytes in the sequence */
  unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    *cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    *cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0; /* overlong */
    if (b0 == 0xED) hi = 0x9F; /* surrogates */
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    *cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90; /* overlong */
    if (b0 == 0xF4) hi = 0x8F; /* above U+10FFFF */
  } else {
    return 0; /* a continuation byte, C0, C1 or F5..FF */
  }
  if (len - i < n) return 0; /* truncated */
  if (s[i + 1] < lo || s[i + 1] > hi) return 0;
  *cp = (*cp << 6) | (s[i + 1] & 0x3F);
  for (uint32_t k = 2; k < n; k++) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (s[i + k] & 0x3F);
  }
  return n;
}

/* Writes the UTF-8 form of cp (a valid scalar value) to out and returns its length. */
static inline uint32_t utf8_encode(uint32_t cp, unsigned char *out) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

#endif /* SLUICE_EXAMPLES_UTF8_H */
