package io.sluice.wasidata;

import static io.sluice.wasidata.WasmBinary.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.sluice.wasidata.FunctionDescriptor.Abi;
import io.sluice.wasidata.FunctionDescriptor.Kind;
import io.sluice.wasidata.FunctionDescriptor.Nulls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionDescriptorsTest {

  /** The examples of ABI.md section 2, verbatim. */
  private static final String ABI_EXAMPLES =
      "SCALAR haversine(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) RETURNS DOUBLE ABI ROW\n"
          + "SCALAR url_host(url VARCHAR) RETURNS VARCHAR ABI BATCH EXPORT url_host\n"
          + "TABLE split_words(text VARCHAR) RETURNS TABLE(word VARCHAR, position INT) ABI BATCH\n"
          + "AGGREGATE histogram(value DOUBLE) RETURNS VARCHAR ABI BATCH EXPORT histogram\n";

  @Test
  void parsesTheSpecExamples() {
    List<FunctionDescriptor> fs = FunctionDescriptors.parse(ABI_EXAMPLES);
    assertEquals(
        List.of(
            FunctionDescriptor.builder(Kind.SCALAR, "haversine")
                .argument("lat1", SqlType.DOUBLE)
                .argument("lon1", SqlType.DOUBLE)
                .argument("lat2", SqlType.DOUBLE)
                .argument("lon2", SqlType.DOUBLE)
                .returns(SqlType.DOUBLE)
                .abi(Abi.ROW)
                .build(),
            FunctionDescriptor.builder(Kind.SCALAR, "url_host")
                .argument("url", SqlType.VARCHAR)
                .returns(SqlType.VARCHAR)
                .build(),
            FunctionDescriptor.builder(Kind.TABLE, "split_words")
                .argument("text", SqlType.VARCHAR)
                .column("word", SqlType.VARCHAR)
                .column("position", SqlType.INT)
                .build(),
            FunctionDescriptor.builder(Kind.AGGREGATE, "histogram")
                .argument("value", SqlType.DOUBLE)
                .returns(SqlType.VARCHAR)
                .build()),
        fs);
    FunctionDescriptor haversine = fs.get(0);
    assertEquals(Nulls.STRICT, haversine.nulls(), "row ABI defaults to STRICT");
    assertEquals("haversine", haversine.exportName());
    assertTrue(haversine.deterministic());
    assertEquals(Nulls.CALLED, fs.get(1).nulls(), "batch ABI defaults to CALLED");
  }

  @Test
  void canonicalLinesParseBackToEqualDescriptors() {
    String text =
        ABI_EXAMPLES
            + "scalar Odd_1(INT, varchar, DECIMAL ( 10 , 2 ),\tTIMESTAMP WITH TIME ZONE) returns real"
            + " nondeterministic export odd.v2$x-y nulls strict\n"
            + "SCALAR nothing() RETURNS BOOLEAN\n";
    for (FunctionDescriptor f : FunctionDescriptors.parse(text)) {
      List<FunctionDescriptor> again = FunctionDescriptors.parse(f.toString());
      assertEquals(List.of(f), again, f.toString());
      assertEquals(f.hashCode(), again.get(0).hashCode());
    }
    FunctionDescriptor odd = FunctionDescriptors.parse(text).get(4);
    assertEquals(
        "SCALAR Odd_1(INT, VARCHAR, DECIMAL(10,2), TIMESTAMP WITH TIME ZONE) RETURNS FLOAT"
            + " ABI BATCH EXPORT odd.v2$x-y NULLS STRICT NONDETERMINISTIC",
        odd.toString());
    assertEquals("arg3", odd.argumentName(2));
  }

  @Test
  void typeKeywordsCanBeArgumentNames() {
    FunctionDescriptor f =
        FunctionDescriptors.parse(
                "SCALAR f(time TIME, timestamp TIMESTAMP WITH TIME ZONE, decimal DECIMAL(3,1),"
                    + " TIMESTAMP, date DATE, with INT) RETURNS INT\n")
            .get(0);
    List<String> names = new ArrayList<>();
    for (FunctionDescriptor.Argument a : f.arguments()) {
      names.add(a.name() + ":" + a.type());
    }
    assertEquals(
        List.of(
            "time:TIME",
            "timestamp:TIMESTAMP WITH TIME ZONE",
            "decimal:DECIMAL(3,1)",
            "null:TIMESTAMP",
            "date:DATE",
            "with:INT"),
        names);
  }

  @Test
  void skipsBlankLinesCommentsAndCarriageReturns() {
    List<FunctionDescriptor> fs =
        FunctionDescriptors.parse(
            "\n   # a comment\n\t\nSCALAR a() RETURNS INT\r\n  #SCALAR b() RETURNS INT\n");
    assertEquals(1, fs.size());
    assertEquals(List.of(), FunctionDescriptors.parse(""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "FUNCTION f() RETURNS INT|1|expected SCALAR, TABLE or AGGREGATE, found 'FUNCTION'",
        "SCALAR 1f() RETURNS INT|8|expected a function name, found '1f'",
        "SCALAR f.g() RETURNS INT|8|expected a function name, found 'f.g'",
        "SCALAR f x() RETURNS INT|10|expected '(' after the function name, found 'x'",
        "SCALAR f(x DOUBLE) RETURN DOUBLE|20|expected RETURNS, found 'RETURN'",
        "SCALAR f(x STRING) RETURNS INT|12|expected a SQL type (BOOLEAN, TINYINT, SMALLINT, INT,"
            + " BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP or"
            + " TIMESTAMP WITH TIME ZONE), found 'STRING'",
        "SCALAR f(x INT RETURNS INT|16|expected ',' or ')' after argument 1, found 'RETURNS'",
        "SCALAR f(x INT,) RETURNS INT|16|expected an argument name or a SQL type, found ')'",
        "SCALAR f(x INT; y INT) RETURNS INT|15|unexpected character ';'; descriptors use letters,"
            + " digits, _ . $ - ( ) , and blanks",
        "SCALAR f(x DECIMAL(40,2)) RETURNS INT|20|DECIMAL precision must be 1 to 38, not 40",
        "SCALAR f(DECIMAL(40,2)) RETURNS INT|18|DECIMAL precision must be 1 to 38, not 40",
        "SCALAR f(x DECIMAL(5,6)) RETURNS INT|22|DECIMAL scale must be 0 to the precision 5, not 6",
        "SCALAR f(x DECIMAL(5)) RETURNS INT|21|expected ',' after the DECIMAL precision, found ')'",
        "SCALAR f(x DECIMAL(a,1)) RETURNS INT|20|expected digits for the precision of DECIMAL,"
            + " found 'a'",
        "SCALAR f(x INT) RETURNS TIMESTAMP WITH ZONE|40|expected TIME, found 'ZONE'",
        "TABLE t(x INT) RETURNS INT|24|expected TABLE(column TYPE, ...) after RETURNS, found 'INT'",
        "SCALAR f(x INT) RETURNS TABLE(a INT)|25|only a TABLE function returns TABLE(...); a SCALAR"
            + " returns one type",
        "TABLE t(x INT) RETURNS TABLE(INT)|33|expected a SQL type (BOOLEAN, TINYINT, SMALLINT, INT,"
            + " BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP or"
            + " TIMESTAMP WITH TIME ZONE), found ')'",
        "TABLE t(x INT) RETURNS TABLE(a INT, A INT)|37|column A appears twice",
        "TABLE t(x INT) RETURNS TABLE(a INT) ABI ROW|41|ABI ROW is only for SCALAR functions; a"
            + " TABLE uses BATCH",
        "SCALAR f(x DECIMAL(20,2)) RETURNS INT ABI ROW|12|DECIMAL(20,2) cannot cross ABI ROW: a"
            + " row-ABI DECIMAL has at most 18 digits",
        "SCALAR f(x INT) RETURNS DECIMAL(19,0) ABI ROW|25|DECIMAL(19,0) cannot cross ABI ROW: a"
            + " row-ABI DECIMAL has at most 18 digits",
        "SCALAR f(x INT) RETURNS INT ABI ROW ABI BATCH|37|ABI is given twice (first at column 29)",
        "SCALAR f(x INT) RETURNS INT DETERMINISTIC NONDETERMINISTIC|43|DETERMINISTIC is given twice"
            + " (first at column 29)",
        "SCALAR f(x INT) RETURNS INT ABI SIMD|33|expected ROW or BATCH after ABI, found 'SIMD'",
        "SCALAR f(x INT) RETURNS INT NULLS MAYBE|35|expected STRICT or CALLED after NULLS, found"
            + " 'MAYBE'",
        "SCALAR f(x INT) RETURNS INT EXPORT|35|expected an export symbol after EXPORT, found end of"
            + " line",
        "SCALAR f(x INT) RETURNS INT COST 5|29|expected a clause (ABI, EXPORT, NULLS, DETERMINISTIC"
            + " or NONDETERMINISTIC) or the end of the line, found 'COST'",
        "SCALAR f(x INT, X BIGINT) RETURNS INT|17|argument X appears twice",
      })
  void reportsLineColumnAndWhatWasExpected(String line, int column, String problem) {
    DescriptorSyntaxException e =
        assertThrows(
            DescriptorSyntaxException.class, () -> FunctionDescriptors.parse("# header\n" + line));
    assertEquals("line 2, column " + column + ": " + problem, e.getMessage());
    assertEquals(2, e.line());
    assertEquals(column, e.column());
  }

  @Test
  void rejectsAFunctionDescribedTwice() {
    DescriptorSyntaxException e =
        assertThrows(
            DescriptorSyntaxException.class,
            () ->
                FunctionDescriptors.parse(
                    "SCALAR f() RETURNS INT\nSCALAR g() RETURNS INT\nTABLE F() RETURNS TABLE(a INT)"));
    assertEquals("line 3, column 7: function F is already described on line 1", e.getMessage());
  }

  @Test
  void rejectsTooManyArguments() {
    StringBuilder line = new StringBuilder("SCALAR f(");
    for (int i = 0; i < 33; i++) {
      line.append(i == 0 ? "" : ",").append("INT");
    }
    line.append(") RETURNS INT");
    DescriptorSyntaxException e =
        assertThrows(
            DescriptorSyntaxException.class, () -> FunctionDescriptors.parse(line.toString()));
    assertEquals(
        "line 1, column " + (10 + 32 * 4) + ": too many arguments: at most 32 are allowed",
        e.getMessage());
    assertEquals(
        32,
        FunctionDescriptors.parse(line.toString().replace("(INT,", "(")).get(0).arguments().size());
  }

  @Test
  void builderChecksWhatTheParserChecks() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FunctionDescriptor.builder(Kind.TABLE, "t")
                .returns(SqlType.INT)
                .abi(Abi.BATCH)
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FunctionDescriptor.builder(Kind.AGGREGATE, "a")
                .returns(SqlType.INT)
                .abi(Abi.ROW)
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () -> FunctionDescriptor.builder(Kind.SCALAR, "bad name").returns(SqlType.INT).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FunctionDescriptor.builder(Kind.SCALAR, "f")
                .returns(SqlType.INT)
                .exportName("a b")
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FunctionDescriptor.builder(Kind.SCALAR, "f")
                .argument("a", SqlType.INT)
                .argument("A", SqlType.INT)
                .returns(SqlType.INT)
                .build());
  }

  @Test
  void expectedExportTypesFollowSectionsFiveAndSix() {
    List<FunctionDescriptor> fs =
        FunctionDescriptors.parse(
            ABI_EXAMPLES
                + "SCALAR upper(s VARCHAR) RETURNS VARCHAR ABI ROW\n"
                + "SCALAR pick(a INT, b VARBINARY) RETURNS BIGINT ABI ROW NULLS CALLED EXPORT p\n");
    FunctionType i32x4 =
        FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));
    assertEquals(
        Map.of(
            "haversine",
            FunctionType.of(
                List.of(ValType.F64, ValType.F64, ValType.F64, ValType.F64), List.of(ValType.F64))),
        fs.get(0).expectedExports());
    assertEquals(Map.of("url_host", i32x4), fs.get(1).expectedExports());
    assertEquals(Map.of("split_words", i32x4), fs.get(2).expectedExports());
    assertEquals(
        List.of(
            "histogram_init",
            "histogram_update",
            "histogram_merge",
            "histogram_serialize",
            "histogram_deserialize",
            "histogram_finish",
            "histogram_destroy"),
        List.copyOf(fs.get(3).expectedExports().keySet()));
    assertEquals(4, fs.get(3).expectedExports().get("histogram_finish").params().size());
    assertEquals(2, fs.get(3).expectedExports().get("histogram_destroy").params().size());
    assertEquals(
        Map.of("upper", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I64))),
        fs.get(4).expectedExports());
    assertEquals(
        Map.of(
            "p",
            FunctionType.of(
                List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I64))),
        fs.get(5).expectedExports());
  }

  @Test
  void readsEverySectionOfTheNameFromModuleBytes() {
    byte[] module =
        new WasmBinary()
            .custom("sluice_v1.functions", utf8("SCALAR a() RETURNS INT\n"))
            .custom("other", utf8("SCALAR ignored() RETURNS INT\n"))
            .custom("sluice_v1.functions", utf8("SCALAR b() RETURNS INT\n"))
            .bytes();
    assertEquals(
        List.of("a", "b"),
        FunctionDescriptors.read(module).stream().map(FunctionDescriptor::name).toList());
    // Chicory's parsed module keeps one section per name: the last.
    assertEquals(
        List.of("b"),
        FunctionDescriptors.read(Parser.parse(module)).stream()
            .map(FunctionDescriptor::name)
            .toList());
    assertEquals(List.of(), FunctionDescriptors.read(new WasmBinary().bytes()));
    assertEquals(List.of(), FunctionDescriptors.read(Parser.parse(new WasmBinary().bytes())));
  }

  @Test
  void rejectsInvalidUtf8WithItsPosition() {
    byte[] text = concat(utf8("SCALAR a() RETURNS INT\nSCALAR b"), new byte[] {(byte) 0xc3});
    byte[] module = new WasmBinary().custom("sluice_v1.functions", text).bytes();
    DescriptorSyntaxException e =
        assertThrows(DescriptorSyntaxException.class, () -> FunctionDescriptors.read(module));
    assertEquals(
        "line 2, column 9: invalid UTF-8 in the sluice_v1.functions section", e.getMessage());
    assertFalse(e.getMessage().isEmpty());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
