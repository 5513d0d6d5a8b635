package io.sluice.cli;

import io.sluice.server.ServerConfig;
import io.sluice.server.SluiceServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice server}: starts a node serving a data directory over Arrow Flight SQL and HTTP,
 * until SIGTERM or SIGINT (then it shuts down cleanly). Options override the config file.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    subcommands = HashPasswordCommand.class,
    description = {
      "Serve a data directory over Arrow Flight SQL (JDBC, ADBC) and HTTP until stopped.",
      "Without users in the config it listens on loopback only, without authentication."
    })
final class ServerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", description = "Config file (properties; see docs/server.md).")
  Path config;

  @Option(names = "--data", description = "Data directory (default: ./sluice-data).")
  Path data;

  @Option(names = "--bind", description = "Address to listen on (default: 127.0.0.1).")
  String bind;

  @Option(names = "--port", description = "Flight SQL port (default: 31337; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--http-port",
      description = "HTTP port (default: 8080; 0 picks a free one, -1 turns HTTP off).")
  Integer httpPort;

  @Option(
      names = "--modules",
      description = "Where relative module paths of CREATE FUNCTION resolve (default: cwd).")
  Path modules;

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (data != null) {
      overrides.put("data", data.toString());
    } else if (config == null) {
      overrides.put("data", "./sluice-data");
    }
    if (bind != null) {
      overrides.put("bind", bind);
    }
    if (port != null) {
      overrides.put("port", port.toString());
    }
    if (httpPort != null) {
      overrides.put("http.port", httpPort.toString());
    }
    if (modules != null) {
      overrides.put("modules", modules.toString());
    }
    ServerConfig settings = ServerConfig.load(config, overrides);
    if (settings.data() == null) {
      throw new ServerConfig.ConfigException("data: set --data or data = DIR in the config");
    }
    SluiceServer server = SluiceServer.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "sluice-server-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    var out = spec.commandLine().getOut();
    out.printf(
        "sluice server: Flight SQL on %s://%s:%d%s%n",
        settings.tls() ? "grpc+tls" : "grpc",
        settings.bind(),
        server.flightPort(),
        server.httpPort() < 0
            ? ""
            : String.format(
                ", HTTP on %s://%s:%d",
                settings.tls() ? "https" : "http", settings.bind(), server.httpPort()));
    if (settings.users().isEmpty()) {
      out.println("sluice server: WARNING: no users configured: no authentication (loopback only)");
    }
    out.println("sluice server: serving " + settings.data().toAbsolutePath() + "; Ctrl-C stops");
    out.flush();
    server.awaitTermination();
    stopped.await();
    out.println("sluice server: stopped");
    out.flush();
    return 0;
  }
}
