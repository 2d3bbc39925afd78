package io.github.emailauth.checks.mtasts;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Type;

/**
 * The addresses of a host as our {@link DnsClient} sees them (A first, then AAAA), so that the
 * policy fetch and the SMTP probe use the run's name servers or zone files, never the system
 * resolver.
 *
 * @param host the name asked
 * @param addresses its addresses, IPv4 first; empty when there are none or the lookup failed
 * @param failure the first lookup failure when no address could be found, else null
 * @param nxdomain true when the name does not exist (as opposed to existing without addresses)
 */
record HostAddresses(
    String host, List<InetAddress> addresses, DnsAnswer.Failure failure, boolean nxdomain) {
  HostAddresses {
    addresses = List.copyOf(addresses);
  }

  /** Looks up A and AAAA at once. Never completes exceptionally (the DnsClient contract). */
  static CompletableFuture<HostAddresses> lookup(DnsClient dns, String host) {
    CompletableFuture<DnsAnswer> a = dns.query(host, Type.A);
    CompletableFuture<DnsAnswer> aaaa = dns.query(host, Type.AAAA);
    return a.thenCombine(aaaa, (v4, v6) -> of(host, v4, v6));
  }

  /**
   * {@link #lookup}, waited for at most {@code deadline}.
   *
   * @throws Unresolved when the wait was interrupted or ran out; its message says which
   */
  static HostAddresses await(DnsClient dns, String host, Duration deadline) throws Unresolved {
    try {
      return lookup(dns, host).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unresolved("interrupted");
    } catch (Exception e) {
      throw new Unresolved("resolving " + host + " did not finish: " + e);
    }
  }

  /** The lookup did not finish: the host's addresses are unknown, so the check is unverifiable. */
  static final class Unresolved extends Exception {
    private static final long serialVersionUID = 1L;

    Unresolved(String message) {
      super(message);
    }
  }

  static HostAddresses of(String host, DnsAnswer v4, DnsAnswer v6) {
    List<InetAddress> out = new ArrayList<>();
    DnsAnswer.Failure failure = null;
    for (DnsAnswer answer : List.of(v4, v6)) {
      if (answer instanceof DnsAnswer.Records r) {
        for (ARecord rec : r.ofType(ARecord.class)) {
          out.add(withName(host, rec.getAddress()));
        }
        for (AAAARecord rec : r.ofType(AAAARecord.class)) {
          out.add(withName(host, rec.getAddress()));
        }
      } else if (answer instanceof DnsAnswer.Failure f && failure == null) {
        failure = f;
      }
    }
    boolean nx = v4 instanceof DnsAnswer.NxDomain || v6 instanceof DnsAnswer.NxDomain;
    return new HostAddresses(host, out, out.isEmpty() ? failure : null, nx && out.isEmpty());
  }

  private static InetAddress withName(String host, InetAddress address) {
    try {
      return InetAddress.getByAddress(host, address.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an A or AAAA record always has 4 or 16 bytes", e);
    }
  }

  /** "resolving x failed: ...", for messages; only when {@link #failure} is set. */
  String describeFailure() {
    return "resolving " + host + " failed: " + failure.describe();
  }

  /** "NXDOMAIN" or "no A or AAAA record", for messages. */
  String describeAbsence() {
    return nxdomain ? host + " does not exist (NXDOMAIN)" : host + " has no A or AAAA record";
  }
}
