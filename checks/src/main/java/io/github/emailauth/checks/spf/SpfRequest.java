package io.github.emailauth.checks.spf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The inputs of check_host() (RFC 7208 §4.1).
 *
 * @param ip the client's address; an IPv4-mapped IPv6 address is treated as IPv4 (§5)
 * @param domain the domain whose policy is checked, initially the MAIL FROM or HELO domain
 * @param sender the MAIL FROM address, or {@code postmaster@<helo>} for a null reverse-path
 * @param helo the HELO/EHLO name, for the {@code h} macro; may be empty
 */
public record SpfRequest(InetAddress ip, String domain, String sender, String helo) {
  public SpfRequest {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(sender, "sender");
    helo = helo == null ? "" : helo;
    ip = unmapped(ip);
  }

  /**
   * The request an MTA makes for a MAIL FROM identity (§2.4): the domain after the last {@code @};
   * an empty local-part becomes {@code postmaster} (§4.3); an empty MAIL FROM means the HELO
   * identity, {@code postmaster@<helo>}.
   */
  public static SpfRequest mailFrom(InetAddress ip, String mailFrom, String helo) {
    String from = mailFrom == null ? "" : mailFrom;
    if (from.isEmpty()) {
      return new SpfRequest(ip, helo == null ? "" : helo, "postmaster@" + helo, helo);
    }
    int at = from.lastIndexOf('@');
    if (at < 0) {
      return new SpfRequest(ip, from, "postmaster@" + from, helo);
    }
    String domain = from.substring(at + 1);
    String local = from.substring(0, at);
    return new SpfRequest(
        ip, domain, (local.isEmpty() ? "postmaster" : local) + "@" + domain, helo);
  }

  /** A request for a domain alone, as {@code explain} and the lint checks make it. */
  public static SpfRequest forDomain(InetAddress ip, String domain) {
    return new SpfRequest(ip, domain, "postmaster@" + domain, domain);
  }

  private static InetAddress unmapped(InetAddress ip) {
    if (ip instanceof Inet6Address) {
      byte[] b = ip.getAddress();
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int k = 0; k < 10 && mapped; k++) {
        mapped = b[k] == 0;
      }
      if (mapped) {
        try {
          return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
          throw new AssertionError(e);
        }
      }
    }
    return ip;
  }
}
