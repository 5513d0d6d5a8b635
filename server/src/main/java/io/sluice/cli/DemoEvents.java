package io.sluice.cli;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Compression;
import io.sluice.storage.TableDefinition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The demo's {@code events} table: web requests with realistic URLs, statuses, latencies and
 * places, generated deterministically from a seed, in timestamp order so a time range prunes
 * chunks. Later demos (wasm UDFs) reuse the table, so its columns are part of the demo's contract;
 * the load benchmarks generate the same shape.
 */
public final class DemoEvents {

  public static final String TABLE = "events";

  public static final Schema SCHEMA =
      new Schema(
          List.of(
              ColumnType.field("id", ColumnType.BIGINT.arrowType(), false),
              ColumnType.field("ts", ColumnType.TIMESTAMP.arrowType(), true),
              ColumnType.field("user_id", ColumnType.INT.arrowType(), true),
              ColumnType.field("country", ColumnType.VARCHAR.arrowType(), true),
              ColumnType.field("url", ColumnType.VARCHAR.arrowType(), true),
              ColumnType.field("status", ColumnType.SMALLINT.arrowType(), true),
              ColumnType.field("latency_ms", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("lat", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("lon", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("message", ColumnType.VARCHAR.arrowType(), true),
              ColumnType.field("price", ColumnType.decimal(12, 2), true),
              ColumnType.field("event_date", ColumnType.DATE.arrowType(), true)));

  /** The first event's time; events are 30 seconds apart on average. */
  static final long START_MICROS =
      Instant.parse("2024-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

  static final long STEP_MICROS = 30_000_000L;

  /** The country of each of {@link #CITIES}. */
  private static final String[] CITY_COUNTRIES = {
    "US", "DE", "FR", "GB", "JP", "BR", "IN", "CA", "NL", "ES", "SE", "KR"
  };

  private static final String[] COUNTRIES = {
    "US", "US", "US", "DE", "FR", "GB", "JP", "BR", "IN", "CA", "NL", "ES", "IT", "SE", "KR", "MX",
    "AU", "PL"
  };
  private static final String[] HOSTS = {
    "shop.example.com",
    "api.example.com",
    "www.example.org",
    "cdn.example.net",
    "blog.example.io",
    "docs.example.dev",
    "example.co.uk",
    "static.example.com"
  };
  private static final String[] PATHS = {
    "/",
    "/index.html",
    "/products",
    "/products/42",
    "/cart",
    "/checkout",
    "/api/v1/orders",
    "/api/v1/users/me",
    "/search",
    "/blog/2024/05/hello-world",
    "/docs/getting-started",
    "/images/logo.png",
    "/login",
    "/account/settings"
  };
  private static final String[] QUERIES = {
    "?q=boots", "?page=2", "?lang=de&ref=mail", "?utm_source=news"
  };
  private static final short[] STATUSES = {
    200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 429, 500, 502, 503
  };
  private static final double[][] CITIES = {
    {40.71, -74.01},
    {52.52, 13.40},
    {48.86, 2.35},
    {51.51, -0.13},
    {35.68, 139.69},
    {-23.55, -46.63},
    {19.08, 72.88},
    {43.65, -79.38},
    {52.37, 4.90},
    {40.42, -3.70},
    {59.33, 18.07},
    {37.57, 126.98}
  };
  private static final String[] SUBJECTS = {
    "user", "customer", "Kunde", "client", "ユーザー", "cliente"
  };
  private static final String[] VERBS = {
    "viewed", "bought", "searched", "clicked", "returned", "liked"
  };
  private static final String[] OBJECTS = {
    "the café menu",
    "a naïve résumé",
    "Grüße aus Köln",
    "日本の地図",
    "a façade photo",
    "the ñandú poster",
    "red boots",
    "a coffee mug",
    "the pricing page",
    "Überraschungsei"
  };

  private DemoEvents() {}

  /**
   * @param shards shards of the table
   * @return the table's definition, distributed by {@code id}, compressed with ZSTD
   */
  public static TableDefinition definition(int shards) {
    return TableDefinition.builder(TABLE, SCHEMA)
        .shards(shards)
        .distributedBy("id")
        .compression(Compression.ZSTD)
        .build();
  }

  /**
   * @param allocator where the batch is allocated
   * @param seed the data set's seed
   * @param firstId the id of the batch's first row; rows are numbered on from it
   * @param count how many rows
   * @return the batch, the same for the same arguments
   */
  public static VectorSchemaRoot batch(
      BufferAllocator allocator, long seed, long firstId, int count) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + firstId);
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    TimeStampMicroVector ts = (TimeStampMicroVector) root.getVector("ts");
    IntVector user = (IntVector) root.getVector("user_id");
    VarCharVector country = (VarCharVector) root.getVector("country");
    VarCharVector url = (VarCharVector) root.getVector("url");
    SmallIntVector status = (SmallIntVector) root.getVector("status");
    Float8Vector latency = (Float8Vector) root.getVector("latency_ms");
    Float8Vector lat = (Float8Vector) root.getVector("lat");
    Float8Vector lon = (Float8Vector) root.getVector("lon");
    VarCharVector message = (VarCharVector) root.getVector("message");
    DecimalVector price = (DecimalVector) root.getVector("price");
    DateDayVector date = (DateDayVector) root.getVector("event_date");
    for (int row = 0; row < count; row++) {
      long eventId = firstId + row;
      long micros = START_MICROS + eventId * STEP_MICROS + random.nextLong(STEP_MICROS);
      id.setSafe(row, eventId);
      ts.setSafe(row, micros);
      date.setSafe(row, (int) Math.floorDiv(micros, 86_400_000_000L));
      if (isNull(random, 0.02)) {
        user.setNull(row);
      } else {
        user.setSafe(row, 1 + random.nextInt(50_000));
      }
      // Where the place is known, the country is the city's; otherwise any.
      int cityIndex = random.nextInt(CITIES.length);
      boolean placeKnown = random.nextDouble() >= 0.03;
      if (isNull(random, 0.01)) {
        country.setNull(row);
      } else {
        country.setSafe(
            row, utf8(placeKnown ? CITY_COUNTRIES[cityIndex] : pick(random, COUNTRIES)));
      }
      if (isNull(random, 0.01)) {
        url.setNull(row);
      } else {
        url.setSafe(row, utf8(url(random)));
      }
      if (isNull(random, 0.01)) {
        status.setNull(row);
      } else {
        status.setSafe(row, status(random));
      }
      if (isNull(random, 0.02)) {
        latency.setNull(row);
      } else {
        latency.setSafe(row, latency(random));
      }
      double[] city = CITIES[cityIndex];
      if (placeKnown) {
        lat.setSafe(row, city[0] + random.nextDouble(-0.2, 0.2));
        lon.setSafe(row, city[1] + random.nextDouble(-0.2, 0.2));
      } else {
        lat.setNull(row);
        lon.setNull(row);
      }
      if (isNull(random, 0.02)) {
        message.setNull(row);
      } else {
        message.setSafe(row, utf8(sentence(random)));
      }
      if (isNull(random, 0.05)) {
        price.setNull(row);
      } else {
        price.setSafe(row, BigDecimal.valueOf(99 + random.nextInt(99_901), 2));
      }
    }
    root.setRowCount(count);
    return root;
  }

  private static boolean isNull(SplittableRandom random, double share) {
    return random.nextDouble() < share;
  }

  private static String url(SplittableRandom random) {
    StringBuilder url = new StringBuilder(random.nextInt(5) == 0 ? "http://" : "https://");
    url.append(pick(random, HOSTS));
    if (random.nextInt(10) == 0) {
      url.append(':').append(random.nextBoolean() ? 8080 : 8443);
    }
    url.append(pick(random, PATHS));
    if (random.nextInt(4) == 0) {
      url.append(pick(random, QUERIES));
    }
    return url.toString();
  }

  private static short status(SplittableRandom random) {
    return random.nextInt(100) < 85 ? 200 : STATUSES[random.nextInt(STATUSES.length)];
  }

  private static double latency(SplittableRandom random) {
    double gaussian = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
    return Math.round(Math.exp(3.5 + gaussian) * 100) / 100.0; // around 33 ms, long tail
  }

  private static String sentence(SplittableRandom random) {
    return pick(random, SUBJECTS) + " " + pick(random, VERBS) + " " + pick(random, OBJECTS);
  }

  private static String pick(SplittableRandom random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
