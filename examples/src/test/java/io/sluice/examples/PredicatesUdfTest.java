package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.examples.reference.PredicateFunctions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs udfs/predicates.wasm on Chicory and compares it with {@link PredicateFunctions}. */
class PredicatesUdfTest {
  private final TestHost host = TestHost.example("predicates");

  @AfterEach
  void close() {
    host.close();
  }

  @Test
  void isPrivateIpMatchesTheReference() {
    List<String> ips =
        Arrays.asList(
            "10.0.0.1",
            "10.255.255.255",
            "172.16.0.0",
            "172.31.255.255",
            "172.32.0.1",
            "172.15.0.1",
            "192.168.1.1",
            "192.169.0.1",
            "127.0.0.1",
            "8.8.8.8",
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "010.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4 ",
            "1.2.3.1000",
            "::1",
            "",
            null);
    List<Object> expected = new ArrayList<>();
    for (String ip : ips) {
      expected.add(PredicateFunctions.isPrivateIp(ip));
    }
    assertEquals(expected, host.scalar("is_private_ip", "b", Column.of("u", ips)));
    assertEquals(
        Arrays.asList(true, true, true, true, false, false, true, false, true, false, false, false),
        expected.subList(0, 12));
  }

  @Test
  void inBboxMatchesTheReference() {
    Random random = new Random(4);
    for (int i = 0; i < 2000; i++) {
      double[] args = new double[6];
      for (int k = 0; k < 6; k++) {
        args[k] = (k % 2 == 0 ? 90 : 180) * (2 * random.nextDouble() - 1);
      }
      if (i % 100 == 0) {
        args[random.nextInt(6)] = Double.NaN;
      }
      long raw = host.row("in_bbox", bits(args));
      boolean expected =
          PredicateFunctions.inBbox(args[0], args[1], args[2], args[3], args[4], args[5]);
      assertEquals(expected ? 1L : 0L, raw, Arrays.toString(args));
    }
    // A box around Fiji, across the 180th meridian.
    assertEquals(1L, host.row("in_bbox", bits(-17.8, 179.9, -20, 177, -15, -178)));
    assertEquals(1L, host.row("in_bbox", bits(-17.8, -179.5, -20, 177, -15, -178)));
    assertEquals(0L, host.row("in_bbox", bits(-17.8, 0, -20, 177, -15, -178)));
  }

  private static long[] bits(double... values) {
    long[] raw = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      raw[i] = Double.doubleToRawLongBits(values[i]);
    }
    return raw;
  }
}
