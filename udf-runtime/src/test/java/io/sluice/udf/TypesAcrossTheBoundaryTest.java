package io.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.examples.ExampleUdfs;
import io.sluice.examples.reference.TypeFunctions;
import io.sluice.testkit.ArrowAllocatorExtension;
import io.sluice.wasidata.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SQL type crosses the boundary both ways, on the batch and the row ABI, with NULLs, extreme
 * values, empty and multi-byte strings and empty batches; the computing functions of {@code
 * types.wasm} agree with their Java references.
 */
class TypesAcrossTheBoundaryTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static UdfRuntime runtime;
  private static UdfModule types;

  @BeforeAll
  static void load() {
    runtime = UdfRuntime.create();
    types = runtime.load(ExampleUdfs.module("types"));
  }

  @AfterAll
  static void close() {
    runtime.close();
  }

  static Stream<Arguments> everyType() {
    return Stream.of(
        Arguments.of("boolean", SqlType.BOOLEAN, Arrays.asList(true, null, false, true)),
        Arguments.of(
            "tinyint",
            SqlType.TINYINT,
            Arrays.asList(Byte.MIN_VALUE, (byte) -1, null, (byte) 0, Byte.MAX_VALUE)),
        Arguments.of(
            "smallint",
            SqlType.SMALLINT,
            Arrays.asList(Short.MIN_VALUE, (short) -1, null, Short.MAX_VALUE)),
        Arguments.of(
            "int", SqlType.INT, Arrays.asList(Integer.MIN_VALUE, -1, null, 0, Integer.MAX_VALUE)),
        Arguments.of(
            "bigint", SqlType.BIGINT, Arrays.asList(Long.MIN_VALUE, -1L, null, 0L, Long.MAX_VALUE)),
        Arguments.of(
            "float",
            SqlType.FLOAT,
            Arrays.asList(1.5f, -0.0f, null, Float.NaN, Float.MAX_VALUE, Float.MIN_VALUE)),
        Arguments.of(
            "double",
            SqlType.DOUBLE,
            Arrays.asList(Math.PI, -0.0, null, Double.NEGATIVE_INFINITY, Double.MIN_VALUE)),
        Arguments.of(
            "decimal",
            SqlType.decimal(38, 10),
            Arrays.asList(
                new BigDecimal("1234567890123456789012345678.0123456789"),
                new BigDecimal("-9999999999999999999999999999.9999999999"),
                null,
                BigDecimal.ZERO.setScale(10))),
        Arguments.of(
            "varchar",
            SqlType.VARCHAR,
            Arrays.asList("", "abc", null, "héllo wörld", "日本語のテキスト", "😀 emoji", "")),
        Arguments.of(
            "varbinary",
            SqlType.VARBINARY,
            Arrays.asList(new byte[0], new byte[] {0, -1, 127, -128}, null, new byte[] {42})),
        Arguments.of("date", SqlType.DATE, Arrays.asList(0, -719162, null, 2932896)),
        Arguments.of(
            "time", SqlType.TIME, Arrays.asList(0L, null, 86_399_999_999L, 43_200_000_000L)),
        Arguments.of(
            "timestamp",
            SqlType.TIMESTAMP,
            Arrays.asList(0L, -1L, null, 1_700_000_000_123_456L, Long.MAX_VALUE)),
        Arguments.of(
            "timestamp_tz",
            SqlType.TIMESTAMP_TZ,
            Arrays.asList(0L, null, -62_135_596_800_000_000L, 1_700_000_000_123_456L)));
  }

  private List<Object> call(
      String function, SqlType type, List<?> values, BufferAllocator allocator) {
    try (FieldVector in = Columns.of(allocator, type, values);
        FieldVector out = types.function(function).scalar(List.of(in), values.size(), allocator)) {
      assertEquals(type, SqlType.fromArrowType(out.getField().getType()), function);
      return Columns.values(out);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void eachTypeRoundTripsOnTheBatchAbi(
      String name, SqlType type, List<?> values, BufferAllocator allocator) {
    assertEquals(Columns.expected(values), call("echo_" + name, type, values, allocator));
    assertEquals(List.of(), call("echo_" + name, type, List.of(), allocator), "empty batch");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void eachTypeRoundTripsOnTheRowAbi(
      String name, SqlType type, List<?> values, BufferAllocator allocator) {
    SqlType rowType = type.kind() == SqlType.Kind.DECIMAL ? SqlType.decimal(18, 4) : type;
    List<?> rowValues =
        type.kind() == SqlType.Kind.DECIMAL
            ? Arrays.asList(new BigDecimal("12345678901234.5678"), null, new BigDecimal("-0.0001"))
            : values;
    assertEquals(
        Columns.expected(rowValues), call("row_echo_" + name, rowType, rowValues, allocator));
    assertEquals(List.of(), call("row_echo_" + name, rowType, List.of(), allocator), "empty batch");
  }

  @Test
  void theHostWritesTheArrowFormatOfEveryType(BufferAllocator allocator) throws Exception {
    List<FieldVector> args = new ArrayList<>();
    try {
      for (Arguments a : everyType().toList()) {
        SqlType type = (SqlType) a.get()[1];
        args.add(Columns.of(allocator, type, ((List<?>) a.get()[2]).subList(0, 2)));
      }
      try (FieldVector out = types.function("arrow_formats").scalar(args, 2, allocator)) {
        assertEquals(
            List.of(TypeFunctions.ARROW_FORMATS, TypeFunctions.ARROW_FORMATS), Columns.values(out));
      }
    } finally {
      AutoCloseables.close(args);
    }
  }

  /** Runs a one-argument function over random values and compares it with its Java reference. */
  private <T> void matchesReference(
      String function,
      SqlType in,
      List<T> values,
      Function<T, Object> reference,
      BufferAllocator allocator) {
    List<Object> expected = new ArrayList<>();
    for (T value : values) {
      expected.add(value == null ? null : reference.apply(value));
    }
    assertEquals(expected, call2(function, in, values, allocator), function);
  }

  private List<Object> call2(
      String function, SqlType type, List<?> values, BufferAllocator allocator) {
    try (FieldVector v = Columns.of(allocator, type, values);
        FieldVector out = types.function(function).scalar(List.of(v), values.size(), allocator)) {
      return Columns.values(out);
    }
  }

  @Test
  void temporalDecimalAndBinaryFunctionsMatchTheirReferences(BufferAllocator allocator) {
    Random random = new Random(7);
    List<Long> times = new ArrayList<>();
    List<Long> timestamps = new ArrayList<>();
    List<BigDecimal> decimals = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      times.add(i % 50 == 0 ? null : Math.floorMod(random.nextLong(), 86_400_000_000L));
      timestamps.add(i % 50 == 1 ? null : random.nextLong() / 4);
      decimals.add(i % 50 == 2 ? null : BigDecimal.valueOf(random.nextLong() / 1000, 4));
      byte[] b = new byte[random.nextInt(12)];
      random.nextBytes(b);
      bytes.add(i % 50 == 3 ? null : b);
    }
    matchesReference("time_hour", SqlType.TIME, times, TypeFunctions::timeHour, allocator);
    matchesReference(
        "timestamp_trunc_day",
        SqlType.TIMESTAMP,
        timestamps,
        TypeFunctions::timestampTruncDay,
        allocator);
    matchesReference(
        "instant_date", SqlType.TIMESTAMP_TZ, timestamps, TypeFunctions::instantDate, allocator);
    matchesReference(
        "decimal_round", SqlType.decimal(18, 4), decimals, TypeFunctions::decimalRound, allocator);
    matchesReference("to_hex", SqlType.VARBINARY, bytes, TypeFunctions::toHex, allocator);
  }

  @Test
  void twoArgumentFunctionsMatchTheirReferences(BufferAllocator allocator) throws Exception {
    List<Integer> dates = Arrays.asList(0, 19_000, null, -40_000, 12);
    List<Integer> days = Arrays.asList(1, -19_000, 5, null, 365);
    try (FieldVector d = Columns.of(allocator, SqlType.DATE, dates);
        FieldVector n = Columns.of(allocator, SqlType.INT, days);
        FieldVector out = types.function("add_days").scalar(List.of(d, n), 5, allocator)) {
      assertEquals(
          Arrays.asList(
              TypeFunctions.addDays(0, 1),
              TypeFunctions.addDays(19_000, -19_000),
              null,
              null,
              TypeFunctions.addDays(12, 365)),
          Columns.values(out));
    }
    BigDecimal a = new BigDecimal("123456789.0123456789");
    BigDecimal b = new BigDecimal("-0.0000000001");
    try (FieldVector x = Columns.of(allocator, SqlType.decimal(38, 10), a, null, b);
        FieldVector y = Columns.of(allocator, SqlType.decimal(38, 10), b, b, b);
        FieldVector out = types.function("decimal_add").scalar(List.of(x, y), 3, allocator)) {
      assertEquals(
          Arrays.asList(TypeFunctions.decimalAdd(a, b), null, TypeFunctions.decimalAdd(b, b)),
          Columns.values(out));
    }
    try (FieldVector ts = Columns.of(allocator, SqlType.TIMESTAMP, 1_000_000_000L, 0L, null);
        FieldVector offset =
            Columns.of(allocator, SqlType.SMALLINT, (short) 120, (short) -300, (short) 0);
        FieldVector out = types.function("at_offset").scalar(List.of(ts, offset), 3, allocator)) {
      assertEquals(
          Arrays.asList(
              TypeFunctions.atOffset(1_000_000_000L, (short) 120),
              TypeFunctions.atOffset(0L, (short) -300),
              null),
          Columns.values(out));
    }
  }

  @Test
  void aNullsCalledRowFunctionSeesTheNullMaskAndReturnsNull(BufferAllocator allocator) {
    List<Long> xs = Arrays.asList(1L, null, null, 4L);
    List<Long> ys = Arrays.asList(10L, 20L, null, null);
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, xs);
        FieldVector y = Columns.of(allocator, SqlType.BIGINT, ys);
        FieldVector out = types.function("row_coalesce").scalar(List.of(x, y), 4, allocator)) {
      List<Object> expected = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        expected.add(TypeFunctions.rowCoalesce(xs.get(i), ys.get(i)));
      }
      assertEquals(expected, Columns.values(out));
    }
  }

  @Test
  void largeBatchesOfStringsRoundTrip(BufferAllocator allocator) {
    Random random = new Random(11);
    List<String> values = new ArrayList<>();
    String alphabet = "aé日😀 ";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(5))));
      }
      values.add(i % 97 == 0 ? null : s.toString());
    }
    assertEquals(
        Columns.expected(values), call("echo_varchar", SqlType.VARCHAR, values, allocator));
    assertEquals(
        Columns.expected(values), call("row_echo_varchar", SqlType.VARCHAR, values, allocator));
  }
}
