package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * DMARC conformance cases: a From domain and the {@code _dmarc} TXT records around it. Both sides
 * run RFC 9989 §4.10 policy discovery (the DNS Tree Walk) and report which record governs, the
 * organizational domain, and the policy (p, sp or np, by whether the domain exists), alignment
 * modes and test flag it gives the domain.
 *
 * <p>A case is {@code {"id", "group", "title", "tags", "domain", "zone", "faults"}}. Records are
 * placed with the Public Suffix List's organizational domain in mind, where people put them; the
 * walk itself does not use the list.
 */
final class DmarcCases {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** From domains, with the organizational domain each has by the whole Public Suffix List. */
  private static final String[][] DOMAINS = {
    {"example.com", "example.com"},
    {"mail.example.com", "example.com"},
    {"a.b.example.com", "example.com"},
    {"example.co.uk", "example.co.uk"},
    {"sub.example.co.uk", "example.co.uk"},
    {"foo.blogspot.com", "foo.blogspot.com"},
    {"x.foo.blogspot.com", "foo.blogspot.com"},
    {"user.github.io", "user.github.io"},
    {"deep.a.b.c.d.e.f.g.example.com", "example.com"},
    {"example.org", "example.org"},
    {"news.example.org", "example.org"},
    {"shop.example.com.au", "example.com.au"},
    {"x.y.example.unknowntld", "example.unknowntld"}
  };

  private final Random rnd;
  private final List<ObjectNode> out = new ArrayList<>();

  private DmarcCases(long seed) {
    this.rnd = new Random(seed ^ 0x444d415243L);
  }

  static List<ObjectNode> generate(long seed, int random) {
    DmarcCases g = new DmarcCases(seed);
    g.edgeCases();
    for (int i = 0; i < random; i++) {
      g.random(String.format(Locale.ROOT, "dmarc-r%05d", i));
    }
    return g.out;
  }

  private void edge(String id, String title, String domain, String zone) {
    ObjectNode c = JSON.objectNode();
    c.put("id", "dmarc-e-" + id);
    c.put("group", "edge");
    c.put("title", title);
    c.putArray("tags").add("edge");
    c.put("domain", domain);
    new Zone().lines(zone).writeTo(c);
    out.add(c);
  }

  private void edgeCases() {
    edge("plain", "own record", "example.com", "_dmarc.example.com TXT \"v=DMARC1; p=reject\"");
    edge("nospace", "no spaces", "example.com", "_dmarc.example.com TXT \"v=DMARC1;p=quarantine\"");
    edge(
        "spaces-eq",
        "spaces around = and ;",
        "example.com",
        "_dmarc.example.com TXT \"v = DMARC1 ; p = reject ;\"");
    edge(
        "lower-version",
        "v=dmarc1",
        "example.com",
        "_dmarc.example.com TXT \"v=dmarc1; p=reject\"");
    edge(
        "v-not-first",
        "p before v",
        "example.com",
        "_dmarc.example.com TXT \"p=reject; v=DMARC1\"");
    edge(
        "no-semicolon",
        "v=DMARC1 p=reject",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1 p=reject\"");
    edge("dmarc10", "v=DMARC10", "example.com", "_dmarc.example.com TXT \"v=DMARC10; p=reject\"");
    edge(
        "two-at-domain",
        "two records at the From domain, one at the org domain",
        "mail.example.com",
        "_dmarc.mail.example.com TXT \"v=DMARC1; p=none\"\n"
            + "_dmarc.mail.example.com TXT \"v=DMARC1; p=quarantine\"\n"
            + "_dmarc.example.com TXT \"v=DMARC1; p=reject\"");
    edge(
        "two-at-org",
        "two records at the org domain",
        "mail.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=none\"\n"
            + "_dmarc.example.com TXT \"v=DMARC1; p=reject\"");
    edge(
        "org-sp",
        "org record with sp",
        "mail.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; sp=none\"");
    edge(
        "org-no-sp",
        "org record without sp",
        "mail.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=quarantine\"");
    edge(
        "own-sp-ignored",
        "sp in the domain's own record",
        "mail.example.com",
        "_dmarc.mail.example.com TXT \"v=DMARC1; p=reject; sp=none\"");
    edge(
        "no-p-rua",
        "no p, valid rua",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; rua=mailto:d@example.com\"");
    edge("no-p", "no p, no rua", "example.com", "_dmarc.example.com TXT \"v=DMARC1; adkim=s\"");
    edge(
        "bad-p-rua",
        "invalid p, valid rua",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=bogus; rua=mailto:d@example.com\"");
    edge(
        "bad-p",
        "invalid p, no rua",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=bogus\"");
    edge(
        "bad-p-bad-rua",
        "invalid p, rua without scheme",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=bogus; rua=d@example.com\"");
    edge(
        "bad-p-empty-mailto",
        "invalid p, rua=mailto: (a valid URI with no address)",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=bogus; rua=mailto:\"");
    edge(
        "bad-sp-rua",
        "invalid sp, valid rua (org record)",
        "mail.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; sp=bogus; rua=mailto:d@example.com\"");
    edge(
        "bad-sp",
        "invalid sp, no rua (org record)",
        "mail.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; sp=bogus\"");
    edge(
        "bad-sp-own",
        "invalid sp in the own record",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; sp=bogus\"");
    edge(
        "empty-p",
        "p= with no value, no rua",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=; adkim=s\"");
    edge(
        "empty-p-rua",
        "p= with no value, valid rua",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=; rua=mailto:d@example.com\"");
    edge(
        "empty-sp",
        "sp= with no value (org record)",
        "mail.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; sp=\"");
    edge(
        "p-smart-quotes",
        "p in typographic quotes",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=\u201creject\u201d\"");
    edge("p-upper", "p=REJECT", "example.com", "_dmarc.example.com TXT \"v=DMARC1; p=REJECT\"");
    edge(
        "pct-50", "pct=50", "example.com", "_dmarc.example.com TXT \"v=DMARC1; p=reject; pct=50\"");
    edge("pct-0", "pct=0", "example.com", "_dmarc.example.com TXT \"v=DMARC1; p=reject; pct=0\"");
    edge(
        "pct-frac",
        "pct=50.5",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; pct=50.5\"");
    edge(
        "pct-101",
        "pct=101",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; pct=101\"");
    edge(
        "pct-neg",
        "pct=-1",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; pct=-1\"");
    edge(
        "pct-word",
        "pct=abc",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; pct=abc\"");
    edge(
        "adkim-upper",
        "adkim=S",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; adkim=S; aspf=S\"");
    edge(
        "adkim-bad",
        "adkim=x",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; adkim=x\"");
    edge(
        "dup-p", "p twice", "example.com", "_dmarc.example.com TXT \"v=DMARC1; p=none; p=reject\"");
    edge(
        "private-psl",
        "a blogspot.com subdomain",
        "x.foo.blogspot.com",
        "_dmarc.foo.blogspot.com TXT \"v=DMARC1; p=reject; sp=quarantine\"\n"
            + "_dmarc.blogspot.com TXT \"v=DMARC1; p=none\"");
    edge(
        "co-uk",
        "example.co.uk subdomain",
        "sub.example.co.uk",
        "_dmarc.example.co.uk TXT \"v=DMARC1; p=reject; sp=quarantine\"");
    edge(
        "tld-record",
        "a record at the TLD only",
        "example.com",
        "_dmarc.com TXT \"v=DMARC1; p=reject\"");
    edge(
        "servfail-own",
        "SERVFAIL at the own name",
        "mail.example.com",
        "_dmarc.mail.example.com SERVFAIL TXT\n_dmarc.example.com TXT \"v=DMARC1; p=reject\"");
    edge(
        "servfail-org",
        "SERVFAIL at the org name",
        "mail.example.com",
        "_dmarc.example.com SERVFAIL TXT");
    edge(
        "cname",
        "record through a CNAME",
        "example.com",
        "_dmarc.example.com CNAME example-com.dmarc.vendor.example\n"
            + "example-com.dmarc.vendor.example TXT \"v=DMARC1; p=quarantine\"");
    edge(
        "leading-space",
        "a leading space",
        "example.com",
        "_dmarc.example.com TXT \" v=DMARC1; p=reject\"");
    edge(
        "quoted",
        "quotes inside the text",
        "example.com",
        "_dmarc.example.com TXT \"\\\"v=DMARC1; p=reject\\\"\"");
    edge("tab", "tab after ;", "example.com", "_dmarc.example.com TXT \"v=DMARC1;\tp=reject\"");
    edge(
        "non-dmarc-and-dmarc",
        "an unrelated TXT beside",
        "example.com",
        "_dmarc.example.com TXT \"hello\"\n_dmarc.example.com TXT \"v=DMARC1; p=reject\"");
    edge(
        "empty-tag",
        "empty tag between ;;",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1;; p=reject\"");
    edge(
        "upper-domain",
        "upper-case name in DNS",
        "example.com",
        "_DMARC.EXAMPLE.COM TXT \"v=DMARC1; p=reject\"");
    edge(
        "split-strings",
        "record in two strings",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=re\" \"ject\"");
    edge(
        "np-nxdomain",
        "np for a subdomain that does not exist",
        "nx.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=none; np=reject\"");
    edge(
        "np-exists",
        "sp, not np, for a subdomain that exists",
        "www.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=none; sp=quarantine; np=reject\"\n"
            + "www.example.com A 192.0.2.1");
    edge(
        "np-nodata",
        "NODATA is not non-existence (RFC 8020)",
        "www.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=none; np=reject\"\n"
            + "www.example.com MX 10 mx.example.com");
    edge(
        "bad-np",
        "invalid np, no rua",
        "nx.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; np=bogus\"");
    edge(
        "bad-np-rua",
        "invalid np, valid rua",
        "nx.example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; np=bogus; rua=mailto:d@example.com\"");
    edge(
        "bad-np-own",
        "invalid np in the own record",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; p=reject; np=bogus\"");
    edge(
        "psd-y",
        "a PSD record governs a domain without its own",
        "mail.example.com",
        "_dmarc.com TXT \"v=DMARC1; p=reject; psd=y\"\nmail.example.com A 192.0.2.1");
    edge(
        "psd-y-org",
        "org record beats a PSD record",
        "mail.example.com",
        "_dmarc.com TXT \"v=DMARC1; p=reject; psd=y\"\n"
            + "_dmarc.example.com TXT \"v=DMARC1; p=none\"");
    edge(
        "psd-n",
        "psd=n stops the walk",
        "a.b.example.com",
        "_dmarc.b.example.com TXT \"v=DMARC1; p=quarantine; psd=n\"\n"
            + "_dmarc.example.com TXT \"v=DMARC1; p=reject\"");
    edge(
        "fewest-labels",
        "the record with the fewest labels is the org domain",
        "a.mail.example.com",
        "_dmarc.mail.example.com TXT \"v=DMARC1; p=none\"\n"
            + "_dmarc.example.com TXT \"v=DMARC1; p=reject; sp=quarantine\"\n"
            + "a.mail.example.com A 192.0.2.1");
    edge(
        "nine-labels",
        "a nine-label name jumps to seven",
        "a.b.c.d.e.f.g.example.com",
        "_dmarc.b.c.d.e.f.g.example.com TXT \"v=DMARC1; p=none\"\n"
            + "_dmarc.c.d.e.f.g.example.com TXT \"v=DMARC1; p=quarantine\"");
    edge(
        "two-then-parent",
        "several records at a name: the walk goes on",
        "mail.example.com",
        "_dmarc.mail.example.com TXT \"v=DMARC1; p=none\"\n"
            + "_dmarc.mail.example.com TXT \"v=DMARC1; p=quarantine\"\n"
            + "_dmarc.example.com TXT \"v=DMARC1; p=reject\"");
    edge("t-y", "t=y", "example.com", "_dmarc.example.com TXT \"v=DMARC1; p=reject; t=y\"");
    edge(
        "tag-case",
        "upper-case tag names",
        "example.com",
        "_dmarc.example.com TXT \"v=DMARC1; P=reject; ADKIM=s\"");
  }

  private void random(String id) {
    Set<String> tags = new TreeSet<>();
    String[] d = DOMAINS[rnd.nextInt(DOMAINS.length)];
    String domain = d[0];
    String org = d[1];
    Zone zone = new Zone();
    boolean own = rnd.nextInt(10) < 5;
    boolean atOrg = !org.equals(domain) && rnd.nextInt(10) < 7;
    if (own) {
      records(zone, domain, tags);
      tags.add("own");
    }
    if (atOrg) {
      records(zone, org, tags);
      tags.add("org");
    }
    // names between the domain and its org domain, and above the org domain
    String[] labels = domain.split("\\.");
    for (int k = 1; k < labels.length; k++) {
      String parent = String.join(".", java.util.Arrays.copyOfRange(labels, k, labels.length));
      if (parent.equals(org) || zone.has("_dmarc." + parent)) {
        continue;
      }
      if (rnd.nextInt(8) == 0) {
        zone.txt("_dmarc." + parent, record(tags));
        tags.add(parent.length() < org.length() ? "above-org" : "between");
      }
    }
    if (rnd.nextInt(6) == 0) {
      // a public suffix operator's record (RFC 9989 psd=y) at the top of the walk
      String suffix = labels[labels.length - 1];
      if (!zone.has("_dmarc." + suffix)) {
        zone.txt(
            "_dmarc." + suffix,
            pick(
                "v=DMARC1; p=reject; psd=y",
                "v=DMARC1; p=quarantine; sp=none; np=reject; psd=y",
                "v=DMARC1; p=none; psd=y"));
        tags.add("psd-record");
      }
    }
    if (rnd.nextInt(5) < 2) {
      // the domain exists (else np applies to it when a parent's record governs)
      zone.add(domain, "A", "192.0.2.1");
      tags.add("exists");
    }
    if (rnd.nextInt(30) == 0) {
      String name = "_dmarc." + (rnd.nextBoolean() ? domain : org);
      zone.fault(name, "TXT", "servfail");
      tags.add("servfail");
    }
    ObjectNode c = JSON.objectNode();
    c.put("id", id);
    c.put("group", "random");
    c.put("title", "random");
    tags.forEach(c.putArray("tags")::add);
    String asked = rnd.nextInt(25) == 0 ? domain.toUpperCase(Locale.ROOT) : domain;
    if (!asked.equals(domain)) {
      tags.add("upper-domain");
    }
    c.put("domain", asked);
    zone.writeTo(c);
    out.add(c);
  }

  private void records(Zone zone, String at, Set<String> tags) {
    String name = "_dmarc." + at;
    int k = rnd.nextInt(40);
    if (k == 0) {
      zone.txt(name, record(tags));
      zone.txt(name, record(tags));
      tags.add("two-records");
      return;
    }
    if (k < 4) {
      zone.txt(name, pick("hello", "v=spf1 -all", "google-site-verification=x"));
      tags.add("other-txt");
    }
    if (k == 4) {
      zone.add(name, "CNAME", at.replace('.', '-') + ".dmarc.vendor.example");
      zone.txt(at.replace('.', '-') + ".dmarc.vendor.example", record(tags));
      tags.add("cname");
      return;
    }
    String r = record(tags);
    if (r.length() > 40 && rnd.nextInt(15) == 0) {
      int cut = 1 + rnd.nextInt(r.length() - 1);
      zone.txt(name, r.substring(0, cut), r.substring(cut));
      tags.add("split");
    } else {
      zone.txt(name, r);
    }
  }

  /** A random record: mostly valid, with the mistakes people make. */
  private String record(Set<String> tags) {
    List<String> t = new ArrayList<>();
    int v = rnd.nextInt(40);
    String version =
        v < 33
            ? "v=DMARC1"
            : pick("v=dmarc1", "v = DMARC1", "V=DMARC1", "v=DMARC2", "v=DMARC1 ", "v =DMARC1");
    if (v >= 33) {
      tags.add("version-variant");
    }
    if (rnd.nextInt(10) < 9) {
      int p = rnd.nextInt(30);
      String value =
          p < 27
              ? pick("none", "quarantine", "reject")
              : pick("Reject", "QUARANTINE", "bogus", "rejected", "");
      if (p >= 27) {
        tags.add("p-variant");
      }
      t.add("p=" + value);
    } else {
      tags.add("no-p");
    }
    if (rnd.nextInt(3) == 0) {
      int s = rnd.nextInt(20);
      t.add("sp=" + (s < 17 ? pick("none", "quarantine", "reject") : pick("bogus", "Reject", "")));
      if (s >= 17) {
        tags.add("sp-variant");
      }
    }
    if (rnd.nextInt(4) == 0) {
      String pct = pick("0", "50", "100", "25", "50.5", "101", "-1", "abc", "050", " 50", "1e2");
      t.add("pct=" + pct);
      tags.add("pct");
    }
    if (rnd.nextInt(4) == 0) {
      t.add("adkim=" + pick("r", "s", "s", "S", "x", "relaxed"));
      tags.add("adkim");
    }
    if (rnd.nextInt(4) == 0) {
      t.add("aspf=" + pick("r", "s", "s", "S", "x", "strict"));
      tags.add("aspf");
    }
    if (rnd.nextInt(2) == 0) {
      t.add(
          "rua="
              + pick(
                  "mailto:d@example.com",
                  "mailto:d@example.com,mailto:e@example.net",
                  "d@example.com",
                  "mailto:d@example.com!10m",
                  "https://reports.example.com/",
                  "mailto:"));
      tags.add("rua");
    }
    if (rnd.nextInt(6) == 0) {
      t.add("ruf=mailto:f@example.com");
    }
    if (rnd.nextInt(8) == 0) {
      t.add("fo=" + pick("1", "0", "d:s", "0:1"));
    }
    if (rnd.nextInt(5) == 0) {
      int n = rnd.nextInt(20);
      t.add("np=" + (n < 17 ? pick("none", "quarantine", "reject") : pick("bogus", "Reject", "")));
      tags.add(n < 17 ? "np" : "np-variant");
    }
    if (rnd.nextInt(10) == 0) {
      t.add("t=" + pick("y", "n", "Y", "x"));
      tags.add("t");
    }
    if (rnd.nextInt(12) == 0) {
      t.add("psd=" + pick("n", "y", "u", "N", "x"));
      tags.add("psd");
    }
    if (rnd.nextInt(10) == 0) {
      t.add(pick("rf=afrf", "ri=3600", "foo=bar", "P=reject", "Adkim=s"));
      tags.add("other-tag");
    }
    if (rnd.nextInt(20) == 0 && !t.isEmpty()) {
      t.add(t.get(rnd.nextInt(t.size())));
      tags.add("duplicate");
    }
    if (rnd.nextInt(15) == 0) {
      java.util.Collections.shuffle(t, rnd);
      tags.add("shuffled");
    }
    List<String> all = new ArrayList<>();
    if (rnd.nextInt(40) == 0) {
      all.addAll(t);
      all.add(rnd.nextInt(all.size() + 1), version);
      tags.add("v-moved");
    } else {
      all.add(version);
      all.addAll(t);
    }
    String sep = pick("; ", "; ", "; ", ";", " ; ", ";  ");
    if (rnd.nextInt(40) == 0) {
      sep = " ";
      tags.add("space-separated");
    }
    String text = String.join(sep, all);
    if (rnd.nextInt(5) == 0) {
      text += pick(";", "; ", " ;");
    }
    return text;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }
}
