package io.github.emailauth.checks.spf;

import com.google.common.net.InetAddresses;
import io.github.emailauth.checks.dns.DnsClient;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * "Why does this IP fail SPF?": check_host() for one address, rendered as the result and the whole
 * evaluation trace (each term, each DNS question and its answer, the running lookup and void
 * counts). The {@code explain} goal prints these lines.
 */
public final class SpfExplain {
  private SpfExplain() {}

  /**
   * The request for {@code domain} and {@code ip} as a receiver would make it. {@code sender} is
   * the MAIL FROM ({@code local@domain}; a bare domain or an empty local-part means {@code
   * postmaster}), {@code postmaster@<domain>} when blank; {@code helo} is {@code domain} when
   * blank.
   *
   * @throws IllegalArgumentException when the address is not an IPv4 or IPv6 literal, or the domain
   *     is blank
   */
  public static SpfRequest request(String domain, String ip, String sender, String helo) {
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException("the domain to explain is empty");
    }
    String d = domain.strip();
    if (ip == null || !InetAddresses.isInetAddress(ip.strip())) {
      throw new IllegalArgumentException(
          "'" + ip + "' is not an IPv4 or IPv6 address (such as 192.0.2.1 or 2001:db8::1)");
    }
    InetAddress address = InetAddresses.forString(ip.strip());
    String h = helo == null || helo.isBlank() ? d : helo.strip();
    String s;
    if (sender == null || sender.isBlank()) {
      s = "postmaster@" + d;
    } else {
      String t = sender.strip();
      int at = t.lastIndexOf('@');
      s = at < 0 ? "postmaster@" + t : at == 0 ? "postmaster" + t : t;
    }
    return new SpfRequest(address, d, s, h);
  }

  /** Runs check_host() and renders it; never completes exceptionally for a DNS problem. */
  public static CompletableFuture<List<String>> explain(DnsClient dns, SpfRequest request) {
    return new CheckHost(dns).check(request).thenApply(out -> lines(request, out));
  }

  /** The result, why, the deciding path, the counts, then the trace. */
  public static List<String> lines(SpfRequest request, SpfOutcome out) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "SPF check_host(%s, %s, %s) with HELO %s",
            InetAddresses.toAddrString(request.ip()),
            request.domain(),
            request.sender(),
            request.helo().isEmpty() ? "(none)" : request.helo()));
    lines.add("result: " + out.result().label() + " (" + meaning(out.result()) + ")");
    lines.add("  why: " + out.reason());
    lines.add("  path: " + out.pathText());
    lines.add(
        "  lookups: "
            + out.lookups()
            + " of 10 DNS-querying terms, "
            + out.voidLookups()
            + " of 2 void lookups (RFC 7208 §4.6.4)");
    if (out.explanation() != null) {
      lines.add("  explanation: " + out.explanation());
    }
    lines.add("trace:");
    for (String l : out.trace().lines()) {
      lines.add("  " + l);
    }
    return lines;
  }

  /** What a receiver makes of the result (RFC 7208 §2.6, §8). */
  private static String meaning(SpfResult r) {
    return switch (r) {
      case PASS -> "the address is authorised to send for the domain";
      case FAIL -> "the address is explicitly not authorised; receivers may reject";
      case SOFTFAIL -> "the address is probably not authorised; receivers mark, rarely reject";
      case NEUTRAL -> "the domain makes no assertion about the address";
      case NONE -> "no SPF record, or the domain name is not usable";
      case TEMPERROR -> "a transient DNS error; receivers may defer the message";
      case PERMERROR -> "the record cannot be interpreted; receivers treat it as broken";
    };
  }
}
