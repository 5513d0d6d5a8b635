package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file: every key read, typos and unsafe settings refused with the key named. */
class ServerConfigTest {
  @TempDir Path dir;

  @Test
  void readsTheFileAndLetsTheCommandLineWin() throws Exception {
    String hash = PasswordHash.create("pw".toCharArray(), 10).toString();
    Path file = dir.resolve("server.properties");
    Files.writeString(
        file,
        "# a node\n"
            + "data = store\n"
            + "modules = udfs\n"
            + "bind = 0.0.0.0\n"
            + "port = 4000\n"
            + "http.port = -1\n"
            + "tls.cert = certs/server.crt\n"
            + "tls.key = certs/server.key\n"
            + "auth.token_lifetime = 30m\n"
            + "limits.max_message_bytes = 2048\n"
            + "limits.batch_rows = 100\n"
            + "limits.batch_bytes = 4096\n"
            + "limits.prepared_statements = 7\n"
            + "limits.prepared_idle = 2h\n"
            + "user.alice = "
            + hash
            + "\n");
    ServerConfig config = ServerConfig.load(file, Map.of("port", "4001"));
    assertEquals(dir.resolve("store"), config.data());
    assertEquals(dir.resolve("udfs"), config.modules());
    assertEquals("0.0.0.0", config.bind());
    assertFalse(config.loopbackOnly());
    assertEquals(4001, config.port());
    assertEquals(-1, config.httpPort());
    assertEquals(dir.resolve("certs/server.crt"), config.tlsCert());
    assertTrue(config.tls());
    assertEquals(Duration.ofMinutes(30), config.tokenLifetime());
    assertEquals(2048, config.maxMessageBytes());
    assertEquals(100, config.batchRows());
    assertEquals(4096, config.batchBytes());
    assertEquals(7, config.maxPreparedStatements());
    assertEquals(Duration.ofHours(2), config.preparedIdle());
    assertTrue(config.users().get("alice").matches("pw".toCharArray()));
  }

  @Test
  void hasSafeDefaults() {
    ServerConfig config = ServerConfig.parse(Map.of("data", "d"), dir);
    assertEquals("127.0.0.1", config.bind());
    assertTrue(config.loopbackOnly());
    assertEquals(31337, config.port());
    assertEquals(8080, config.httpPort());
    assertNull(config.tlsCert());
    assertTrue(config.users().isEmpty());
    assertEquals(Duration.ofHours(12), config.tokenLifetime());
  }

  @Test
  void refusesTyposMalformedValuesAndHalfATlsSetting() {
    assertMessage("unknown setting 'prot'", Map.of("data", "d", "prot", "1"));
    assertMessage("port: 70000 is not between 0 and 65535", Map.of("data", "d", "port", "70000"));
    assertMessage("port: 'x' is not a whole number", Map.of("data", "d", "port", "x"));
    assertMessage(
        "auth.token_lifetime: '5 minutes' is not a duration",
        Map.of("data", "d", "auth.token_lifetime", "5 minutes"));
    assertMessage(
        "tls.cert and tls.key must be set together", Map.of("data", "d", "tls.cert", "c.pem"));
    assertMessage("user.bob: not a password hash", Map.of("data", "d", "user.bob", "plaintext"));
    assertMessage("data: the data directory is not set", Map.of("port", "1"));
  }

  @Test
  void refusesToServeTheNetworkWithoutUsers() {
    ServerConfig open = ServerConfig.parse(Map.of("data", "d", "bind", "0.0.0.0"), dir);
    ServerConfig.ConfigException e =
        assertThrows(ServerConfig.ConfigException.class, () -> SluiceServer.start(open));
    assertTrue(
        e.getMessage().startsWith("refusing to listen on 0.0.0.0 without users"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("d")), "nothing was opened");
  }

  @Test
  void fileRootsMustBeDirectoriesThatTheServerCanPassOn() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Files.createDirectories(dir.resolve("a:b"));
    assertEquals(
        java.util.List.of(dir.resolve("in")),
        ServerConfig.parse(Map.of("data", "d", "files.roots", "in"), dir).fileRoots());
    assertMessage(
        "files.roots: " + dir.resolve("none") + " is not a directory",
        Map.of("data", "d", "files.roots", "in, none"));
    assertMessage(
        "files.roots: " + dir.resolve("a:b") + " contains ':'",
        Map.of("data", "d", "files.roots", "a:b"));
  }

  private void assertMessage(String expected, Map<String, String> settings) {
    ServerConfig.ConfigException e =
        assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.parse(settings, dir));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
