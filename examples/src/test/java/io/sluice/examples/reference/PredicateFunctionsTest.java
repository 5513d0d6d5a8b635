package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PredicateFunctionsTest {
  @Test
  void privateRangesAndTheirEdges() {
    assertTrue(PredicateFunctions.isPrivateIp("10.0.0.0"));
    assertTrue(PredicateFunctions.isPrivateIp("10.255.255.255"));
    assertFalse(PredicateFunctions.isPrivateIp("11.0.0.0"));
    assertTrue(PredicateFunctions.isPrivateIp("172.16.0.0"));
    assertTrue(PredicateFunctions.isPrivateIp("172.31.255.255"));
    assertFalse(PredicateFunctions.isPrivateIp("172.15.255.255"));
    assertFalse(PredicateFunctions.isPrivateIp("172.32.0.0"));
    assertTrue(PredicateFunctions.isPrivateIp("192.168.0.1"));
    assertFalse(PredicateFunctions.isPrivateIp("192.167.255.255"));
    assertTrue(PredicateFunctions.isPrivateIp("127.0.0.1"));
    assertFalse(PredicateFunctions.isPrivateIp("8.8.8.8"));
    assertFalse(PredicateFunctions.isPrivateIp("0.0.0.0"));
  }

  @Test
  void onlyStrictDottedQuadsAreAddresses() {
    for (String s :
        new String[] {
          "256.0.0.1",
          "010.0.0.1",
          "10.0.0.01",
          "1.2.3",
          "1.2.3.4.5",
          " 1.2.3.4",
          "1.2.3.4 ",
          "1.2.3.1000",
          "1..2.3",
          "a.b.c.d",
          "::1",
          "",
          "１.２.３.４"
        }) {
      assertNull(PredicateFunctions.isPrivateIp(s), s);
    }
    assertNull(PredicateFunctions.isPrivateIp(null));
    assertEquals(0xC0A80101L, PredicateFunctions.parseIpv4("192.168.1.1"));
    assertEquals(0xFFFFFFFFL, PredicateFunctions.parseIpv4("255.255.255.255"));
  }

  @Test
  void boxesIncludeTheirBoundsAndMayCrossTheAntimeridian() {
    assertTrue(PredicateFunctions.inBbox(10, 20, 10, 20, 11, 21));
    assertTrue(PredicateFunctions.inBbox(11, 21, 10, 20, 11, 21));
    assertFalse(PredicateFunctions.inBbox(11.0001, 21, 10, 20, 11, 21));
    assertTrue(PredicateFunctions.inBbox(-17, 179.5, -20, 177, -15, -178));
    assertTrue(PredicateFunctions.inBbox(-17, -179, -20, 177, -15, -178));
    assertFalse(PredicateFunctions.inBbox(-17, 0, -20, 177, -15, -178));
    assertFalse(PredicateFunctions.inBbox(Double.NaN, 0, -90, -180, 90, 180));
    assertFalse(PredicateFunctions.inBbox(0, Double.NaN, -90, -180, 90, 180));
  }
}
