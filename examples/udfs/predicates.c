/*
 * predicates.c -- BOOLEAN functions meant for WHERE clauses.
 *
 *   is_private_ip  BATCH  true for 10/8, 172.16/12, 192.168/16 (RFC 1918) and 127/8 (loopback);
 *                         NULL when the text is not a dotted-quad IPv4 address
 *   in_bbox        ROW    whether a point lies in a latitude/longitude box (bounds included); a
 *                         box whose lon_min is greater than its lon_max crosses the antimeridian
 *
 * Java reference: io.sluice.examples.reference.PredicateFunctions.
 */
#include <stdbool.h>

#include "sluice.h"

/*
 * Parses a strict dotted quad: four decimal parts of 1 to 3 digits, each 0..255, no leading zeros
 * (so "010.0.0.1", which some parsers read as octal, is rejected), nothing before or after.
 */
static bool parse_ipv4(const char *s, uint32_t n, uint32_t *address) {
  uint32_t i = 0, value = 0;
  for (int part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= n || s[i] != '.') return false;
      i++;
    }
    uint32_t start = i, octet = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3)
      octet = octet * 10 + (uint32_t)(s[i++] - '0');
    uint32_t digits = i - start;
    if (digits == 0 || octet > 255 || (digits > 1 && s[start] == '0')) return false;
    value = (value << 8) | octet;
  }
  if (i != n) return false; /* trailing text, or a fourth digit in the last part */
  *address = value;
  return true;
}

static bool is_private(uint32_t a) {
  return (a >> 24) == 10             /* 10.0.0.0/8 */
         || (a >> 20) == 0xAC1       /* 172.16.0.0/12 */
         || (a >> 16) == 0xC0A8      /* 192.168.0.0/16 */
         || (a >> 24) == 127;        /* 127.0.0.0/8 */
}

static int is_private_ip(const sluice_call *call, sluice_builder *out) {
  const sluice_column *ip = &call->args[0];
  for (int64_t row = 0; row < call->rows; row++) {
    uint32_t address;
    sluice_bytes v;
    if (sluice_is_null(ip, row)) {
      sluice_append_null(out);
      continue;
    }
    v = sluice_get_bytes(ip, row);
    if (parse_ipv4(v.ptr, v.len, &address)) sluice_append_bool(out, is_private(address));
    else sluice_append_null(out);
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(is_private_ip, "is_private_ip(ip VARCHAR) RETURNS BOOLEAN")

/* Row ABI, BOOLEAN result: an i32, 0 or 1. NaN coordinates compare false, so they are outside. */
SLUICE_ROW_FUNCTION(int32_t, in_bbox,
                    (double lat, double lon, double lat_min, double lon_min, double lat_max,
                     double lon_max),
                    "in_bbox(lat DOUBLE, lon DOUBLE, lat_min DOUBLE, lon_min DOUBLE, "
                    "lat_max DOUBLE, lon_max DOUBLE) RETURNS BOOLEAN") {
  if (!(lat >= lat_min && lat <= lat_max)) return 0;
  if (lon_min <= lon_max) return lon >= lon_min && lon <= lon_max;
  return lon >= lon_min || lon <= lon_max; /* the box crosses the 180th meridian */
}
