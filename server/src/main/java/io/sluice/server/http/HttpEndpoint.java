package io.sluice.server.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sluice.server.auth.Authenticator;
import io.sluice.server.sql.ServerContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The HTTP endpoint on the JDK's own server ({@code com.sun.net.httpserver}): no web framework is
 * needed for three routes, and it streams chunked bodies. Requests run on a fixed pool of {@code
 * threads} threads; more wait in its queue.
 */
public final class HttpEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the endpoint.
   *
   * @param address where to listen (port 0 picks a free one)
   * @param tls the TLS context, or null for plain HTTP
   * @param context the pool, allocator and limits
   * @param authenticator the shared authenticator
   * @param threads how many requests run at once
   * @return the running endpoint
   * @throws IOException if the address cannot be bound
   */
  public static HttpEndpoint start(
      InetSocketAddress address,
      SSLContext tls,
      ServerContext context,
      Authenticator authenticator,
      int threads)
      throws IOException {
    HttpServer server;
    if (tls == null) {
      server = HttpServer.create(address, 64);
    } else {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    RequestAuth auth = new RequestAuth(authenticator);
    server.createContext("/v1/sql", new SqlHandler(context, auth));
    server.createContext("/v1/login", new LoginHandler(auth));
    server.createContext("/v1/health", new HealthHandler());
    AtomicInteger count = new AtomicInteger();
    ExecutorService executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "sluice-http-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    server.start();
    return new HttpEndpoint(server, executor);
  }

  /**
   * @return the port it listens on
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests, gives running ones up to a second, then stops the threads. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
