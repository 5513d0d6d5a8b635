package io.sluice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line's forms of inputs and function references. */
class JobSpecTest {
  @Test
  void inputsAreQueriesWhenTheyReadLikeOne() {
    assertEquals(JobInput.table("docs"), JobInput.parse(" docs "));
    assertEquals(JobInput.table("selection"), JobInput.parse("selection"));
    assertEquals(JobInput.query("select text from docs"), JobInput.parse("select text from docs"));
    assertEquals(
        JobInput.query("WITH t AS (SELECT 1) SELECT * FROM t"),
        JobInput.parse("WITH t AS (SELECT 1) SELECT * FROM t"));
    assertEquals(JobInput.query("(SELECT 1)"), JobInput.parse("(SELECT 1)"));
  }

  @Test
  void functionReferencesNameAModuleFileOrACatalogFunction() {
    assertEquals(
        WasmFunctionRef.of(Path.of("a/b.wasm"), "map_words"),
        WasmFunctionRef.parse("a/b.wasm:map_words"));
    assertEquals(
        WasmFunctionRef.of(Path.of("C:/x.wasm"), "f"), WasmFunctionRef.parse("C:/x.wasm:f"));
    assertEquals(WasmFunctionRef.catalog("sum_counts"), WasmFunctionRef.parse("sum_counts"));
    assertEquals("a/b.wasm:map_words", WasmFunctionRef.parse("a/b.wasm:map_words").toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WasmFunctionRef.parse("a/b.wasm"));
    assertEquals("name the function after the module: a/b.wasm:function_name", e.getMessage());
  }

  @Test
  void specsRefuseWhatCannotRun() {
    Dataset dataset = new Dataset(null, JobInput.table("docs"));
    assertThrows(IllegalArgumentException.class, () -> dataset.spec("out"), "no map");
    dataset.map(WasmFunctionRef.catalog("m")).reduceByKey(WasmFunctionRef.catalog("r"));
    assertEquals("docs -> map m -> reduce r -> out", dataset.spec("out").describe());
    assertThrows(IllegalArgumentException.class, () -> dataset.parallelism(0).spec("out"));
    assertThrows(IllegalArgumentException.class, () -> dataset.parallelism(2).spec("__job_1_x"));
  }
}
