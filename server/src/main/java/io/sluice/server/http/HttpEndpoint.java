package io.sluice.server.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sluice.server.auth.Authenticator;
import io.sluice.server.sql.ServerContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint on the JDK's own server ({@code com.sun.net.httpserver}): no web framework is
 * needed for four routes, and it streams chunked bodies. Requests run on a fixed pool of {@code
 * limits.http_threads} threads; up to {@code limits.http_queue} more wait for one, and a connection
 * beyond that is closed at once. A client that stops sending its request or reading its response
 * for {@code limits.stalled_client} is dropped ({@link ClientWatch}).
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final SqlHandler sql;
  private final ClientWatch watch;

  private HttpEndpoint(
      HttpServer server, ThreadPoolExecutor executor, SqlHandler sql, ClientWatch watch) {
    this.server = server;
    this.executor = executor;
    this.sql = sql;
    this.watch = watch;
  }

  /**
   * Starts the endpoint.
   *
   * @param address where to listen (port 0 picks a free one)
   * @param tls the TLS context, or null for plain HTTP
   * @param context the pool, allocator and limits
   * @param authenticator the shared authenticator
   * @return the running endpoint
   * @throws IOException if the address cannot be bound
   */
  public static HttpEndpoint start(
      InetSocketAddress address, SSLContext tls, ServerContext context, Authenticator authenticator)
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
    SqlHandler sql = new SqlHandler(context, auth);
    server.createContext("/v1/sql", sql);
    server.createContext("/v1/login", new LoginHandler(auth));
    server.createContext("/v1/tables/", new RowsHandler(context, auth));
    server.createContext("/v1/health", new HealthHandler());
    AtomicInteger count = new AtomicInteger();
    int threads = context.config().httpThreads();
    int queue = context.config().httpQueue();
    AtomicLong lastWarning = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
            task -> {
              Thread thread = new Thread(task, "sluice-http-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            (task, executor) -> {
              // The JDK's server closes the connection of a request its executor refuses.
              long now = System.nanoTime();
              long last = lastWarning.get();
              if (now - last > TimeUnit.MINUTES.toNanos(1)
                  && lastWarning.compareAndSet(last, now)) {
                LOG.warn(
                    "HTTP is full ({} running, {} waiting: limits.http_threads, limits.http_queue):"
                        + " closing new connections",
                    threads,
                    queue);
              }
              throw new RejectedExecutionException("HTTP is full");
            });
    pool.allowCoreThreadTimeOut(true);
    ClientWatch watch = new ClientWatch(context.config().stalledClient());
    server.setExecutor(task -> pool.execute(watch.watch(task)));
    server.start();
    return new HttpEndpoint(server, pool, sql, watch);
  }

  /**
   * @return how many statements are running on the endpoint
   */
  public int runningStatements() {
    return sql.running();
  }

  /**
   * @return the port it listens on
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops accepting requests, lets running ones finish for up to {@code grace}, then drops the
   * connections, cancels the statements still running and waits for every request thread to end (so
   * no statement holds Arrow memory once this returns).
   *
   * @param grace how long running requests may take to finish
   */
  public void close(Duration grace) {
    sql.refuseNew();
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      while ((executor.getActiveCount() > 0 || !executor.getQueue().isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sql.cancelAll();
    // Closes the listener and every connection: a request blocked on its client fails now.
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("HTTP requests still running 10 s after they were cancelled: interrupting them");
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watch.close();
    }
  }

  /** {@link #close(Duration)} with a grace period of 5 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
