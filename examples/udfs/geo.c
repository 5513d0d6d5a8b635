/*
 * geo.c -- great-circle distance and a trivial numeric function, each on both ABIs.
 *
 * The same computation is exported twice, once per ABI, so benchmarks can compare the row ABI
 * (one wasm call per row) with the batch ABI (one wasm call per Arrow batch):
 *
 *   haversine        ROW    (f64, f64, f64, f64) -> f64
 *   haversine_batch  BATCH  a DOUBLE column out of four DOUBLE columns
 *   add_one          ROW    (i64) -> i64
 *   add_one_batch    BATCH  a BIGINT column out of a BIGINT column
 *
 * Java reference: io.sluice.examples.reference.GeoFunctions.
 */
#include <math.h>

#include "sluice.h"

/** Mean Earth radius in kilometres (IUGG mean radius R1). */
#define EARTH_RADIUS_KM 6371.0088

/* M_PI is POSIX, not C11; this is the same double as Java's Math.PI. */
#define PI 3.14159265358979323846

/* Same rounding as Java's Math.toRadians: degrees times the constant PI / 180. */
static double radians(double degrees) { return degrees * (PI / 180.0); }

/*
 * Great-circle distance in km between two points given in degrees, by the haversine formula:
 *   a = sin^2(dlat/2) + cos(lat1) cos(lat2) sin^2(dlon/2),   d = 2 R atan2(sqrt(a), sqrt(1 - a)).
 * The atan2 form stays accurate for antipodal points, where asin(sqrt(a)) loses precision.
 */
static double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  double dlat = radians(lat2 - lat1);
  double dlon = radians(lon2 - lon1);
  double s_lat = sin(dlat / 2);
  double s_lon = sin(dlon / 2);
  double a = s_lat * s_lat + cos(radians(lat1)) * cos(radians(lat2)) * s_lon * s_lon;
  if (a > 1) a = 1; /* rounding can push a a hair above 1 for antipodes */
  return 2 * EARTH_RADIUS_KM * atan2(sqrt(a), sqrt(1 - a));
}

/* Row ABI: NULLS STRICT is the default there, so the host never calls this with a NULL. */
SLUICE_ROW_FUNCTION(double, haversine, (double lat1, double lon1, double lat2, double lon2),
                    "haversine(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) "
                    "RETURNS DOUBLE") {
  return haversine_km(lat1, lon1, lat2, lon2);
}

/* Batch ABI: one call per batch; a NULL in any argument gives NULL. */
/* The SDK's fast path for numbers: every value written directly (rows with a NULL argument
 * compute harmless garbage), then the NULL rows marked from the arguments' bitmaps. */
static int haversine_batch(const sluice_call *call, sluice_builder *out) {
  const sluice_column *lat1 = &call->args[0], *lon1 = &call->args[1];
  const sluice_column *lat2 = &call->args[2], *lon2 = &call->args[3];
  double *values = sluice_append_values(out, call->rows);
  if (!values) return sluice_error("out of memory");
  for (int64_t row = 0; row < call->rows; row++) {
    values[row] = haversine_km(sluice_get_double(lat1, row), sluice_get_double(lon1, row),
                               sluice_get_double(lat2, row), sluice_get_double(lon2, row));
  }
  for (int arg = 0; arg < 4; arg++) {
    int status = sluice_copy_nulls(out, 0, &call->args[arg], call->rows);
    if (status != SLUICE_OK) return status;
  }
  return SLUICE_OK;
}
SLUICE_SCALAR(haversine_batch,
              "haversine_batch(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) RETURNS DOUBLE")

/* The cheapest possible function: what is left is the cost of crossing the boundary. */
SLUICE_ROW_FUNCTION(int64_t, add_one, (int64_t x), "add_one(x BIGINT) RETURNS BIGINT") {
  /* Wraps around at BIGINT's maximum, as Java's x + 1 does, instead of C's undefined overflow. */
  return (int64_t)((uint64_t)x + 1);
}

static int add_one_batch(const sluice_call *call, sluice_builder *out) {
  const sluice_column *x = &call->args[0];
  int64_t *values = sluice_append_values(out, call->rows);
  if (!values) return sluice_error("out of memory");
  for (int64_t row = 0; row < call->rows; row++) {
    values[row] = (int64_t)((uint64_t)sluice_get_bigint(x, row) + 1);
  }
  return sluice_copy_nulls(out, 0, x, call->rows);
}
SLUICE_SCALAR(add_one_batch, "add_one_batch(x BIGINT) RETURNS BIGINT")
