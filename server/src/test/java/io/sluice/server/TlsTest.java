package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both endpoints with TLS, on a self-signed certificate made by openssl for this test: clients that
 * trust it get through, a plain-text client does not.
 */
class TlsTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path data;
  @TempDir Path keys;

  private void makeCertificate(Path cert, Path key) throws Exception {
    Process openssl;
    try {
      openssl =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "2",
                  "-subj",
                  "/CN=localhost",
                  "-addext",
                  "subjectAltName=DNS:localhost,IP:127.0.0.1",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      assumeTrue(false, "openssl is not installed (CI installs it): " + e.getMessage());
      return;
    }
    String output = new String(openssl.getInputStream().readAllBytes());
    assertTrue(openssl.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, openssl.exitValue(), output);
  }

  @Test
  void servesFlightSqlAndHttpsWithTheGivenCertificate() throws Exception {
    Path cert = keys.resolve("server.crt");
    Path key = keys.resolve("server.key");
    makeCertificate(cert, key);
    try (RunningServer running =
        RunningServer.start(
            data, true, Map.of("tls.cert", cert.toString(), "tls.key", key.toString()))) {
      // Arrow's Flight SQL client, trusting the certificate.
      try (InputStream trusted = Files.newInputStream(cert);
          FlightClient client =
              FlightClient.builder(
                      arrow.allocator(), Location.forGrpcTls("localhost", running.port()))
                  .trustedCertificates(trusted)
                  .build()) {
        CallOption token =
            client.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD).orElseThrow();
        FlightSqlClient sql = new FlightSqlClient(client);
        var info = sql.execute("SELECT 6 * 7 AS answer", token);
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), token)) {
          assertTrue(stream.next());
          assertEquals("42", stream.getRoot().getVector(0).getObject(0).toString());
        }
      }

      // A plain-text client cannot talk to it.
      try (FlightClient plain =
          FlightClient.builder(
                  arrow.allocator(), Location.forGrpcInsecure("127.0.0.1", running.port()))
              .build()) {
        FlightRuntimeException e =
            assertThrows(
                FlightRuntimeException.class,
                () -> plain.authenticateBasicToken(RunningServer.USER, RunningServer.PASSWORD));
        assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code());
      }

      // The JDBC driver, given the certificate as its root.
      String url =
          "jdbc:arrow-flight-sql://localhost:"
              + running.port()
              + "?useEncryption=true&tlsRootCerts="
              + cert
              + "&user="
              + RunningServer.USER
              + "&password="
              + RunningServer.PASSWORD;
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT 'over tls' AS how")) {
        assertTrue(rs.next());
        assertEquals("over tls", rs.getString(1));
      }

      // HTTPS, trusting the certificate.
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(cert)) {
        trust.setCertificateEntry(
            "sluice", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory managers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      managers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(context).build();
      String basic =
          Base64.getEncoder()
              .encodeToString((RunningServer.USER + ":" + RunningServer.PASSWORD).getBytes());
      HttpResponse<String> response =
          https.send(
              HttpRequest.newBuilder(
                      URI.create("https://localhost:" + running.server.httpPort() + "/v1/sql"))
                  .header("Authorization", "Basic " + basic)
                  .POST(HttpRequest.BodyPublishers.ofString("SELECT 1 AS one_row"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals("[{\"one_row\":1}\n]\n", response.body());
      assertThrows(
          java.io.IOException.class,
          () ->
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  "https://localhost:" + running.server.httpPort() + "/v1/health"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()),
          "a client that does not trust the certificate is refused");
    }
  }
}
