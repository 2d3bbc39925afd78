package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpSetTest {
  private static IpSet net(String cidr) {
    int slash = cidr.indexOf('/');
    String ip = cidr.substring(0, slash);
    // Guava turns ::ffff:a.b.c.d into IPv4; an SPF ip6 term keeps it IPv6, as SpfParser does
    InetAddress a =
        ip.contains(":")
            ? IpSet.toAddress(new BigInteger(1, Ipv6Text.parse(ip)), false)
            : InetAddresses.forString(ip);
    return IpSet.of(a, Integer.parseInt(cidr.substring(slash + 1)));
  }

  private static List<String> texts(IpSet s) {
    return s.networks().stream().map(IpSet.Network::toString).toList();
  }

  @Test
  void adjacentHalvesMergeIntoTheirParent() {
    assertEquals(List.of("192.0.2.0/24"), texts(net("192.0.2.128/25").union(net("192.0.2.0/25"))));
  }

  @Test
  void adjacentButUnalignedNetworksStayTwo() {
    // 192.0.2.128/25 + 192.0.3.0/25 are adjacent but no single CIDR covers exactly both
    assertEquals(
        List.of("192.0.2.128/25", "192.0.3.0/25"),
        texts(net("192.0.3.0/25").union(net("192.0.2.128/25"))));
  }

  @Test
  void aSubnetDisappearsIntoItsNetwork() {
    assertEquals(List.of("10.0.0.0/8"), texts(net("10.1.2.0/24").union(net("10.0.0.0/8"))));
  }

  @Test
  void hostBitsAreIgnoredAsRfc7208Says() {
    assertEquals(List.of("192.0.2.0/24"), texts(net("192.0.2.77/24")));
    assertEquals(List.of("2001:db8::/32"), texts(net("2001:db8:1::5/32")));
  }

  @Test
  void minusCutsAHoleWithTheFewestNetworks() {
    // a /24 without its .0/26: .64/26 and .128/25
    assertEquals(
        List.of("192.0.2.64/26", "192.0.2.128/25"),
        texts(net("192.0.2.0/24").minus(net("192.0.2.0/26"))));
  }

  @Test
  void familiesStaySeparateAndIp4ComesFirst() {
    IpSet s = net("2001:db8::/32").union(net("198.51.100.0/24"));
    assertEquals(List.of("198.51.100.0/24", "2001:db8::/32"), texts(s));
    assertTrue(s.intersect(net("::/0")).equals(net("2001:db8::/32")));
    assertEquals(List.of("0.0.0.0/0", "::/0"), texts(IpSet.ALL));
    assertTrue(IpSet.ALL.minus(IpSet.ALL).isEmpty());
  }

  @Test
  void theIpv4MappedRangeIsIpv6Here() {
    IpSet mapped = net("::ffff:0:0/96");
    assertEquals(List.of("::ffff:0:0/96"), texts(mapped));
    assertFalse(mapped.contains(InetAddresses.forString("192.0.2.1")));
  }

  @Test
  void edgesOfTheAddressSpace() {
    IpSet.Network top = net("255.255.255.255/32").networks().get(0);
    assertNull(top.after());
    IpSet.Network bottom = net("::/128").networks().get(0);
    assertNull(bottom.before());
    assertEquals(
        InetAddresses.forString("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        net("ffff::/16").networks().get(0).lastAddress());
  }

  @Test
  void prefixOutOfRangeIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> IpSet.of(InetAddresses.forString("192.0.2.0"), 33));
  }

  /**
   * Random unions and differences inside a 1024-address window, checked address by address against
   * a bit set, and the CIDR list checked for exactness, order and minimality.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void agreesWithABitSetModel(long seed) {
    Random rnd = new Random(seed);
    BigInteger base = IpSet.toInteger(InetAddresses.forString("10.20.0.0"));
    int window = 1024;
    IpSet set = IpSet.EMPTY;
    BitSet model = new BitSet(window);
    for (int k = 0; k < 40; k++) {
      int prefix = 22 + rnd.nextInt(11);
      int size = 1 << (32 - prefix);
      int start = rnd.nextInt(window / size) * size;
      IpSet n = IpSet.of(IpSet.toAddress(base.add(BigInteger.valueOf(start)), true), prefix);
      if (rnd.nextInt(4) == 0) {
        set = set.minus(n);
        model.clear(start, start + size);
      } else if (rnd.nextInt(6) == 0) {
        set = set.intersect(n);
        BitSet only = new BitSet(window);
        only.set(start, start + size);
        model.and(only);
      } else {
        set = set.union(n);
        model.set(start, start + size);
      }
    }
    for (int i = -2; i < window + 2; i++) {
      InetAddress a = IpSet.toAddress(base.add(BigInteger.valueOf(i)), true);
      assertEquals(i >= 0 && i < window && model.get(i), set.contains(a), a.toString());
    }
    List<IpSet.Network> nets = set.networks();
    assertEquals(set, IpSet.of(nets));
    List<IpSet.Network> sorted = new ArrayList<>(nets);
    sorted.sort(null);
    assertEquals(sorted, nets);
    for (int i = 0; i + 1 < nets.size(); i++) {
      IpSet.Network a = nets.get(i);
      IpSet.Network b = nets.get(i + 1);
      // siblings of equal length would have been one network
      boolean siblings =
          a.prefix() == b.prefix()
              && a.prefix() > 0
              && IpSet.of(a.address(), a.prefix() - 1)
                  .equals(IpSet.of(b.address(), b.prefix() - 1));
      assertFalse(siblings, a + " and " + b + " should be merged");
    }
  }

  @Test
  void ipv6ArithmeticAcrossTheWholeWidth() {
    IpSet s = net("2001:db8::/127").union(net("2001:db8::2/127"));
    assertEquals(List.of("2001:db8::/126"), texts(s));
    IpSet hole = net("::/0").minus(net("8000::/1"));
    assertEquals(List.of("::/1"), texts(hole));
  }
}
