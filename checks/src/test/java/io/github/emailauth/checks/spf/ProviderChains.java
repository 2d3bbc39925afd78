package io.github.emailauth.checks.spf;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but reproducible SPF provider data for the flattening proofs: a declared record at {@value
 * #DOMAIN} that includes three providers whose include trees are 3 or 4 records deep (two of them
 * share a sub-tree), with random ip4 and ip6 networks, adjacent and overlapping neighbours, host
 * bits set, a and mx terms, fail/softfail/neutral exceptions, every kind of all, redirects; with
 * {@code dynamic} also a provider that cannot be flattened ({@code exists:%{i}...}).
 *
 * @param declared the declared record at {@value #DOMAIN}
 * @param providers master-file lines (absolute names) of everything else
 * @param networks every network written anywhere, to sample around
 * @param exists addresses the dynamic provider's exists term matches
 */
record ProviderChains(
    String declared, String providers, List<IpSet.Network> networks, List<InetAddress> exists) {
  static final String DOMAIN = "example.com";
  private static final String SHARED = "_spf.shared.example.net";

  /** The declared record as a master-file line at the apex. */
  String apexLine() {
    return DOMAIN + ". TXT " + quoted(declared);
  }

  static ProviderChains generate(long seed) {
    return new Generator(new Random(seed)).run(seed % 2 == 1, seed % 4 == 0);
  }

  /** A TXT value as master-file strings of at most 255 characters. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i += 255) {
      out.append(i == 0 ? "" : " ")
          .append('"')
          .append(text, i, Math.min(text.length(), i + 255))
          .append('"');
    }
    return out.toString();
  }

  private static final class Generator {
    private final Random rnd;
    private final StringBuilder zone = new StringBuilder();
    private final List<IpSet.Network> networks = new ArrayList<>();
    private final List<InetAddress> exists = new ArrayList<>();
    private int serial;

    Generator(Random rnd) {
      this.rnd = rnd;
    }

    ProviderChains run(boolean dynamic, boolean redirect) {
      record(SHARED, 2, 3, 9);
      List<String> terms = new ArrayList<>();
      for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
        terms.add(term(net(0), false));
      }
      if (rnd.nextBoolean()) {
        IpSet.Network host = ip4(0, 32);
        zone.append(DOMAIN).append(". A ").append(host.address().getHostAddress()).append('\n');
        networks.add(host);
        terms.add("a");
      }
      int providers = redirect ? 2 : 3;
      for (int p = 1; p <= providers; p++) {
        String root = "_spf.p" + p + ".example.net";
        record(root, 1, 3 + rnd.nextInt(2), p);
        terms.add("include:" + root);
      }
      if (dynamic) {
        String dyn = "_spf.dyn.example.net";
        zone.append(dyn)
            .append(". TXT \"v=spf1 ip4:203.0.113.0/28 exists:%{i}._ip.dyn.example.net ~all\"\n");
        networks.add(new IpSet.Network(InetAddresses.forString("203.0.113.0"), 28));
        for (String ip : List.of("203.0.113.200", "198.18.0.5")) {
          zone.append(ip).append("._ip.dyn.example.net. A 127.0.0.2\n");
          exists.add(InetAddresses.forString(ip));
        }
        terms.add(rnd.nextInt(terms.size() + 1), "include:" + dyn);
      }
      if (rnd.nextInt(3) == 0) {
        // an exception in front of everything: these addresses fail whatever the providers say
        IpSet.Network some = networks.get(rnd.nextInt(networks.size()));
        terms.add(0, "-" + term(subnet(some), false));
      }
      String end;
      if (redirect) {
        String root = "_spf.p3.example.net";
        record(root, 1, 3, 3);
        end = "redirect=" + root;
      } else {
        end = rnd.nextBoolean() ? "-all" : "~all";
      }
      String declared = "v=spf1 " + String.join(" ", terms) + " " + end;
      return new ProviderChains(declared, zone.toString(), networks, exists);
    }

    /** Writes the record {@code name} and, below {@code depth}, its children. */
    private void record(String name, int level, int depth, int provider) {
      List<String> front = new ArrayList<>();
      List<String> terms = new ArrayList<>();
      int count = 1 + rnd.nextInt(3);
      for (int k = 0; k < count; k++) {
        IpSet.Network n = net(provider);
        terms.add(term(n, rnd.nextInt(10) == 0));
        if (rnd.nextInt(10) < 3 && n.prefix() > 0) {
          terms.add(term(sibling(n), false));
        }
        if (rnd.nextInt(10) < 2) {
          terms.add(term(subnet(n), false));
        }
        if (rnd.nextInt(10) == 0) {
          front.add(
              (rnd.nextBoolean() ? "-" : rnd.nextBoolean() ? "~" : "?") + term(subnet(n), false));
        }
      }
      if (rnd.nextInt(5) == 0) {
        terms.add(aTerm(provider));
      }
      if (rnd.nextInt(6) == 0) {
        terms.add(mxTerm(provider));
      }
      if (level < depth) {
        int children = level == 1 ? 2 : 1 + (rnd.nextInt(3) == 0 ? 1 : 0);
        for (int c = 0; c < children; c++) {
          String child = "_l" + (level + 1) + "-" + (++serial) + "." + tail(name);
          record(child, level + 1, depth, provider);
          terms.add("include:" + child);
        }
      }
      if ((provider == 1 && level == 2) || (provider == 2 && level == 3)) {
        terms.add("include:" + SHARED);
      }
      java.util.Collections.shuffle(terms, rnd);
      List<String> all = new ArrayList<>(front);
      all.addAll(terms);
      int e = rnd.nextInt(10);
      String end;
      if (e < 3) {
        end = "-all";
      } else if (e < 6) {
        end = "~all";
      } else if (e == 6) {
        end = "?all";
      } else if (e == 7 || level < depth) {
        end = "";
      } else {
        // a leaf hands over to another leaf
        String target = "_r" + (++serial) + "." + tail(name);
        zone.append(target)
            .append(". TXT \"v=spf1 ")
            .append(term(net(provider), false))
            .append(rnd.nextBoolean() ? " -all" : " ~all")
            .append("\"\n");
        end = "redirect=" + target;
      }
      if (!end.isEmpty()) {
        all.add(end);
      }
      zone.append(name)
          .append(". TXT ")
          .append(quoted("v=spf1 " + String.join(" ", all)))
          .append('\n');
    }

    private static String tail(String name) {
      int first = name.indexOf('.');
      return name.substring(first + 1);
    }

    private String aTerm(int provider) {
      String host = "h" + (++serial) + ".p" + provider + ".example.net";
      int p4 = 24 + rnd.nextInt(9);
      int p6 = 48 + rnd.nextInt(81);
      for (int k = 0; k < 1 + rnd.nextInt(2); k++) {
        IpSet.Network four = ip4(provider, 32);
        zone.append(host).append(". A ").append(four.address().getHostAddress()).append('\n');
        networks.add(network(four.address(), p4));
      }
      if (rnd.nextBoolean()) {
        IpSet.Network six = ip6(provider, 128);
        zone.append(host)
            .append(". AAAA ")
            .append(InetAddresses.toAddrString(six.address()))
            .append('\n');
        networks.add(network(six.address(), p6));
      }
      return "a:" + host + (p4 == 32 ? "" : "/" + p4) + (p6 == 128 ? "" : "//" + p6);
    }

    private String mxTerm(int provider) {
      String domain = "m" + (++serial) + ".p" + provider + ".example.net";
      for (int k = 0; k < 1 + rnd.nextInt(2); k++) {
        String host = "mx" + k + "." + domain;
        zone.append(domain)
            .append(". MX ")
            .append(10 * (k + 1))
            .append(' ')
            .append(host)
            .append(".\n");
        IpSet.Network four = ip4(provider, 32);
        zone.append(host).append(". A ").append(four.address().getHostAddress()).append('\n');
        networks.add(four);
      }
      return "mx:" + domain;
    }

    private IpSet.Network net(int provider) {
      if (rnd.nextInt(10) == 0) {
        // a range several providers use, so that providers overlap
        IpSet.Network n =
            network(InetAddresses.forString("198.51.100." + rnd.nextInt(256)), 24 + rnd.nextInt(9));
        networks.add(n);
        return n;
      }
      IpSet.Network n =
          rnd.nextInt(10) < 7
              ? ip4(provider, 20 + rnd.nextInt(13))
              : ip6(provider, 40 + rnd.nextInt(89));
      networks.add(n);
      return n;
    }

    private IpSet.Network ip4(int provider, int prefix) {
      byte[] b = {
        10,
        (byte) (provider * 16 + rnd.nextInt(4)),
        (byte) rnd.nextInt(256),
        (byte) rnd.nextInt(256)
      };
      try {
        return network(InetAddress.getByAddress(b), prefix);
      } catch (java.net.UnknownHostException e) {
        throw new AssertionError(e);
      }
    }

    private IpSet.Network ip6(int provider, int prefix) {
      BigInteger base =
          new BigInteger("20010db8", 16)
              .shiftLeft(96)
              .add(BigInteger.valueOf(provider).shiftLeft(80));
      BigInteger low = new BigInteger(80, rnd);
      return network(IpSet.toAddress(base.add(low), false), prefix);
    }

    private static IpSet.Network network(InetAddress address, int prefix) {
      return IpSet.of(address, prefix).networks().get(0);
    }

    /** The network next to {@code n} within their common parent: merges with it. */
    private IpSet.Network sibling(IpSet.Network n) {
      int bits = n.isIp4() ? 32 : 128;
      BigInteger flipped = IpSet.toInteger(n.address()).flipBit(bits - n.prefix());
      IpSet.Network s = new IpSet.Network(IpSet.toAddress(flipped, n.isIp4()), n.prefix());
      networks.add(s);
      return s;
    }

    /** A random network inside {@code n}. */
    private IpSet.Network subnet(IpSet.Network n) {
      int bits = n.isIp4() ? 32 : 128;
      int q = Math.min(bits, n.prefix() + 1 + rnd.nextInt(4));
      BigInteger offset = new BigInteger(q - n.prefix(), rnd).shiftLeft(bits - q);
      IpSet.Network s =
          new IpSet.Network(
              IpSet.toAddress(IpSet.toInteger(n.address()).add(offset), n.isIp4()), q);
      networks.add(s);
      return s;
    }

    /** The term for {@code n}; with {@code hostBits}, host bits set as RFC 7208 allows. */
    private String term(IpSet.Network n, boolean hostBits) {
      int bits = n.isIp4() ? 32 : 128;
      InetAddress a = n.address();
      if (hostBits && n.prefix() < bits) {
        BigInteger host = new BigInteger(bits - n.prefix(), rnd);
        a = IpSet.toAddress(IpSet.toInteger(a).add(host), n.isIp4());
      }
      String text = n.isIp4() ? a.getHostAddress() : InetAddresses.toAddrString(a);
      return (n.isIp4() ? "ip4:" : "ip6:") + text + "/" + n.prefix();
    }
  }
}
