package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlline (from Maven, in its own JVM, with the Flight SQL JDBC driver) typed into as a person
 * would: define a table and a wasm function, list tables and a table's columns, query with the
 * function, make a mistake, quit.
 */
class SqllineTest {
  @TempDir Path data;
  @TempDir Path work;

  @Test
  void aPersonUsesSqllineAgainstTheServer() throws Exception {
    try (RunningServer running = RunningServer.start(data, true, Map.of())) {
      Path jars = Path.of("target", "sqlline");
      assertTrue(Files.isDirectory(jars), "mvn copies sqlline and the driver to target/sqlline");
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "--add-opens=java.base/java.nio=ALL-UNNAMED",
              "-cp",
              jars.toAbsolutePath() + File.separator + "*",
              "sqlline.SqlLine",
              "-d",
              "org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver",
              "-u",
              "jdbc:arrow-flight-sql://127.0.0.1:" + running.port() + "?useEncryption=false",
              "-n",
              RunningServer.USER,
              "-p",
              RunningServer.PASSWORD,
              "--color=false",
              "--outputFormat=csv");
      Path out = work.resolve("out.txt");
      Process sqlline =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      String typed =
          String.join(
              "\n",
              "CREATE TABLE visits (id BIGINT NOT NULL, url VARCHAR);",
              "INSERT INTO visits VALUES (1, 'https://Example.com:8080/docs'),",
              "  (2, 'http://shop.example.org/cart');",
              "CREATE FUNCTION url_host USING WASM FROM 'examples/udfs/strings.wasm';",
              "!tables",
              "!columns visits",
              "SELECT id, url_host(url) AS host FROM visits ORDER BY id;",
              "SELECT nope FROM visits;",
              "!quit",
              "");
      try (OutputStream in = sqlline.getOutputStream()) {
        in.write(typed.getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(sqlline.waitFor(120, TimeUnit.SECONDS), "sqlline ends after !quit");
      String output = Files.readString(out);
      assertEquals(0, sqlline.exitValue(), output);
      assertTrue(output.contains("'1','example.com'"), output);
      assertTrue(output.contains("'2','shop.example.org'"), output);
      assertTrue(output.contains("'sluice','visits','TABLE'"), output);
      // sqlline upper-cases "visits" (the driver says identifiers are stored upper-case); the
      // server still finds the table.
      assertTrue(output.contains("'sluice','visits','url','12','VARCHAR'"), output);
      assertTrue(!output.contains("Exception"), output);
      assertTrue(output.contains("Column 'nope' not found in any table"), output);
    }
  }
}
