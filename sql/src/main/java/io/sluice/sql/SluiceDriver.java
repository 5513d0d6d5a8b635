package io.sluice.sql;

import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.ddl.SluiceDdlExecutor;
import io.sluice.sql.plan.StatementText;
import io.sluice.storage.Durability;
import io.sluice.storage.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.HandlerImpl;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The embedded JDBC driver: {@code jdbc:sluice:<data-dir>[;property=value...]}, built on Calcite's
 * driver framework. Connections to the same directory in one process share one engine.
 *
 * <p>Properties: {@code create} (default true) creates a missing store; {@code durability} is
 * {@code sync} (default) or {@code os_buffered}; {@code pushdown} (default true) pushes filters,
 * projections, wasm calls and partial aggregates to the shards (false: shards only scan); {@code
 * vectorize} (default true) runs the coordinator's joins, aggregates and calcs a batch at a time
 * (false: Calcite's row-at-a-time operators, the oracle of differential tests); {@code modules} is
 * the directory relative module paths of {@code CREATE FUNCTION} are resolved against (default: the
 * process's working directory); {@code files} is where relative paths of COPY and the read_*
 * functions resolve (default: the working directory), and {@code file_roots}, when set, confines
 * them to those directories (separated by the path separator; empty: no file at all), as a server
 * does. Identifiers follow PostgreSQL's rules: unquoted ones are lower-cased, quoted ones kept as
 * written.
 */
public final class SluiceDriver extends Driver {
  /** The URL prefix. */
  public static final String PREFIX = "jdbc:sluice:";

  private static final String DATA_PROPERTY = "sluice.data";
  private static final Map<AvaticaConnection, SluiceEngine> ENGINES = new ConcurrentHashMap<>();
  private static final Map<AvaticaConnection, Runnable> DETACH = new ConcurrentHashMap<>();

  static {
    new SluiceDriver().register();
    StatementText.install();
  }

  /** Creates the driver; {@link java.sql.DriverManager} does this through the service file. */
  public SluiceDriver() {
    super();
  }

  @Override
  public org.apache.calcite.avatica.Meta createMeta(
      org.apache.calcite.avatica.AvaticaConnection connection) {
    return org.apache.calcite.jdbc.SluiceMetaImpl.create(connection);
  }

  @Override
  public CalcitePrepare createPrepare() {
    return new SluicePrepare();
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    String version = SluiceDriver.class.getPackage().getImplementationVersion();
    return new DriverVersion(
        "Sluice JDBC Driver",
        version == null ? "0.1.0" : version,
        "Sluice",
        version == null ? "0.1.0" : version,
        true,
        0,
        1,
        0,
        1);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String rest = url.substring(PREFIX.length());
    int semicolon = rest.indexOf(';');
    String directory = semicolon < 0 ? rest : rest.substring(0, semicolon);
    String options = semicolon < 0 ? "" : rest.substring(semicolon + 1);
    if (directory.isBlank()) {
      throw new SQLException(
          "the URL " + url + " names no data directory; use jdbc:sluice:/path/to/data", "08001");
    }
    Properties properties = new Properties();
    properties.setProperty("unquotedCasing", "TO_LOWER");
    properties.setProperty("quotedCasing", "UNCHANGED");
    properties.setProperty("caseSensitive", "true");
    properties.setProperty("conformance", "LENIENT");
    properties.setProperty("materializationsEnabled", "false");
    properties.setProperty("parserFactory", SluiceDdlExecutor.class.getName() + "#PARSER_FACTORY");
    if (info != null) {
      properties.putAll(info);
    }
    properties.setProperty(DATA_PROPERTY, directory);
    return super.connect(PREFIX + options, properties);
  }

  @Override
  protected Handler createHandler() {
    return new HandlerImpl() {
      @Override
      public void onConnectionInit(AvaticaConnection connection) throws SQLException {
        super.onConnectionInit(connection);
        Properties properties = ((CalciteConnection) connection).getProperties();
        SluiceEngine engine;
        boolean pushdown;
        boolean vectorize;
        try {
          pushdown = booleanProperty(properties, "pushdown", true);
          vectorize = booleanProperty(properties, "vectorize", true);
          engine =
              EngineRegistry.acquire(
                  Path.of(properties.getProperty(DATA_PROPERTY)), storeOptions(properties));
        } catch (RuntimeException e) {
          throw new SQLException(e.getMessage(), "08001", e);
        }
        ENGINES.put(connection, engine);
        CalciteConnection calcite = (CalciteConnection) connection;
        SchemaPlus root = calcite.getRootSchema();
        Path modules =
            Path.of(properties.getProperty("modules", System.getProperty("user.dir")))
                .toAbsolutePath();
        io.sluice.connectors.FileAccess files;
        try {
          files = fileAccess(properties);
        } catch (RuntimeException e) {
          throw new SQLException(e.getMessage(), "08001", e);
        }
        SchemaPlus sluice =
            root.add(
                SluiceSchema.NAME, new SluiceSchema(engine, pushdown, vectorize, modules, files));
        sluice.setCacheEnabled(false);
        DETACH.put(connection, engine.attach(root, calcite));
        calcite.setSchema(SluiceSchema.NAME);
      }

      @Override
      public void onConnectionClose(AvaticaConnection connection) {
        Runnable detach = DETACH.remove(connection);
        if (detach != null) {
          detach.run();
        }
        SluiceEngine engine = ENGINES.remove(connection);
        if (engine != null) {
          EngineRegistry.release(engine);
        }
      }
    };
  }

  /**
   * Which files COPY and the read_* functions reach: under the directories of {@code file_roots}
   * (separated by the platform's path separator) when set, as a server sets it; else anywhere,
   * relative paths against {@code files} (default: the working directory).
   */
  private static io.sluice.connectors.FileAccess fileAccess(Properties properties) {
    String roots = properties.getProperty("file_roots");
    if (roots != null && roots.isBlank()) {
      return io.sluice.connectors.FileAccess.none();
    }
    if (roots != null) {
      java.util.List<Path> list = new java.util.ArrayList<>();
      for (String root : roots.split(java.io.File.pathSeparator)) {
        if (!root.isBlank()) {
          list.add(Path.of(root.strip()));
        }
      }
      return io.sluice.connectors.FileAccess.confined(list);
    }
    return io.sluice.connectors.FileAccess.anywhere(
        Path.of(properties.getProperty("files", System.getProperty("user.dir"))));
  }

  private static StoreOptions storeOptions(Properties properties) {
    StoreOptions options = StoreOptions.defaults();
    options = options.withCreateIfMissing(booleanProperty(properties, "create", true));
    String durability = properties.getProperty("durability");
    if (durability != null) {
      String wanted = durability.strip().toUpperCase(Locale.ROOT);
      Durability chosen = null;
      for (Durability candidate : Durability.values()) {
        if (candidate.name().equals(wanted)) {
          chosen = candidate;
        }
      }
      if (chosen == null) {
        throw new IllegalArgumentException(
            "connection property durability = '"
                + durability
                + "' is invalid; use one of "
                + java.util.Arrays.stream(Durability.values())
                    .map(d -> d.name().toLowerCase(Locale.ROOT))
                    .collect(java.util.stream.Collectors.joining(", ")));
      }
      options = options.withDurability(chosen);
    }
    return options;
  }

  /** A true/false connection property; anything else is refused, not read as false. */
  private static boolean booleanProperty(Properties properties, String name, boolean fallback) {
    String value = properties.getProperty(name);
    if (value == null) {
      return fallback;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "connection property " + name + " = '" + value + "' is invalid; use true or false");
  }

  /**
   * @param connection an open Sluice connection
   * @return its engine
   * @throws SQLException if it is not a Sluice connection
   */
  public static SluiceEngine engine(Connection connection) throws SQLException {
    SluiceEngine engine = ENGINES.get(connection.unwrap(AvaticaConnection.class));
    if (engine == null) {
      throw new SQLException("not an open Sluice connection");
    }
    return engine;
  }

  /**
   * @return notices (not errors) of the statements this thread ran since the last call, such as a
   *     function created to run in the interpreter
   */
  public static java.util.List<String> takeNotices() {
    return Notices.take();
  }
}
