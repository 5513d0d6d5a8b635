package io.sluice.server;

import io.sluice.server.auth.Authenticator;
import io.sluice.server.auth.FlightAuthenticator;
import io.sluice.server.auth.Tokens;
import io.sluice.server.flight.SluiceFlightSqlProducer;
import io.sluice.server.http.HttpEndpoint;
import io.sluice.server.http.PemTls;
import io.sluice.server.sql.ConnectionPool;
import io.sluice.server.sql.ServerContext;
import io.sluice.sql.SluiceDriver;
import io.sluice.sql.SluiceEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: one engine on the data directory, the Flight SQL endpoint and (unless turned off)
 * the HTTP endpoint, sharing users, tokens and connections. {@link #close()} stops accepting calls,
 * lets running ones finish for a grace period, cancels the rest and closes the engine.
 *
 * <p>Without users the node runs only on a loopback address, and then lets everyone in; on any
 * other address it refuses to start rather than serve data to the network unauthenticated.
 */
public final class SluiceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

  /** How long running calls may take to finish once a shutdown starts (on both endpoints). */
  private static final long GRACE_MILLIS = 5_000;

  private final ServerConfig config;
  private final ConnectionPool pool;
  private final BufferAllocator allocator;
  private final SluiceFlightSqlProducer producer;
  private final ExecutorService flightExecutor;
  private final FlightServer flight;
  private final HttpEndpoint http;
  private final ScheduledExecutorService sweeper;
  private boolean closed;

  private SluiceServer(
      ServerConfig config,
      ConnectionPool pool,
      BufferAllocator allocator,
      SluiceFlightSqlProducer producer,
      ExecutorService flightExecutor,
      FlightServer flight,
      HttpEndpoint http,
      ScheduledExecutorService sweeper) {
    this.config = config;
    this.pool = pool;
    this.allocator = allocator;
    this.producer = producer;
    this.flightExecutor = flightExecutor;
    this.flight = flight;
    this.http = http;
    this.sweeper = sweeper;
  }

  /**
   * Opens the data directory and starts the endpoints.
   *
   * @param config the node's config
   * @return the running server
   * @throws ServerConfig.ConfigException if the config is unsafe (no users off loopback)
   * @throws IOException if a port cannot be bound or the TLS files cannot be read
   * @throws SQLException if the store cannot be opened
   */
  public static SluiceServer start(ServerConfig config) throws IOException, SQLException {
    boolean open = config.users().isEmpty();
    if (open && !config.loopbackOnly()) {
      throw new ServerConfig.ConfigException(
          "refusing to listen on "
              + config.bind()
              + " without users: anyone who can reach it could read and change every table."
              + " Add users (sluice server hash-password) or bind to 127.0.0.1.");
    }
    String url =
        SluiceDriver.PREFIX
            + config.data().toAbsolutePath()
            + (config.modules() == null ? "" : ";modules=" + config.modules().toAbsolutePath())
            // Files: only under the configured roots (none configured: no file at all).
            + ";file_roots="
            + String.join(
                java.io.File.pathSeparator,
                config.fileRoots().stream().map(p -> p.toAbsolutePath().toString()).toList());
    ConnectionPool pool = new ConnectionPool(url, 32);
    BufferAllocator allocator = null;
    ExecutorService flightExecutor = null;
    SluiceFlightSqlProducer producer = null;
    FlightServer flight = null;
    try {
      SluiceEngine engine = pool.engine();
      allocator = engine.allocator().newChildAllocator("server", 0, Long.MAX_VALUE);
      ServerContext context = new ServerContext(pool, allocator, config);
      Authenticator authenticator =
          new Authenticator(
              config.users(), new Tokens(config.tokenLifetime(), 100_000, Clock.systemUTC()));
      producer = new SluiceFlightSqlProducer(context, version());
      flightExecutor = threads("sluice-flight-");
      Location location =
          config.tls()
              ? Location.forGrpcTls(config.bind(), config.port())
              : Location.forGrpcInsecure(config.bind(), config.port());
      FlightServer.Builder builder =
          FlightServer.builder(allocator, location, producer)
              .headerAuthenticator(new FlightAuthenticator(authenticator))
              .maxInboundMessageSize(config.maxMessageBytes())
              .executor(flightExecutor);
      if (config.tls()) {
        builder.useTls(config.tlsCert().toFile(), config.tlsKey().toFile());
      }
      flight = builder.build().start();
      HttpEndpoint http = null;
      if (config.httpPort() >= 0) {
        http =
            HttpEndpoint.start(
                new InetSocketAddress(config.bind(), config.httpPort()),
                config.tls() ? PemTls.context(config.tlsCert(), config.tlsKey()) : null,
                context,
                authenticator);
      }
      ScheduledExecutorService sweeper =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "sluice-server-sweeper");
                thread.setDaemon(true);
                return thread;
              });
      SluiceFlightSqlProducer expiring = producer;
      sweeper.scheduleWithFixedDelay(expiring::expireIdle, 30, 30, TimeUnit.SECONDS);
      SluiceServer server =
          new SluiceServer(
              config, pool, allocator, producer, flightExecutor, flight, http, sweeper);
      server.logStart(open);
      return server;
    } catch (IOException | SQLException | RuntimeException e) {
      if (flight != null) {
        flight.shutdown();
      }
      if (producer != null) {
        producer.close();
      }
      if (flightExecutor != null) {
        flightExecutor.shutdownNow();
      }
      if (allocator != null) {
        allocator.close();
      }
      pool.close();
      throw e;
    }
  }

  private static ExecutorService threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    // Flight runs each call's work here; calls block while streaming, so the pool grows with the
    // number of concurrent calls (gRPC's own event loops stay free). The producer refuses calls
    // beyond limits.flight_calls at once, so the pool stays near that size.
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        task -> {
          Thread thread = new Thread(task, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private void logStart(boolean open) {
    String scheme = config.tls() ? "grpc+tls" : "grpc";
    LOG.info(
        "Sluice {} serving {} ; Flight SQL on {}://{}:{}{}",
        version(),
        config.data().toAbsolutePath(),
        scheme,
        config.bind(),
        flightPort(),
        http == null
            ? ", HTTP off"
            : ", HTTP on "
                + (config.tls() ? "https" : "http")
                + "://"
                + config.bind()
                + ":"
                + httpPort());
    if (open) {
      LOG.warn(
          "NO AUTHENTICATION: no users are configured, so anyone on this machine can connect."
              + " This is allowed only because the server listens on loopback ({}).",
          config.bind());
    }
  }

  /**
   * @return the version of Sluice, from the jar manifest
   */
  public static String version() {
    String version = SluiceServer.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-SNAPSHOT" : version;
  }

  /**
   * @return the port of the Flight SQL endpoint
   */
  public int flightPort() {
    return flight.getPort();
  }

  /**
   * @return the port of the HTTP endpoint, or -1 if it is off
   */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /**
   * @return the node's config
   */
  public ServerConfig config() {
    return config;
  }

  /**
   * @return the engine serving the data directory
   */
  public SluiceEngine engine() {
    return pool.engine();
  }

  /**
   * @return the server's allocator (a child of the engine's): every result batch comes from it
   */
  public BufferAllocator allocator() {
    return allocator;
  }

  /**
   * @return statements open on the Flight endpoint (prepared, or queries waiting to be fetched)
   */
  public int openStatements() {
    return producer.openStatements();
  }

  /** Blocks until the server is closed (by {@link #close()} from another thread). */
  public void awaitTermination() throws InterruptedException {
    flight.awaitTermination();
  }

  /** Stops the endpoints, cancels what still runs after the grace period, closes the engine. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("Sluice server stopping");
    sweeper.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    flight.shutdown();
    if (http != null) {
      // The same grace as Flight's (running alongside it); then HTTP cancels its statements and
      // waits for its threads, so no HTTP query holds memory when the allocator closes below.
      http.close(Duration.ofMillis(GRACE_MILLIS));
    }
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!flight.awaitTermination(left, TimeUnit.NANOSECONDS)) {
        LOG.warn("calls still running after {} ms: cancelling them", GRACE_MILLIS);
      }
      producer.close();
      flight.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flightExecutor.shutdownNow();
    try {
      flightExecutor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long leaked = allocator.getAllocatedMemory();
    if (leaked != 0) {
      LOG.error(
          "{} bytes of Arrow memory still held at shutdown:\n{}",
          leaked,
          allocator.toVerboseString());
    }
    try {
      allocator.close();
    } finally {
      pool.close();
    }
    LOG.info("Sluice server stopped");
  }
}
