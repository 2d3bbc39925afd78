package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/** Test support for flattening: publishing a chain, sampling addresses, comparing evaluations. */
final class FlattenFixture {
  /**
   * Limits for evaluating the unflattened record: flattening lifts the lookup and void limits on
   * purpose, so the reference is the record's meaning without them.
   */
  static final CheckHost.Options UNLIMITED =
      new CheckHost.Options(
          100, 100, 10, Duration.ofSeconds(20), "unknown", java.time.Clock.systemUTC());

  /** Evaluations in flight at once: enough to be quick, few enough not to flood the server. */
  private static final int BATCH = 48;

  private FlattenFixture() {}

  static SpfRecord record(String text) {
    SpfParse p = SpfParser.parse(text);
    if (p instanceof SpfParse.Invalid bad) {
      throw new IllegalArgumentException(bad.describe());
    }
    return ((SpfParse.Parsed) p).record();
  }

  static Flattening flatten(DnsClient dns, String domain, String text) throws Exception {
    return new SpfFlattener(dns).flatten(domain, record(text)).get(30, TimeUnit.SECONDS);
  }

  static FlattenedChain chain(DnsClient dns, String domain, String text) throws Exception {
    Flattening f = flatten(dns, domain, text);
    if (!(f instanceof Flattening.Flattened ok)) {
      return fail("expected a flattened chain for " + domain + " but got " + f);
    }
    return ok.chain();
  }

  /** Publishes the chain as TXT records, each cut into strings as {@link FlattenedChain} says. */
  static void publish(TestDnsServer server, FlattenedChain chain) {
    for (FlattenedChain.Record r : chain.records()) {
      try {
        server.add(new TXTRecord(Name.fromString(r.name() + "."), DClass.IN, 3600, r.strings()));
      } catch (TextParseException e) {
        throw new IllegalArgumentException(r.name(), e);
      }
    }
  }

  /** Every record within the size limits and the strings joining back to the record. */
  static void assertWithinLimits(FlattenedChain chain) {
    for (FlattenedChain.Record r : chain.records()) {
      assertTrue(r.bytes() <= SpfFlattener.MAX_RECORD, r.name() + " is " + r.bytes() + " octets");
      for (String s : r.strings()) {
        assertTrue(s.length() <= SpfFlattener.MAX_STRING, r.name() + " string of " + s.length());
      }
      assertEquals(r.text(), String.join("", r.strings()));
      assertTrue(SpfParser.parse(r.text()) instanceof SpfParse.Parsed, r.text());
    }
    assertTrue(chain.lookups() <= SpfFlattener.MAX_LOOKUPS, "lookups " + chain.lookups());
  }

  /**
   * Addresses worth asking about for each network: its first and last address, the ones just
   * outside it, and one inside at random; then {@code extra} random addresses of each family.
   */
  static List<InetAddress> samples(Collection<IpSet.Network> networks, Random rnd, int extra) {
    Set<InetAddress> out = new LinkedHashSet<>();
    for (IpSet.Network n : networks) {
      out.add(n.address());
      out.add(n.lastAddress());
      if (n.before() != null) {
        out.add(n.before());
      }
      if (n.after() != null) {
        out.add(n.after());
      }
      int bits = n.isIp4() ? 32 : 128;
      BigInteger offset = new BigInteger(bits - n.prefix(), rnd);
      out.add(IpSet.toAddress(IpSet.toInteger(n.address()).add(offset), n.isIp4()));
    }
    for (int k = 0; k < extra; k++) {
      out.add(IpSet.toAddress(new BigInteger(32, rnd), true));
      out.add(IpSet.toAddress(new BigInteger(128, rnd), false));
    }
    return new ArrayList<>(out);
  }

  /** Every network of every result of the chain's meaning. */
  static List<IpSet.Network> networks(FlattenedChain chain) {
    List<IpSet.Network> out = new ArrayList<>();
    for (FlattenedChain.Part p : chain.parts()) {
      if (p instanceof FlattenedChain.Decided d) {
        d.results().values().forEach(s -> out.addAll(s.networks()));
      }
    }
    return out;
  }

  /**
   * Evaluates check_host() for each address at {@code domain} through both clients: the original
   * records without limits, the flattened chain with the RFC limits, and asserts the same result,
   * and that the flattened evaluation stays within 10 lookups. Returns how many addresses pass.
   */
  static int assertSameResults(
      DnsClient original,
      DnsClient flattened,
      String domain,
      String sender,
      List<InetAddress> addresses)
      throws Exception {
    CheckHost before = new CheckHost(original, UNLIMITED);
    CheckHost after = new CheckHost(flattened);
    int passes = 0;
    for (int from = 0; from < addresses.size(); from += BATCH) {
      List<CompletableFuture<String>> problems = new ArrayList<>();
      for (InetAddress ip : addresses.subList(from, Math.min(addresses.size(), from + BATCH))) {
        SpfRequest req = new SpfRequest(ip, domain, sender, domain);
        problems.add(before.check(req).thenCombine(after.check(req), (b, a) -> compare(ip, b, a)));
      }
      for (CompletableFuture<String> p : problems) {
        String problem = p.get(60, TimeUnit.SECONDS);
        if (problem == null) {
          continue;
        }
        if (problem.isEmpty()) {
          passes++;
          continue;
        }
        fail(problem);
      }
    }
    return passes;
  }

  /** Null when both agree and do not pass, "" when both pass, else what differs. */
  private static String compare(InetAddress ip, SpfOutcome b, SpfOutcome a) {
    if (b.result() != a.result()) {
      return ip.getHostAddress()
          + ": unflattened "
          + b.result().label()
          + " ("
          + b.reason()
          + "), flattened "
          + a.result().label()
          + " ("
          + a.reason()
          + ")\n"
          + a.trace().format();
    }
    // a kept include that loops ends in permerror before and after; anything else must stay
    // within what receivers allow
    if (a.lookups() > SpfFlattener.MAX_LOOKUPS && a.result() != SpfResult.PERMERROR) {
      return ip.getHostAddress() + ": flattened chain used " + a.lookups() + " lookups";
    }
    return b.result() == SpfResult.PASS ? "" : null;
  }
}
