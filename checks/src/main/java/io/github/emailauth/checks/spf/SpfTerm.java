package io.github.emailauth.checks.spf;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Objects;

/**
 * One term of an SPF record (RFC 7208 §4.6.1): a directive (qualifier + mechanism) or a modifier.
 * {@link #toString()} gives the canonical text: lower-case names, no {@code +} qualifier, no
 * default CIDR lengths.
 */
public sealed interface SpfTerm {
  int DEFAULT_IP4_PREFIX = 32;
  int DEFAULT_IP6_PREFIX = 128;

  /** A directive: a qualifier and a mechanism (§5). */
  sealed interface Mechanism extends SpfTerm permits All, Include, A, Mx, Ptr, Ip4, Ip6, Exists {
    Qualifier qualifier();

    /** "all", "include", "a", ...: the mechanism's name in lower case. */
    String name();

    /** True for the terms that count toward the limit of 10 DNS lookups (§4.6.4). */
    default boolean countsLookup() {
      return !(this instanceof All || this instanceof Ip4 || this instanceof Ip6);
    }
  }

  /** A modifier (§6): {@code redirect=}, {@code exp=} or an unknown one. */
  sealed interface Modifier extends SpfTerm permits Redirect, Explanation, UnknownModifier {
    String name();
  }

  /** {@code all}: always matches (§5.1). */
  record All(Qualifier qualifier) implements Mechanism {
    public All {
      Objects.requireNonNull(qualifier, "qualifier");
    }

    @Override
    public String name() {
      return "all";
    }

    @Override
    public String toString() {
      return qualifier.prefix() + "all";
    }
  }

  /** {@code include:<domain-spec>} (§5.2). */
  record Include(Qualifier qualifier, MacroString domain) implements Mechanism {
    public Include {
      Objects.requireNonNull(qualifier, "qualifier");
      Objects.requireNonNull(domain, "domain");
    }

    @Override
    public String name() {
      return "include";
    }

    @Override
    public String toString() {
      return qualifier.prefix() + "include:" + domain;
    }
  }

  /**
   * {@code a[:<domain-spec>][/ip4-cidr][//ip6-cidr]} (§5.3); {@code domain} null means {@code
   * %{d}}.
   */
  record A(Qualifier qualifier, MacroString domain, int ip4Prefix, int ip6Prefix)
      implements Mechanism {
    public A {
      Objects.requireNonNull(qualifier, "qualifier");
      checkPrefixes(ip4Prefix, ip6Prefix);
    }

    @Override
    public String name() {
      return "a";
    }

    @Override
    public String toString() {
      return qualifier.prefix() + "a" + target(domain) + dualCidr(ip4Prefix, ip6Prefix);
    }
  }

  /**
   * {@code mx[:<domain-spec>][/ip4-cidr][//ip6-cidr]} (§5.4); {@code domain} null means {@code
   * %{d}}.
   */
  record Mx(Qualifier qualifier, MacroString domain, int ip4Prefix, int ip6Prefix)
      implements Mechanism {
    public Mx {
      Objects.requireNonNull(qualifier, "qualifier");
      checkPrefixes(ip4Prefix, ip6Prefix);
    }

    @Override
    public String name() {
      return "mx";
    }

    @Override
    public String toString() {
      return qualifier.prefix() + "mx" + target(domain) + dualCidr(ip4Prefix, ip6Prefix);
    }
  }

  /** {@code ptr[:<domain-spec>]} (§5.5, "do not use"); {@code domain} null means {@code %{d}}. */
  record Ptr(Qualifier qualifier, MacroString domain) implements Mechanism {
    public Ptr {
      Objects.requireNonNull(qualifier, "qualifier");
    }

    @Override
    public String name() {
      return "ptr";
    }

    @Override
    public String toString() {
      return qualifier.prefix() + "ptr" + target(domain);
    }
  }

  /** {@code ip4:<network>[/<prefix>]} (§5.6). Host bits are kept as written. */
  record Ip4(Qualifier qualifier, Inet4Address address, int prefix) implements Mechanism {
    public Ip4 {
      Objects.requireNonNull(qualifier, "qualifier");
      Objects.requireNonNull(address, "address");
      if (prefix < 0 || prefix > 32) {
        throw new IllegalArgumentException("ip4 prefix out of range: " + prefix);
      }
    }

    @Override
    public String name() {
      return "ip4";
    }

    @Override
    public String toString() {
      return qualifier.prefix()
          + "ip4:"
          + address.getHostAddress()
          + (prefix == DEFAULT_IP4_PREFIX ? "" : "/" + prefix);
    }
  }

  /** {@code ip6:<network>[/<prefix>]} (§5.6). Host bits are kept as written. */
  record Ip6(Qualifier qualifier, Inet6Address address, int prefix) implements Mechanism {
    public Ip6 {
      Objects.requireNonNull(qualifier, "qualifier");
      Objects.requireNonNull(address, "address");
      if (prefix < 0 || prefix > 128) {
        throw new IllegalArgumentException("ip6 prefix out of range: " + prefix);
      }
    }

    @Override
    public String name() {
      return "ip6";
    }

    @Override
    public String toString() {
      return qualifier.prefix()
          + "ip6:"
          + InetAddresses.toAddrString(address)
          + (prefix == DEFAULT_IP6_PREFIX ? "" : "/" + prefix);
    }
  }

  /** {@code exists:<domain-spec>} (§5.7). */
  record Exists(Qualifier qualifier, MacroString domain) implements Mechanism {
    public Exists {
      Objects.requireNonNull(qualifier, "qualifier");
      Objects.requireNonNull(domain, "domain");
    }

    @Override
    public String name() {
      return "exists";
    }

    @Override
    public String toString() {
      return qualifier.prefix() + "exists:" + domain;
    }
  }

  /** {@code redirect=<domain-spec>} (§6.1). */
  record Redirect(MacroString domain) implements Modifier {
    public Redirect {
      Objects.requireNonNull(domain, "domain");
    }

    @Override
    public String name() {
      return "redirect";
    }

    @Override
    public String toString() {
      return "redirect=" + domain;
    }
  }

  /** {@code exp=<domain-spec>} (§6.2). */
  record Explanation(MacroString domain) implements Modifier {
    public Explanation {
      Objects.requireNonNull(domain, "domain");
    }

    @Override
    public String name() {
      return "exp";
    }

    @Override
    public String toString() {
      return "exp=" + domain;
    }
  }

  /** Any other {@code name=value}: syntax-checked, then ignored (§6). {@code name} as written. */
  record UnknownModifier(String name, MacroString value) implements Modifier {
    public UnknownModifier {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  private static void checkPrefixes(int ip4Prefix, int ip6Prefix) {
    if (ip4Prefix < 0 || ip4Prefix > 32 || ip6Prefix < 0 || ip6Prefix > 128) {
      throw new IllegalArgumentException("prefix out of range: /" + ip4Prefix + "//" + ip6Prefix);
    }
  }

  private static String target(MacroString domain) {
    return domain == null ? "" : ":" + domain;
  }

  private static String dualCidr(int ip4Prefix, int ip6Prefix) {
    return (ip4Prefix == DEFAULT_IP4_PREFIX ? "" : "/" + ip4Prefix)
        + (ip6Prefix == DEFAULT_IP6_PREFIX ? "" : "//" + ip6Prefix);
  }
}
