package io.sluice.server;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a node is started with, read from a properties file (docs/server.md lists every key)
 * and the command line's overrides. Unknown keys are refused, so a typo never silently leaves a
 * default in place.
 *
 * @param data the data directory
 * @param modules where relative module paths of CREATE FUNCTION resolve, or null for the working
 *     directory
 * @param bind the address both endpoints listen on
 * @param port the Flight SQL port (0 picks a free one)
 * @param httpPort the HTTP port (0 picks a free one, -1 turns HTTP off)
 * @param users configured users and their password hashes
 * @param tlsCert the PEM certificate chain, or null for plain text
 * @param tlsKey the PEM private key (PKCS#8), or null
 * @param tokenLifetime how long a bearer token is valid
 * @param maxMessageBytes the largest gRPC message and HTTP request body accepted
 * @param batchRows the most rows in one result batch
 * @param batchBytes the buffer size after which a result batch ends early
 * @param maxPreparedStatements the most prepared statements open at once
 * @param preparedIdle how long an unused prepared statement or query ticket is kept
 * @param preparedPerUser the most prepared statements one user may have open at once
 * @param parameterBytes the most Arrow memory the parameter rows bound to one statement may take
 * @param flightCalls the most Flight SQL calls running at once (fetches, uploads, GetFlightInfo)
 * @param flightCallsPerUser the most Flight SQL calls one user may have running at once
 * @param httpThreads how many HTTP requests run at once
 * @param httpQueue how many more HTTP requests may wait for a thread
 * @param stalledClient how long a client may stop reading a result (or stop sending its HTTP
 *     request body) before its statement is cancelled and its call ended
 * @param fileRoots the directories COPY and the read_* functions may read and write files in (none:
 *     no file at all)
 */
public record ServerConfig(
    Path data,
    Path modules,
    String bind,
    int port,
    int httpPort,
    Map<String, PasswordHash> users,
    Path tlsCert,
    Path tlsKey,
    Duration tokenLifetime,
    int maxMessageBytes,
    int batchRows,
    long batchBytes,
    int maxPreparedStatements,
    Duration preparedIdle,
    int preparedPerUser,
    long parameterBytes,
    int flightCalls,
    int flightCallsPerUser,
    int httpThreads,
    int httpQueue,
    Duration stalledClient,
    List<Path> fileRoots) {

  /** The default Flight SQL port. */
  public static final int DEFAULT_PORT = 31337;

  /** The default HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  private static final String USER_PREFIX = "user.";
  private static final Set<String> KEYS =
      Set.of(
          "data",
          "modules",
          "bind",
          "port",
          "http.port",
          "tls.cert",
          "tls.key",
          "auth.token_lifetime",
          "limits.max_message_bytes",
          "limits.batch_rows",
          "limits.batch_bytes",
          "limits.prepared_statements",
          "limits.prepared_idle",
          "limits.prepared_statements_per_user",
          "limits.parameter_bytes",
          "limits.flight_calls",
          "limits.flight_calls_per_user",
          "limits.http_threads",
          "limits.http_queue",
          "limits.stalled_client",
          "files.roots");

  /** A setting that is missing, unknown or malformed; the message names the key. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the setting
     */
    public ConfigException(String message) {
      super(message);
    }
  }

  public ServerConfig {
    users = Map.copyOf(users);
    fileRoots = List.copyOf(fileRoots);
  }

  /**
   * Reads a config file, then applies overrides (from the command line) on top.
   *
   * @param file a properties file, or null for none
   * @param overrides settings that win over the file's
   * @return the config; relative paths in the file resolve against the file's directory
   * @throws ConfigException if a setting is wrong
   * @throws IOException if the file cannot be read
   */
  public static ServerConfig load(Path file, Map<String, String> overrides) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    Path base = Path.of("").toAbsolutePath();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      properties.stringPropertyNames().forEach(k -> settings.put(k, properties.getProperty(k)));
      base = file.toAbsolutePath().getParent();
    }
    // Overrides come from the command line: their relative paths are the working directory's.
    Path cwd = Path.of("").toAbsolutePath();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String key = e.getKey();
      boolean path = key.equals("data") || key.equals("modules") || key.startsWith("tls.");
      if (key.equals("files.roots")) {
        List<String> roots = new java.util.ArrayList<>();
        for (String root : e.getValue().split(",")) {
          if (!root.isBlank()) {
            roots.add(cwd.resolve(root.strip()).toString());
          }
        }
        settings.put(key, String.join(",", roots));
        continue;
      }
      settings.put(key, path ? cwd.resolve(e.getValue()).toString() : e.getValue());
    }
    return parse(settings, base);
  }

  /**
   * @param settings keys and values as in the config file
   * @param base the directory relative paths resolve against
   * @return the config
   * @throws ConfigException if a setting is unknown, missing or malformed
   */
  public static ServerConfig parse(Map<String, String> settings, Path base) {
    Map<String, PasswordHash> users = new TreeMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey().strip();
      if (key.startsWith(USER_PREFIX)) {
        String user = key.substring(USER_PREFIX.length());
        if (user.isEmpty() || user.contains(":")) {
          throw new ConfigException(key + ": a user name must be non-empty, without ':'");
        }
        try {
          users.put(user, PasswordHash.parse(e.getValue()));
        } catch (IllegalArgumentException ex) {
          throw new ConfigException(key + ": " + ex.getMessage());
        }
      } else if (!KEYS.contains(key)) {
        throw new ConfigException(
            "unknown setting '"
                + key
                + "' (known: "
                + new java.util.TreeSet<>(KEYS)
                + ", user.NAME)");
      }
    }
    String data = settings.get("data");
    if (data == null || data.isBlank()) {
      throw new ConfigException("data: the data directory is not set (--data or data = DIR)");
    }
    Path tlsCert = path(settings, "tls.cert", base);
    Path tlsKey = path(settings, "tls.key", base);
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ConfigException("tls.cert and tls.key must be set together");
    }
    return new ServerConfig(
        base.resolve(data.strip()),
        path(settings, "modules", base),
        settings.getOrDefault("bind", "127.0.0.1").strip(),
        integer(settings, "port", DEFAULT_PORT, 0, 65535),
        integer(settings, "http.port", DEFAULT_HTTP_PORT, -1, 65535),
        users,
        tlsCert,
        tlsKey,
        duration(settings, "auth.token_lifetime", Duration.ofHours(12)),
        integer(settings, "limits.max_message_bytes", 16 << 20, 1024, Integer.MAX_VALUE),
        integer(settings, "limits.batch_rows", 65_536, 1, 1 << 24),
        integer(settings, "limits.batch_bytes", 8 << 20, 1024, Integer.MAX_VALUE),
        integer(settings, "limits.prepared_statements", 1024, 1, 1 << 20),
        duration(settings, "limits.prepared_idle", Duration.ofMinutes(30)),
        integer(settings, "limits.prepared_statements_per_user", 256, 1, 1 << 20),
        integer(settings, "limits.parameter_bytes", 64 << 20, 1024, Integer.MAX_VALUE),
        integer(settings, "limits.flight_calls", 256, 1, 1 << 16),
        integer(settings, "limits.flight_calls_per_user", 64, 1, 1 << 16),
        integer(settings, "limits.http_threads", 16, 1, 1024),
        integer(settings, "limits.http_queue", 256, 0, 1 << 16),
        duration(settings, "limits.stalled_client", Duration.ofMinutes(5)),
        roots(settings, base));
  }

  /** {@code files.roots}: directories separated by commas, each of which must exist. */
  private static List<Path> roots(Map<String, String> settings, Path base) {
    String value = settings.get("files.roots");
    List<Path> roots = new java.util.ArrayList<>();
    if (value == null || value.isBlank()) {
      return roots;
    }
    for (String root : value.split(",")) {
      if (root.isBlank()) {
        continue;
      }
      Path path = base.resolve(root.strip()).normalize();
      if (path.toString().contains(java.io.File.pathSeparator) || path.toString().contains(";")) {
        throw new ConfigException(
            "files.roots: "
                + path
                + " contains '"
                + java.io.File.pathSeparator
                + "' or ';', which the server cannot pass on; use a directory (or a link to it)"
                + " whose path has neither");
      }
      if (!Files.isDirectory(path)) {
        throw new ConfigException("files.roots: " + path + " is not a directory");
      }
      roots.add(path);
    }
    return roots;
  }

  /**
   * @return whether the endpoints listen only on a loopback address
   * @throws ConfigException if the bind address does not resolve
   */
  public boolean loopbackOnly() {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("bind: unknown address '" + bind + "'");
    }
  }

  /**
   * @return whether TLS is configured
   */
  public boolean tls() {
    return tlsCert != null;
  }

  /**
   * @return the settings as the config file would hold them (users' hashes included)
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("data", String.valueOf(data));
    map.put("modules", modules == null ? "" : modules.toString());
    map.put("bind", bind);
    map.put("port", Integer.toString(port));
    map.put("http.port", Integer.toString(httpPort));
    map.put("tls.cert", tlsCert == null ? "" : tlsCert.toString());
    map.put("tls.key", tlsKey == null ? "" : tlsKey.toString());
    map.put("auth.token_lifetime", tokenLifetime.toSeconds() + "s");
    map.put("limits.max_message_bytes", Integer.toString(maxMessageBytes));
    map.put("limits.batch_rows", Integer.toString(batchRows));
    map.put("limits.batch_bytes", Long.toString(batchBytes));
    map.put("limits.prepared_statements", Integer.toString(maxPreparedStatements));
    map.put("limits.prepared_idle", preparedIdle.toSeconds() + "s");
    map.put("limits.prepared_statements_per_user", Integer.toString(preparedPerUser));
    map.put("limits.parameter_bytes", Long.toString(parameterBytes));
    map.put("limits.flight_calls", Integer.toString(flightCalls));
    map.put("limits.flight_calls_per_user", Integer.toString(flightCallsPerUser));
    map.put("limits.http_threads", Integer.toString(httpThreads));
    map.put("limits.http_queue", Integer.toString(httpQueue));
    map.put("limits.stalled_client", stalledClient.toSeconds() + "s");
    map.put("files.roots", String.join(",", fileRoots.stream().map(Path::toString).toList()));
    users.forEach((user, hash) -> map.put(USER_PREFIX + user, hash.toString()));
    return map;
  }

  private static Path path(Map<String, String> settings, String key, Path base) {
    String value = settings.get(key);
    return value == null || value.isBlank() ? null : base.resolve(value.strip());
  }

  private static int integer(
      Map<String, String> settings, String key, int fallback, int min, int max) {
    String value = settings.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed < min || parsed > max) {
        throw new ConfigException(key + ": " + parsed + " is not between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": '" + value + "' is not a whole number");
    }
  }

  /**
   * A duration written as a number and a unit: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}.
   */
  private static Duration duration(Map<String, String> settings, String key, Duration fallback) {
    String value = settings.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String text = value.strip().toLowerCase(Locale.ROOT);
    try {
      long amount = Long.parseLong(text.substring(0, text.length() - 1));
      Duration parsed =
          switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new NumberFormatException();
          };
      if (parsed.isNegative() || parsed.isZero()) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new ConfigException(
          key + ": '" + value + "' is not a duration such as 90s, 30m, 12h or 7d");
    }
  }
}
