package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * SPF conformance cases: hand-written edge cases, then random records over a small universe of
 * names, with the zone data that makes their mechanisms match, miss, fail or find nothing.
 *
 * <p>A case is {@code {"id", "group", "title", "tags", "ip", "sender", "helo", "zone", "faults"}};
 * both implementations run check_host() for the MAIL FROM identity {@code sender} (the HELO
 * identity when it is empty) with receiver name {@value #RECEIVER}.
 */
final class SpfCases {
  static final String RECEIVER = "receiver.example";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Names that may carry SPF records of their own (include and redirect targets). */
  private static final String[] SPF_NAMES = {
    "_spf.example.com",
    "spf1.example.net",
    "spf2.example.net",
    "spf3.example.org",
    "redir.example.org",
    "sub.example.com"
  };

  /** Host names for a, mx and ptr. */
  private static final String[] HOSTS = {
    "mail.example.com",
    "mx1.example.com",
    "mx2.example.net",
    "host.example.org",
    "v6.example.com",
    "dual.example.net",
    "gone.example.com"
  };

  /** exists: and other domain-specs with macros; data is added for some expansions. */
  private static final String[] MACRO_SPECS = {
    "%{i}.list.example.org",
    "%{ir}.%{v}.rbl.example.org",
    "%{l}.users.example.com",
    "%{o}",
    "%{d}",
    "%{d2}",
    "%{h}.helo.example.org",
    "%{ir}.%{v}._spf.%{d}",
    "%{l1r-}.local.example.com",
    "%{p}.ptr.example.com",
    "%{L}.users.example.com",
    "%{s}.senders.example.com",
    "%{d}.",
    "%{i2r}.x.example.org",
    "_%{l}.%%.example.com",
    "%{dr}.rev.example.org",
    "%{o1}.one.example.org",
    "%-%_.odd.example.org"
  };

  /** Terms with syntax errors or typos. */
  private static final String[] MALFORMED = {
    "ip4:192.0.2",
    "ip4:192.0.2.1/33",
    "ip4:192.0.2.1/032",
    "ip4:192.0.2.256",
    "ip4:",
    "ip4:192.0.2.0/24//64",
    "ip6:2001:db8::/129",
    "ip6:2001:db8::/64//64",
    "ip6:192.0.2.1",
    "a:1.2.3.4",
    "a:",
    "a/33",
    "a:mail.example.com/",
    "a:com",
    "a//129",
    "mx:",
    "mx/-1",
    "include:",
    "include=spf1.example.net",
    "include:spf1.example.net/24",
    "exists",
    "exists:",
    "ptr/24",
    "all/24",
    "-all:foo",
    "ipv4:192.0.2.1",
    "allow",
    "+-all",
    "1foo=bar",
    "=bar",
    "foo=",
    "redirect=",
    "exp=",
    "%{x}.example.com",
    "exists:%{d0}.example.com",
    "exists:%{x}.example.com",
    "exists:%.example.com",
    "exists:%{d.example.com",
    "exists:%(d).example.com",
    "a:%{c}.example.com",
    "a:%{r}.example.com",
    "a:%{t}.example.com",
    "a:ex\u00e4mple.com",
    "include:-bad.example.com",
    "a:foo..example.com",
    "a:" + "x".repeat(64) + ".example.com",
    "mx:example.com:25",
    "ip4:0192.0.2.1",
    "ip4:192.0.2.1/",
    "a:mail.example.com//",
    "ip6:::ffff:192.0.2.10",
    "ip6:::ffff:192.0.2.0/120"
  };

  private static final String[] V4 = {"192.0.2.10", "192.0.2.200", "198.51.100.7"};
  private static final String[] V6 = {"2001:db8::10", "2001:db8:1::7"};

  private final Random rnd;
  private final List<ObjectNode> out = new ArrayList<>();

  private SpfCases(long seed) {
    this.rnd = new Random(seed);
  }

  static List<ObjectNode> generate(long seed, int random) {
    SpfCases g = new SpfCases(seed);
    g.edgeCases();
    for (int i = 0; i < random; i++) {
      g.random(String.format(Locale.ROOT, "spf-r%05d", i));
    }
    return g.out;
  }

  // ---- hand-written cases -------------------------------------------------------------------

  private void edge(String id, String title, String ip, String sender, String zone) {
    edge(id, title, ip, sender, "mail.example.com", zone);
  }

  private void edge(String id, String title, String ip, String sender, String helo, String zone) {
    ObjectNode c = JSON.objectNode();
    c.put("id", "spf-e-" + id);
    c.put("group", "edge");
    c.put("title", title);
    c.putArray("tags").add("edge");
    c.put("ip", ip);
    c.put("sender", sender);
    c.put("helo", helo);
    new Zone().lines(zone).writeTo(c);
    out.add(c);
  }

  private void edgeCases() {
    String u = "user@example.com";
    String ip = "192.0.2.10";
    edge(
        "split-strings",
        "strings joined without a space",
        ip,
        u,
        "example.com TXT \"v=spf1\" \"mx\"");
    edge("spf10", "v=spf10 is not SPF", ip, u, "example.com TXT \"v=spf10 +all\"");
    edge("upper-version", "V=SPF1 counts", ip, u, "example.com TXT \"V=SPF1 +all\"");
    edge("leading-space", "a leading space", ip, u, "example.com TXT \" v=spf1 +all\"");
    edge(
        "two-records",
        "two SPF records",
        ip,
        u,
        "example.com TXT \"v=spf1 +all\"\nexample.com TXT \"v=spf1  +all\"");
    edge("tab", "TAB between terms", ip, u, "example.com TXT \"v=spf1\t+all\"");
    edge("tab-after", "TAB after the last term", ip, u, "example.com TXT \"v=spf1 +all\t\"");
    edge("trailing-space", "trailing spaces", ip, u, "example.com TXT \"v=spf1 +all  \"");
    edge("bare", "v=spf1 alone", ip, u, "example.com TXT \"v=spf1\"");
    edge(
        "all-then-redirect",
        "-all with redirect",
        ip,
        u,
        "example.com TXT \"v=spf1 -all redirect=spf1.example.net\"\n"
            + "spf1.example.net TXT \"v=spf1 +all\"");
    edge(
        "redirect-none",
        "redirect to a name without SPF",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=spf1.example.net\"\nspf1.example.net TXT \"hello\"");
    edge(
        "include-none",
        "include of a name without SPF",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net -all\"");
    edge(
        "syntax-after-match",
        "a syntax error after a matching term",
        ip,
        u,
        "example.com TXT \"v=spf1 ip4:192.0.2.10 ip4:192.0.2\"");
    edge(
        "bad-cidr-after-match",
        "/33 after a matching all",
        ip,
        u,
        "example.com TXT \"v=spf1 +all a/33\"");
    edge(
        "macro-after-match",
        "a bad macro after a match",
        ip,
        u,
        "example.com TXT \"v=spf1 +all exists:%{x}.example.com\"");
    edge(
        "zero-prefix",
        "ip4 prefix with a leading zero",
        ip,
        u,
        "example.com TXT \"v=spf1 ip4:192.0.2.10/032\"");
    edge("numeric-top", "a:1.2.3.4", ip, u, "example.com TXT \"v=spf1 a:1.2.3.4 +all\"");
    edge(
        "dot-top",
        "a:mail.example.com. with a trailing dot",
        ip,
        u,
        "example.com TXT \"v=spf1 a:mail.example.com. -all\"\nmail.example.com A 192.0.2.10");
    edge(
        "a-com",
        "a:com (a top-level domain alone)",
        ip,
        u,
        "example.com TXT \"v=spf1 a:com +all\"");
    edge("empty-a", "a: with nothing after", ip, u, "example.com TXT \"v=spf1 a: +all\"");
    edge(
        "xn-top",
        "a:foo.xn--zckzah",
        ip,
        u,
        "example.com TXT \"v=spf1 a:foo.xn--zckzah -all\"\nfoo.xn--zckzah A 192.0.2.10");
    edge(
        "d-in-include",
        "%{d} inside an include is the included domain",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net -all\"\n"
            + "spf1.example.net TXT \"v=spf1 exists:%{d}.check.example.org -all\"\n"
            + "spf1.example.net.check.example.org A 127.0.0.2");
    edge(
        "d-in-redirect",
        "%{d} after a redirect is the target domain",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=spf1.example.net\"\n"
            + "spf1.example.net TXT \"v=spf1 a:%{d} -all\"\n"
            + "spf1.example.net A 192.0.2.10");
    edge(
        "default-a-in-include",
        "bare a inside an include uses the included domain",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net -all\"\n"
            + "spf1.example.net TXT \"v=spf1 a -all\"\n"
            + "spf1.example.net A 192.0.2.10");
    edge(
        "ptr-in-include",
        "bare ptr inside an include matches against the included domain",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net -all\"\n"
            + "spf1.example.net TXT \"v=spf1 ptr -all\"\n"
            + "10.2.0.192.in-addr.arpa PTR host.spf1.example.net\n"
            + "host.spf1.example.net A 192.0.2.10");
    edge(
        "p-macro",
        "%{p} is the validated name",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:%{p}.allow.example.org -all\"\n"
            + "10.2.0.192.in-addr.arpa PTR host.example.com\n"
            + "host.example.com A 192.0.2.10\n"
            + "host.example.com.allow.example.org A 127.0.0.2");
    edge(
        "p-macro-unknown",
        "%{p} is unknown without a validated name",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:%{p}.allow.example.org -all\"\n"
            + "unknown.allow.example.org A 127.0.0.2");
    edge(
        "upper-macro",
        "%{L} is URL-escaped",
        ip,
        "a/b@example.com",
        "example.com TXT \"v=spf1 exists:%{L}.users.example.com -all\"\n"
            + "a%2fb.users.example.com A 127.0.0.2");
    edge(
        "upper-macro-plain",
        "%{L} of a plain local-part",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:%{L}.users.example.com -all\"\n"
            + "user.users.example.com A 127.0.0.2");
    edge(
        "l1r-",
        "%{l1r-} of strong-bad",
        ip,
        "strong-bad@example.com",
        "example.com TXT \"v=spf1 exists:%{l1r-}.local.example.com -all\"\n"
            + "strong.local.example.com A 127.0.0.2");
    edge(
        "ir-v6",
        "%{ir} of an IPv6 client",
        "2001:db8::1",
        u,
        "example.com TXT \"v=spf1 exists:%{ir}.%{v}.list.example.com -all\"\n"
            + "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.list.example.com"
            + " A 127.0.0.2");
    edge(
        "exists-v6-asks-a",
        "exists asks A for an IPv6 client",
        "2001:db8::1",
        u,
        "example.com TXT \"v=spf1 exists:list.example.com -all\"\nlist.example.com A 127.0.0.2");
    edge(
        "exists-v6-aaaa-only",
        "exists with only AAAA data",
        "2001:db8::1",
        u,
        "example.com TXT \"v=spf1 exists:list.example.com -all\"\n"
            + "list.example.com AAAA 2001:db8::2");
    edge(
        "d0",
        "%{d0} is a syntax error",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:%{d0}.example.org +all\"");
    edge(
        "long-expansion",
        "an expansion over 253 characters is shortened from the left",
        ip,
        "a23456789012345678901234567890123456789012345678901234567890123@example.com",
        "example.com TXT \"v=spf1 exists:%{l}.%{l}.%{l}.%{l}.x.example.com -all\"\n"
            + "a23456789012345678901234567890123456789012345678901234567890123"
            + ".a23456789012345678901234567890123456789012345678901234567890123"
            + ".a23456789012345678901234567890123456789012345678901234567890123.x.example.com"
            + " A 127.0.0.2");
    edge(
        "void-3",
        "three void lookups",
        ip,
        u,
        "example.com TXT \"v=spf1 a:n1.example.com a:n2.example.com a:n3.example.com +all\"");
    edge(
        "void-2",
        "two void lookups",
        ip,
        u,
        "example.com TXT \"v=spf1 a:n1.example.com a:n2.example.com +all\"");
    edge(
        "void-aaaa-only",
        "an IPv4 client, a: of a host with only AAAA (void for A)",
        ip,
        u,
        "example.com TXT \"v=spf1 a:v6.example.com a:n1.example.com a:n2.example.com +all\"\n"
            + "v6.example.com AAAA 2001:db8::5");
    edge(
        "mx-11",
        "an mx with 11 MX records",
        ip,
        u,
        "example.com TXT \"v=spf1 mx -all\"\n" + mxLines("example.com", 11));
    edge(
        "mx-10",
        "an mx with 10 MX records",
        ip,
        u,
        "example.com TXT \"v=spf1 mx -all\"\n" + mxLines("example.com", 10));
    edge(
        "mx-void-a",
        "mx whose hosts have no address, then more voids",
        ip,
        u,
        "example.com TXT \"v=spf1 mx a:n1.example.com +all\"\n"
            + "example.com MX 10 x1.example.com\n"
            + "example.com MX 20 x2.example.com\n"
            + "example.com MX 30 x3.example.com");
    edge(
        "mx-no-implicit",
        "mx does not fall back to A",
        ip,
        u,
        "example.com TXT \"v=spf1 mx -all\"\nexample.com A 192.0.2.10");
    edge(
        "ptr-11",
        "ptr with 11 names, the match is the 11th",
        ip,
        u,
        "example.com TXT \"v=spf1 ptr -all\"\n" + ptrLines(11));
    edge(
        "ptr-servfail",
        "ptr when the PTR lookup fails",
        ip,
        u,
        "example.com TXT \"v=spf1 ptr ~all\"\n10.2.0.192.in-addr.arpa SERVFAIL PTR");
    edge(
        "limit-10",
        "exactly ten lookups",
        ip,
        u,
        "example.com TXT \"v=spf1 " + lookups(10, false) + " +all\"\n" + hostLines(10));
    edge(
        "limit-11",
        "eleven lookups",
        ip,
        u,
        "example.com TXT \"v=spf1 " + lookups(11, false) + " +all\"\n" + hostLines(11));
    edge(
        "limit-11-matched-early",
        "eleven lookup terms, the first matches",
        ip,
        u,
        "example.com TXT \"v=spf1 " + lookups(11, true) + " -all\"\n" + hostLines(11));
    edge(
        "include-loop",
        "include of itself",
        ip,
        u,
        "example.com TXT \"v=spf1 include:example.com -all\"");
    edge(
        "redirect-loop",
        "redirect to itself",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=example.com\"");
    edge(
        "two-redirects",
        "redirect twice",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=spf1.example.net redirect=spf2.example.net\"\n"
            + "spf1.example.net TXT \"v=spf1 +all\"\nspf2.example.net TXT \"v=spf1 +all\"");
    edge(
        "two-exp",
        "exp twice",
        ip,
        u,
        "example.com TXT \"v=spf1 exp=e1.example.com exp=e2.example.com -all\"");
    edge(
        "unknown-mod",
        "an unknown modifier is ignored",
        ip,
        u,
        "example.com TXT \"v=spf1 foo=bar +all\"");
    edge(
        "unknown-mod-empty",
        "an unknown modifier with an empty value",
        ip,
        u,
        "example.com TXT \"v=spf1 foo= +all\"");
    edge(
        "unknown-mod-digit",
        "a modifier name starting with a digit",
        ip,
        u,
        "example.com TXT \"v=spf1 1foo=bar +all\"");
    edge(
        "unknown-mod-macro",
        "an unknown modifier with a bad macro",
        ip,
        u,
        "example.com TXT \"v=spf1 foo=%{x} +all\"");
    edge(
        "unknown-mod-c",
        "an unknown modifier using %{c}",
        ip,
        u,
        "example.com TXT \"v=spf1 foo=%{c} +all\"");
    edge(
        "exp-c-domain",
        "exp= domain-spec using %{c}",
        ip,
        u,
        "example.com TXT \"v=spf1 exp=%{c}.example.com -all\"");
    edge("servfail-top", "SERVFAIL on the top TXT", ip, u, "example.com SERVFAIL TXT");
    edge(
        "servfail-include",
        "SERVFAIL on an include target",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net -all\"\nspf1.example.net SERVFAIL TXT");
    edge(
        "servfail-a",
        "SERVFAIL on an a: lookup",
        ip,
        u,
        "example.com TXT \"v=spf1 a:mail.example.com -all\"\nmail.example.com SERVFAIL A");
    edge(
        "servfail-aaaa-v4",
        "SERVFAIL on AAAA, IPv4 client",
        ip,
        u,
        "example.com TXT \"v=spf1 a:mail.example.com -all\"\n"
            + "mail.example.com A 192.0.2.10\nmail.example.com SERVFAIL AAAA");
    edge(
        "servfail-mx-host",
        "SERVFAIL on an MX host's address",
        ip,
        u,
        "example.com TXT \"v=spf1 mx -all\"\nexample.com MX 10 mx1.example.com\n"
            + "mx1.example.com SERVFAIL A");
    edge(
        "timeout-exists",
        "timeout on exists",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:slow.example.com -all\"\nslow.example.com TIMEOUT A");
    edge("nxdomain", "the domain does not exist", ip, u, "other.example TXT \"v=spf1 -all\"");
    edge("no-txt", "the domain has no TXT", ip, u, "example.com A 192.0.2.10");
    edge(
        "bad-domain-label",
        "a label over 63 characters",
        ip,
        "user@" + "x".repeat(64) + ".example.com",
        "example.com TXT \"v=spf1 -all\"");
    edge(
        "single-label", "a single-label domain", ip, "user@example", "example TXT \"v=spf1 -all\"");
    edge(
        "empty-local",
        "an empty local-part becomes postmaster",
        ip,
        "@example.com",
        "example.com TXT \"v=spf1 exists:%{l}.l.example.org -all\"\n"
            + "postmaster.l.example.org A 127.0.0.2");
    edge(
        "null-sender",
        "null MAIL FROM uses HELO",
        ip,
        "",
        "example.com TXT \"v=spf1 exists:%{l}.%{o}.h.example.org -all\"\n"
            + "postmaster.mail.example.com.h.example.org A 127.0.0.2\n"
            + "mail.example.com TXT \"v=spf1 exists:%{l}.%{o}.h.example.org -all\"");
    edge(
        "non-ascii-record",
        "non-ASCII in the SPF record",
        ip,
        u,
        "example.com TXT \"v=spf1 a:ex\u00e4mple.com +all\"");
    edge(
        "non-ascii-other-txt",
        "non-ASCII in an unrelated TXT",
        ip,
        u,
        "example.com TXT \"caf\u00e9\"\nexample.com TXT \"v=spf1 +all\"");
    edge(
        "idn-sender",
        "an IDN sender domain",
        ip,
        "user@b\u00fccher.example",
        "xn--bcher-kva.example TXT \"v=spf1 +all\"");
    edge(
        "mapped-v6",
        "an IPv4-mapped IPv6 client is IPv4",
        "::ffff:192.0.2.10",
        u,
        "example.com TXT \"v=spf1 ip4:192.0.2.10 -all\"");
    edge(
        "mapped-v6-ip6",
        "an IPv4-mapped IPv6 client and ip6:::ffff:0:0/96",
        "::ffff:192.0.2.10",
        u,
        "example.com TXT \"v=spf1 ip6:::ffff:0:0/96 -all\"");
    edge(
        "ip6-mapped-literal",
        "ip6: with an IPv4-mapped literal, IPv6 client",
        "2001:db8::10",
        u,
        "example.com TXT \"v=spf1 ip6:::ffff:192.0.2.10 -all\"");
    edge(
        "ip6-v4-client",
        "ip6:::/0 for an IPv4 client",
        ip,
        u,
        "example.com TXT \"v=spf1 ip6:::/0 -all\"");
    edge(
        "a-dual-cidr",
        "a/24//64 IPv6",
        "2001:db8::99",
        u,
        "example.com TXT \"v=spf1 a/24//64 -all\"\nexample.com AAAA 2001:db8::1");
    edge(
        "a-v6-cidr-only",
        "a//0 IPv4",
        ip,
        u,
        "example.com TXT \"v=spf1 a//0 -all\"\nexample.com A 198.51.100.1");
    edge(
        "a-v4-zero",
        "a/0 IPv4, no A records",
        ip,
        u,
        "example.com TXT \"v=spf1 a/0 -all\"\nexample.com AAAA 2001:db8::1");
    edge(
        "cname-spf",
        "SPF through a CNAME",
        ip,
        u,
        "example.com CNAME spf.example.net\nspf.example.net TXT \"v=spf1 +all\"");
    edge(
        "cname-a",
        "a: through a CNAME",
        ip,
        u,
        "example.com TXT \"v=spf1 a:alias.example.com -all\"\n"
            + "alias.example.com CNAME mail.example.com\n"
            + "mail.example.com A 192.0.2.10");
    edge(
        "include-permerror",
        "include target has a syntax error",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net +all\"\n"
            + "spf1.example.net TXT \"v=spf1 ip4:1\"");
    edge(
        "include-temperror",
        "include target SERVFAILs on a",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net +all\"\n"
            + "spf1.example.net TXT \"v=spf1 a:x.example.com -all\"\n"
            + "x.example.com SERVFAIL A");
    edge(
        "include-neutral",
        "include target is neutral",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net -all\"\n"
            + "spf1.example.net TXT \"v=spf1 ?all\"");
    edge(
        "include-qualifier",
        "-include of a passing record",
        ip,
        u,
        "example.com TXT \"v=spf1 -include:spf1.example.net +all\"\n"
            + "spf1.example.net TXT \"v=spf1 +all\"");
    edge(
        "exp-on-fail",
        "exp with a valid explanation",
        ip,
        u,
        "example.com TXT \"v=spf1 exp=why.example.com -all\"\n"
            + "why.example.com TXT \"%{i} is not allowed\"");
    edge(
        "redirect-then-exp",
        "redirect target's exp",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=spf1.example.net\"\n"
            + "spf1.example.net TXT \"v=spf1 exp=why.example.com -all\"\n"
            + "why.example.com TXT \"no\"");
    edge(
        "redirect-macro",
        "redirect=%{d}.example.net",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=%{d1}.example.net\"\n"
            + "com.example.net TXT \"v=spf1 +all\"");
    edge(
        "redirect-trailing-dot",
        "redirect= with a trailing dot",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=spf1.example.net.\"\n"
            + "spf1.example.net TXT \"v=spf1 +all\"");
    edge(
        "redirect-bad-domain",
        "redirect= to an invalid domain",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=foo\"");
    edge(
        "include-trailing-dot",
        "include: with a trailing dot",
        ip,
        u,
        "example.com TXT \"v=spf1 include:spf1.example.net. -all\"\n"
            + "spf1.example.net TXT \"v=spf1 +all\"");
    edge(
        "mech-case",
        "mechanism names in upper case",
        ip,
        u,
        "example.com TXT \"v=spf1 IP4:192.0.2.10 -ALL\"");
    edge(
        "mod-case",
        "modifier names in upper case",
        ip,
        u,
        "example.com TXT \"v=spf1 REDIRECT=spf1.example.net\"\n"
            + "spf1.example.net TXT \"v=spf1 +all\"");
    edge(
        "all-mid",
        "terms after all are not evaluated",
        ip,
        u,
        "example.com TXT \"v=spf1 ~all ip4:192.0.2.10\"");
    edge("plus-plus", "a doubled qualifier", ip, u, "example.com TXT \"v=spf1 ++all\"");
    edge(
        "ip4-host-bits",
        "ip4 with host bits set",
        ip,
        u,
        "example.com TXT \"v=spf1 ip4:192.0.2.99/24 -all\"");
    edge(
        "percent-literal",
        "%% in an exists name",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:a%%b.example.com -all\"\na%b.example.com A 127.0.0.2");
    edge(
        "ptr-domain",
        "ptr:example.org",
        ip,
        u,
        "example.com TXT \"v=spf1 ptr:example.org -all\"\n"
            + "10.2.0.192.in-addr.arpa PTR h.example.org\n"
            + "h.example.org A 192.0.2.10");
    edge(
        "ptr-not-validated",
        "ptr whose name does not resolve back",
        ip,
        u,
        "example.com TXT \"v=spf1 ptr -all\"\n"
            + "10.2.0.192.in-addr.arpa PTR h.example.com\n"
            + "h.example.com A 192.0.2.11");
    edge(
        "ptr-void",
        "ptr with no PTR record counts as void",
        ip,
        u,
        "example.com TXT \"v=spf1 ptr a:n1.example.com a:n2.example.com +all\"");
    edge(
        "mx-empty-host",
        "a null MX",
        ip,
        u,
        "example.com TXT \"v=spf1 mx -all\"\nexample.com MX 0 .");
    edge(
        "two-at",
        "a local-part with an @ in it",
        ip,
        "a@b@example.com",
        "example.com TXT \"v=spf1 exists:%{l}.l.example.org -all\"\na@b.l.example.org A 127.0.0.2");
    edge(
        "helo-literal",
        "null MAIL FROM, HELO an address literal",
        ip,
        "",
        "[192.0.2.10]",
        "example.com TXT \"v=spf1 +all\"");
    edge(
        "i-mapped",
        "%{i} of an IPv4-mapped client",
        "::ffff:192.0.2.10",
        u,
        "example.com TXT \"v=spf1 exists:%{i}.%{v}.l.example.org -all\"\n"
            + "192.0.2.10.in-addr.l.example.org A 127.0.0.2");
    edge(
        "d1r",
        "%{d1r} is the first label",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:%{d1r}.l.example.org -all\"\n"
            + "example.l.example.org A 127.0.0.2");
    edge(
        "l-delim",
        "%{l-} joins the parts with dots",
        ip,
        "first-last@example.com",
        "example.com TXT \"v=spf1 exists:%{l-}.l.example.org -all\"\n"
            + "first.last.l.example.org A 127.0.0.2");
    edge(
        "upper-s",
        "%{S} escapes the @",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:%{S}.l.example.org -all\"\n"
            + "user%40example.com.l.example.org A 127.0.0.2");
    edge(
        "cname-include",
        "include target through a CNAME",
        ip,
        u,
        "example.com TXT \"v=spf1 include:alias.example.com -all\"\n"
            + "alias.example.com CNAME spf1.example.net\n"
            + "spf1.example.net TXT \"v=spf1 ip4:192.0.2.10 -all\"");
    edge(
        "cname-a-nx",
        "a: whose CNAME ends in NXDOMAIN, then two more voids",
        ip,
        u,
        "example.com TXT \"v=spf1 a:alias.example.com a:n1.example.com a:n2.example.com +all\"\n"
            + "alias.example.com CNAME nowhere.example.net");
    edge(
        "mx-cname-host",
        "an MX host that is a CNAME",
        ip,
        u,
        "example.com TXT \"v=spf1 mx -all\"\n"
            + "example.com MX 10 alias.example.com\n"
            + "alias.example.com CNAME mail.example.com\n"
            + "mail.example.com A 192.0.2.10");
    edge(
        "ptr-cname",
        "a PTR name that is a CNAME",
        ip,
        u,
        "example.com TXT \"v=spf1 ptr -all\"\n"
            + "10.2.0.192.in-addr.arpa PTR alias.example.com\n"
            + "alias.example.com CNAME mail.example.com\n"
            + "mail.example.com A 192.0.2.10");
    edge(
        "redirect-chain",
        "three redirects",
        ip,
        u,
        "example.com TXT \"v=spf1 redirect=r1.example.com\"\n"
            + "r1.example.com TXT \"v=spf1 redirect=r2.example.com\"\n"
            + "r2.example.com TXT \"v=spf1 redirect=r3.example.com\"\n"
            + "r3.example.com TXT \"v=spf1 ~all\"");
    edge(
        "limit-10-mixed",
        "ten lookups over include and redirect",
        ip,
        u,
        "example.com TXT \"v=spf1 include:i1.example.com redirect=r1.example.com\"\n"
            + "i1.example.com TXT \"v=spf1 a:h3.example.com a:h4.example.com\"\n"
            + "r1.example.com TXT \"v=spf1 a:h5.example.com a:h6.example.com a:h7.example.com"
            + " include:i2.example.com\"\n"
            + "i2.example.com TXT \"v=spf1 a:h8.example.com a:h9.example.com\"\n"
            + hostLines(8).replace("h1.example.com A 192.0.2.10", "h1.example.com A 198.51.100.1")
            + "h9.example.com A 192.0.2.10\n");
    edge(
        "limit-11-mixed",
        "eleven lookups over include and redirect",
        ip,
        u,
        "example.com TXT \"v=spf1 include:i1.example.com a:h2.example.com"
            + " redirect=r1.example.com\"\n"
            + "i1.example.com TXT \"v=spf1 a:h3.example.com a:h4.example.com\"\n"
            + "r1.example.com TXT \"v=spf1 a:h5.example.com a:h6.example.com a:h7.example.com"
            + " include:i2.example.com\"\n"
            + "i2.example.com TXT \"v=spf1 a:h8.example.com a:h9.example.com a:h10.example.com\"\n"
            + hostLines(9).replace("h1.example.com A 192.0.2.10", "h1.example.com A 198.51.100.1")
            + "h10.example.com A 192.0.2.10\n");
    edge(
        "mx-cidr",
        "mx/24 with a host in the client's /24",
        ip,
        u,
        "example.com TXT \"v=spf1 mx/24 -all\"\n"
            + "example.com MX 10 mail.example.com\n"
            + "mail.example.com A 192.0.2.99");
    edge(
        "v-ip6",
        "%{v} of an IPv6 client",
        "2001:db8::10",
        u,
        "example.com TXT \"v=spf1 exists:%{v}.l.example.org -all\"\nip6.l.example.org A 127.0.0.2");
    edge(
        "ip6-upper",
        "ip6 in upper case",
        "2001:db8::10",
        u,
        "example.com TXT \"v=spf1 ip6:2001:DB8::/32 -all\"");
    edge(
        "macro-trailing-dot",
        "a domain-spec ending in a macro and a dot",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:%{d}. -all\"\nexample.com A 127.0.0.2");
    edge(
        "exists-cname",
        "exists through a CNAME",
        ip,
        u,
        "example.com TXT \"v=spf1 exists:alias.example.com -all\"\n"
            + "alias.example.com CNAME list.example.net\n"
            + "list.example.net A 127.0.0.2");
    edge(
        "v6-zone-id",
        "ip6 with a zone id",
        "2001:db8::10",
        u,
        "example.com TXT \"v=spf1 ip6:fe80::1%eth0 -all\"");
  }

  private static String mxLines(String owner, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      s.append(owner).append(" MX ").append(i).append(" m").append(i).append(".example.com\n");
      s.append("m").append(i).append(".example.com A ");
      s.append(i == n ? "192.0.2.10" : "198.51.100." + i).append('\n');
    }
    return s.toString();
  }

  private static String ptrLines(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      s.append("10.2.0.192.in-addr.arpa PTR p").append(i).append(".example.com\n");
      s.append("p").append(i).append(".example.com A ");
      s.append(i == n ? "192.0.2.10" : "198.51.100." + i).append('\n');
    }
    return s.toString();
  }

  private static String lookups(int n, boolean firstMatches) {
    List<String> t = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      t.add("a:h" + i + ".example.com");
    }
    if (!firstMatches) {
      // the last one matches, so a limit applied only while evaluating still has to count all
      java.util.Collections.reverse(t);
    }
    return String.join(" ", t);
  }

  private static String hostLines(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      s.append("h").append(i).append(".example.com A ");
      s.append(i == 1 ? "192.0.2.10" : "198.51.100." + i).append('\n');
    }
    return s.toString();
  }

  // ---- random cases -------------------------------------------------------------------------

  /** What one random case is being built from. */
  private final class Build {
    final Zone zone = new Zone();
    final Set<String> tags = new TreeSet<>();
    final String ip;
    final boolean v4;
    final String sender;
    final String helo;
    final Deque<String> pending = new ArrayDeque<>();
    final Set<String> withRecord = new LinkedHashSet<>();
    final Set<String> hosts = new LinkedHashSet<>();
    final Set<String> mxOwners = new LinkedHashSet<>();
    final Set<String> aOwners = new LinkedHashSet<>();

    /**
     * A well-formed case: no malformed terms, no TAB, more DNS-querying terms and deeper include
     * trees, so evaluation gets past the first terms (half of the random cases).
     */
    final boolean clean;

    Build(boolean clean) {
      this.clean = clean;
      int k = rnd.nextInt(10);
      if (k < 7) {
        ip = pick(V4);
      } else if (k < 9) {
        ip = pick(V6);
      } else {
        ip = "::ffff:" + pick(V4);
        tags.add("mapped-ip");
      }
      InetAddress a = InetAddresses.forString(ip);
      v4 = a instanceof Inet4Address;
      int s = rnd.nextInt(20);
      sender =
          s < 14
              ? "user@example.com"
              : s < 16
                  ? "strong-bad@example.com"
                  : s < 17 ? "@example.com" : s < 18 ? "" : "user@sub.example.com";
      helo = rnd.nextInt(4) == 0 ? "helo.example.org" : "mail.example.com";
    }

    String domain() {
      if (sender.isEmpty()) {
        return helo;
      }
      return sender.substring(sender.indexOf('@') + 1);
    }

    String localPart() {
      if (sender.isEmpty() || sender.startsWith("@")) {
        return "postmaster";
      }
      return sender.substring(0, sender.indexOf('@'));
    }

    /** The client address as text the way the i macro writes it. */
    String iMacro() {
      InetAddress a = unmapped(InetAddresses.forString(ip));
      if (a instanceof Inet4Address) {
        return a.getHostAddress();
      }
      StringBuilder sb = new StringBuilder();
      for (byte b : a.getAddress()) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.');
        sb.append(Character.forDigit(b & 0xf, 16)).append('.');
      }
      return sb.substring(0, sb.length() - 1);
    }

    String reverseName() {
      String i = iMacro();
      List<String> parts = new ArrayList<>(List.of(i.split("\\.")));
      java.util.Collections.reverse(parts);
      return String.join(".", parts) + (v4 ? ".in-addr.arpa" : ".ip6.arpa");
    }
  }

  private void random(String id) {
    Build b = new Build(rnd.nextBoolean());
    if (b.clean) {
      b.tags.add("clean");
    }
    String top = b.domain();
    b.pending.add(top);
    int records = 0;
    while (!b.pending.isEmpty() && records < (b.clean ? 9 : 6)) {
      String owner = b.pending.poll();
      if (!b.withRecord.add(owner)) {
        continue;
      }
      records++;
      publish(b, owner, records == 1);
    }
    for (String h : b.hosts) {
      addresses(b, h);
    }
    for (String m : b.mxOwners) {
      mx(b, m);
    }
    for (String a : b.aOwners) {
      if (!b.hosts.contains(a)) {
        addresses(b, a);
      }
    }
    if (rnd.nextInt(4) == 0) {
      ptr(b);
    }
    faults(b);
    ObjectNode c = JSON.objectNode();
    c.put("id", id);
    c.put("group", "random");
    c.put("title", "random");
    b.tags.forEach(c.putArray("tags")::add);
    c.put("ip", b.ip);
    c.put("sender", b.sender);
    c.put("helo", b.helo);
    b.zone.writeTo(c);
    out.add(c);
  }

  /** Publishes an SPF record (or, sometimes, something else) at {@code owner}. */
  private void publish(Build b, String owner, boolean top) {
    if (!top && rnd.nextInt(12) == 0) {
      // an include or redirect target without SPF
      if (rnd.nextBoolean()) {
        b.zone.txt(owner, "some other text");
      }
      b.tags.add("target-without-spf");
      return;
    }
    List<String> terms = new ArrayList<>();
    int n = b.clean ? rnd.nextInt(top ? 9 : 6) : rnd.nextInt(top ? 6 : 4);
    for (int i = 0; i < n; i++) {
      terms.add(term(b, owner));
    }
    int end = rnd.nextInt(10);
    if (end < 6) {
      terms.add(pick("-all", "~all", "?all", "-all", "~all", "+all", "all"));
    } else if (end < 8) {
      String target = pick(SPF_NAMES);
      terms.add("redirect=" + target);
      b.pending.add(target);
      b.tags.add("redirect");
    }
    if (rnd.nextInt(12) == 0) {
      // after the end: redirect ignored because of all, or mechanisms after all
      String extra = rnd.nextBoolean() ? "redirect=" + pick(SPF_NAMES) : term(b, owner);
      terms.add(extra);
      b.tags.add("after-end");
    }
    if (rnd.nextInt(10) == 0) {
      terms.add(rnd.nextInt(3) == 0 ? "exp=%{d}.why.example.org" : "exp=why.example.org");
      b.zone.txt("why.example.org", "%{i} is not one of %{d}'s hosts");
      b.tags.add("exp");
    }
    if (rnd.nextInt(20) == 0) {
      terms.add(pick("foo=bar", "x-y.z=%{d}", "v=spf1", "moo.cow-far_out=man:dog/cat"));
      b.tags.add("unknown-modifier");
    }
    if (rnd.nextInt(15) == 0) {
      java.util.Collections.shuffle(terms, rnd);
      b.tags.add("shuffled");
    }
    String version = rnd.nextInt(30) == 0 ? "V=SPF1" : "v=spf1";
    String sep = " ";
    int style = rnd.nextInt(40);
    if (style == 0) {
      sep = "  ";
      b.tags.add("double-space");
    } else if (style == 1 && !b.clean) {
      sep = "\t";
      b.tags.add("tab");
    }
    StringBuilder text = new StringBuilder(version);
    for (String t : terms) {
      text.append(sep).append(t);
    }
    if (rnd.nextInt(30) == 0) {
      text.append(' ');
      b.tags.add("trailing-space");
    }
    b.zone.add(owner, "TXT", split(b, text.toString()));
    int extra = rnd.nextInt(40);
    if (extra == 0) {
      b.zone.txt(owner, "v=spf1 " + term(b, owner) + " -all");
      b.tags.add("two-records");
    } else if (extra == 1) {
      b.zone.txt(owner, "v=spf10 +all");
      b.tags.add("spf10");
    } else if (extra < 5) {
      b.zone.txt(
          owner, pick("google-site-verification=abc123", "caf\u00e9 ol\u00e9", "spf2.0/pra -all"));
      b.tags.add("other-txt");
    }
  }

  /**
   * The record text as character-strings: one, or split at a random place (joined with nothing).
   */
  private List<String> split(Build b, String text) {
    List<String> strings = new ArrayList<>();
    if (text.length() > 200 || rnd.nextInt(25) == 0) {
      b.tags.add("split");
      int at = Math.min(1 + rnd.nextInt(text.length() - 1), 200);
      String rest = text;
      while (rest.length() > at) {
        strings.add(rest.substring(0, at));
        rest = rest.substring(at);
      }
      strings.add(rest);
    } else {
      strings.add(text);
    }
    return strings;
  }

  private String term(Build b, String owner) {
    String q = qualifier();
    // clean cases skip the malformed terms, most ip4 terms and all in the middle
    int k = b.clean ? 14 + rnd.nextInt(78) : rnd.nextInt(100);
    if (k < 6) {
      b.tags.add("malformed");
      return pick(MALFORMED);
    }
    if (k < 22) {
      b.tags.add("ip4");
      return q + mech("ip4") + ":" + ip4Net(b);
    }
    if (k < 30) {
      b.tags.add("ip6");
      return q + mech("ip6") + ":" + ip6Net(b);
    }
    if (k < 45) {
      b.tags.add("a");
      return q + mech("a") + hostSpec(b, owner, b.aOwners) + cidr(b);
    }
    if (k < 58) {
      b.tags.add("mx");
      return q + mech("mx") + hostSpec(b, owner, b.mxOwners) + cidr(b);
    }
    if (k < 72) {
      b.tags.add("include");
      String target = rnd.nextInt(15) == 0 ? pick("missing.example.net", owner) : pick(SPF_NAMES);
      if (target.equals(owner)) {
        b.tags.add("loop");
      }
      b.pending.add(target);
      return q + mech("include") + ":" + target;
    }
    if (k < 86) {
      b.tags.add("exists");
      return q + mech("exists") + ":" + existsSpec(b, owner);
    }
    if (k < 92) {
      b.tags.add("ptr");
      String spec = pick("", "", ":" + pick(HOSTS), ":example.com", ":example.org");
      if (b.hosts.isEmpty()) {
        b.hosts.add(pick(HOSTS));
      }
      ptr(b);
      return q + mech("ptr") + spec;
    }
    b.tags.add("all-mid");
    return q + "all";
  }

  private String qualifier() {
    return pick("", "", "", "", "+", "-", "~", "?");
  }

  /** Sometimes upper case: mechanism names are case-insensitive. */
  private String mech(String name) {
    return rnd.nextInt(30) == 0 ? name.toUpperCase(Locale.ROOT) : name;
  }

  private String ip4Net(Build b) {
    String base = b.v4 ? unmapped(InetAddresses.forString(b.ip)).getHostAddress() : pick(V4);
    int k = rnd.nextInt(10);
    if (k < 3) {
      return base;
    }
    if (k < 5) {
      return pick(V4) + "/" + pick("24", "16", "32", "31", "0", "8");
    }
    if (k < 7) {
      return base.substring(0, base.lastIndexOf('.')) + ".0/" + pick("24", "25", "28", "30");
    }
    return pick("203.0.113.0/24", "198.51.100.0/25", "10.0.0.0/8", "192.0.2.128/25");
  }

  private String ip6Net(Build b) {
    int k = rnd.nextInt(8);
    if (k < 2 && !b.v4) {
      return b.ip;
    }
    return pick(
        "2001:db8::/32",
        "2001:db8::/64",
        "2001:db8:1::/48",
        "2001:db8::10/128",
        "2001:DB8::10",
        "::/0",
        "2001:db8:ffff::/48",
        "::ffff:192.0.2.0/120",
        "::ffff:" + pick(V4));
  }

  /** "", or ":name" with a host, the owner, an SPF name or a macro spec. */
  private String hostSpec(Build b, String owner, Set<String> bareOwners) {
    int k = rnd.nextInt(10);
    if (k < 3) {
      bareOwners.add(owner);
      return "";
    }
    if (k < 8) {
      String h = pick(HOSTS);
      b.hosts.add(h);
      if (bareOwners == b.mxOwners) {
        b.mxOwners.add(h);
      }
      return ":" + h;
    }
    if (k < 9) {
      String h = pick(SPF_NAMES);
      bareOwners.add(h);
      return ":" + h;
    }
    b.tags.add("macro");
    String spec = pick("%{d}", "mail.%{d}", "%{d2}", "%{o}", "%{h}");
    String expanded = expand(b, spec, owner);
    bareOwners.add(expanded);
    if (spec.contains("%{d}") && !owner.equals(b.domain())) {
      b.tags.add("macro-d-nested");
    }
    return ":" + spec;
  }

  private String cidr(Build b) {
    int k = rnd.nextInt(10);
    if (k < 6) {
      return "";
    }
    b.tags.add("cidr");
    return pick("/24", "/32", "/0", "//64", "/24//64", "//0", "/16//48", "//128", "/31");
  }

  private String existsSpec(Build b, String owner) {
    String spec = pick(MACRO_SPECS);
    if (spec.contains("%{")) {
      b.tags.add("macro");
    }
    if (spec.contains("%{d") && !owner.equals(b.domain())) {
      b.tags.add("macro-d-nested");
    }
    if (spec.contains("%{p}")) {
      b.tags.add("macro-p");
      ptr(b);
    }
    if (!spec.equals(spec.toLowerCase(Locale.ROOT))) {
      b.tags.add("macro-upper");
    }
    String name = expand(b, spec, owner);
    if (name != null && rnd.nextInt(2) == 0 && name.matches("[A-Za-z0-9._%-]+")) {
      b.zone.add(name, "A", pick("127.0.0.2", "127.0.0.4"));
    }
    return spec;
  }

  /**
   * Expands the macros the generator uses, so the data can make them exist. Only for choosing data:
   * which name is right is what the two implementations are compared on. Returns null for macros
   * whose value depends on DNS (p).
   */
  private String expand(Build b, String spec, String current) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < spec.length()) {
      char c = spec.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      char n = spec.charAt(i + 1);
      if (n == '%') {
        out.append('%');
        i += 2;
        continue;
      }
      if (n == '_') {
        out.append(' ');
        i += 2;
        continue;
      }
      if (n == '-') {
        out.append("%20");
        i += 2;
        continue;
      }
      int close = spec.indexOf('}', i);
      String body = spec.substring(i + 2, close);
      i = close + 1;
      char letter = Character.toLowerCase(body.charAt(0));
      String value =
          switch (letter) {
            case 's' -> b.localPart() + "@" + b.domain();
            case 'l' -> b.localPart();
            case 'o' -> b.domain();
            case 'd' -> current;
            case 'i' -> b.iMacro();
            case 'v' -> b.v4 ? "in-addr" : "ip6";
            case 'h' -> b.helo;
            default -> null;
          };
      if (value == null) {
        return null;
      }
      int j = 1;
      int digits = 0;
      while (j < body.length() && Character.isDigit(body.charAt(j))) {
        digits = digits * 10 + (body.charAt(j) - '0');
        j++;
      }
      boolean reverse = j < body.length() && body.charAt(j) == 'r';
      if (reverse) {
        j++;
      }
      String delims = j < body.length() ? body.substring(j) : ".";
      List<String> parts = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (char ch : value.toCharArray()) {
        if (delims.indexOf(ch) >= 0) {
          parts.add(cur.toString());
          cur.setLength(0);
        } else {
          cur.append(ch);
        }
      }
      parts.add(cur.toString());
      if (reverse) {
        java.util.Collections.reverse(parts);
      }
      if (digits > 0 && digits < parts.size()) {
        parts = parts.subList(parts.size() - digits, parts.size());
      }
      out.append(String.join(".", parts));
    }
    String s = out.toString();
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** A, AAAA for a host: the client, a neighbour, someone else, or nothing. */
  private void addresses(Build b, String host) {
    if (host == null) {
      return;
    }
    if (host.equals("gone.example.com")) {
      return;
    }
    if (!b.zone.has(host, "A") && !host.startsWith("v6.")) {
      int k = rnd.nextInt(10);
      if (k < 3 && b.v4) {
        b.zone.add(host, "A", unmapped(InetAddresses.forString(b.ip)).getHostAddress());
      } else if (k < 5) {
        b.zone.add(host, "A", pick("192.0.2.11", "192.0.2.99", "198.51.100.200"));
      } else if (k < 8) {
        b.zone.add(host, "A", pick("203.0.113.5", "198.51.100.7"));
      }
      if (rnd.nextInt(8) == 0) {
        b.zone.add(host, "A", pick(V4));
      }
    }
    if (!b.zone.has(host, "AAAA") && !host.startsWith("mail.")) {
      int k = rnd.nextInt(10);
      if (k < 3 && !b.v4) {
        b.zone.add(host, "AAAA", b.ip);
      } else if (k < 6) {
        b.zone.add(host, "AAAA", pick("2001:db8::11", "2001:db8:ffff::1"));
      }
    }
  }

  private void mx(Build b, String owner) {
    if (owner == null || b.zone.has(owner, "MX")) {
      return;
    }
    int k = rnd.nextInt(20);
    int count = k == 0 ? 11 : k < 4 ? 0 : 1 + rnd.nextInt(3);
    if (count == 11) {
      b.tags.add("mx-11");
      for (int i = 1; i <= 11; i++) {
        String h = "m" + i + ".example.com";
        b.zone.add(owner, "MX", i + " " + h);
        b.zone.add(
            h,
            "A",
            i == 11 && b.v4
                ? unmapped(InetAddresses.forString(b.ip)).getHostAddress()
                : "198.51.100." + i);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      String h = pick(HOSTS);
      b.zone.add(owner, "MX", (10 * (i + 1)) + " " + h);
      addresses(b, h);
    }
  }

  private void ptr(Build b) {
    String rev = b.reverseName();
    if (b.zone.has(rev)) {
      return;
    }
    b.tags.add("ptr-data");
    int count = rnd.nextInt(4);
    for (int i = 0; i < count; i++) {
      String h = pick(pick(HOSTS), "ptr." + b.domain(), pick(SPF_NAMES), "h.spf1.example.net");
      b.zone.add(rev, "PTR", h);
      addresses(b, h);
    }
  }

  private void faults(Build b) {
    int k = rnd.nextInt(40);
    if (k > 1) {
      return;
    }
    List<String> names = new ArrayList<>(b.withRecord);
    names.addAll(b.hosts);
    String name = names.get(rnd.nextInt(names.size()));
    String type = pick("TXT", "A", "MX", "AAAA");
    if (k == 0) {
      b.zone.fault(name, type, "servfail");
      b.tags.add("servfail");
    } else {
      b.zone.fault(name, type, "timeout");
      b.tags.add("timeout");
    }
  }

  private static InetAddress unmapped(InetAddress a) {
    byte[] x = a.getAddress();
    if (x.length == 16 && x[10] == (byte) 0xff && x[11] == (byte) 0xff) {
      boolean zero = true;
      for (int i = 0; i < 10; i++) {
        zero &= x[i] == 0;
      }
      if (zero) {
        return InetAddresses.forString(
            (x[12] & 0xff) + "." + (x[13] & 0xff) + "." + (x[14] & 0xff) + "." + (x[15] & 0xff));
      }
    }
    return a;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }
}
