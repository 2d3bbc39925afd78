package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * MTA-STS parser conformance cases (RFC 8461): the {@code _mta-sts} TXT RRset ({@code group} "txt",
 * field {@code txt}: a list of records, each a list of character-strings), the policy file ({@code
 * policy}, field {@code body}) and the match of an MX host against the policy's patterns ({@code
 * match}, fields {@code body} and {@code host}). No DNS or HTTPS: both sides' parsers are called on
 * the same text.
 */
final class MtaStsCases {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String HEAD = "version: STSv1\nmode: enforce\nmax_age: 86400\n";

  private final Random rnd;
  private final List<ObjectNode> out = new ArrayList<>();
  private int txtN;
  private int policyN;
  private int matchN;

  private MtaStsCases(long seed) {
    this.rnd = new Random(seed ^ 0x4d544153L);
  }

  static List<ObjectNode> generate(long seed, int random) {
    MtaStsCases g = new MtaStsCases(seed);
    g.txtEdges();
    g.policyEdges();
    g.matchEdges();
    for (int i = 0; i < random; i++) {
      switch (i % 3) {
        case 0 -> g.randomTxt();
        case 1 -> g.randomPolicy();
        default -> g.randomMatch();
      }
    }
    return g.out;
  }

  // ---- TXT record

  private void txt(String title, String... records) {
    List<List<String>> rs = new ArrayList<>();
    for (String r : records) {
      rs.add(List.of(r));
    }
    txtSplit(title, rs);
  }

  private void txtSplit(String title, List<List<String>> records) {
    ObjectNode c = base("sts-t" + String.format("%05d", txtN++), "txt", title);
    ArrayNode a = c.putArray("txt");
    for (List<String> r : records) {
      ArrayNode strings = a.addArray();
      r.forEach(strings::add);
    }
  }

  private void txtEdges() {
    txt("plain", "v=STSv1; id=abc;");
    txt("no spaces", "v=STSv1;id=abc");
    txt("space before first delimiter", "v=STSv1 ;id=abc");
    txt("tab before first delimiter", "v=STSv1\t; id=abc");
    txt("empty id", "v=STSv1; id=");
    txt("id length 1", "v=STSv1; id=a");
    txt("id length 32", "v=STSv1; id=" + "a".repeat(32));
    txt("id length 33", "v=STSv1; id=" + "a".repeat(33));
    txt("id length 10000", "v=STSv1; id=" + "a".repeat(10000));
    txt("dated id", "v=STSv1; id=2024-05-01");
    txt("id with dot", "v=STSv1; id=2024.05");
    txt("id with colon", "v=STSv1; id=20240501T00:00");
    txt("id with Z", "v=STSv1; id=20160831085700Z");
    txt("lower-case version", "v=stsv1; id=abc");
    txt("upper-case V", "V=STSv1; id=abc");
    txt("leading space", " v=STSv1; id=abc");
    txt("trailing space", "v=STSv1; id=abc ");
    txt("trailing CRLF", "v=STSv1; id=abc\r\n");
    txt("spaces around =", "v=STSv1; id = abc");
    txt("upper-case ID", "v=STSv1; ID=abc");
    txt("extension", "v=STSv1; id=abc; foo=bar");
    txt("extension first", "v=STSv1; foo=bar; id=abc");
    txt("empty extension value", "v=STSv1; id=abc; foo=");
    txt("extension value with =", "v=STSv1; id=abc; foo=b=r");
    txt("extension value with space", "v=STSv1; id=abc; foo=b r");
    txt("extension name with _", "v=STSv1; id=abc; _foo=bar");
    txt("extension name 32", "v=STSv1; id=abc; " + "e".repeat(32) + "=1");
    txt("extension name 33", "v=STSv1; id=abc; " + "e".repeat(33) + "=1");
    txt("extension name with dot and dash", "v=STSv1; id=abc; a.b-c_d=1");
    txt("field without =", "v=STSv1; id=abc; foo");
    txt("empty field", "v=STSv1; id=abc;; foo=bar");
    txt("two trailing delimiters", "v=STSv1; id=abc;;");
    txt("tab delimiters", "v=STSv1;\tid=abc\t;\tfoo=bar");
    txt("duplicate id", "v=STSv1; id=abc; id=def");
    txt("duplicate id, second invalid", "v=STSv1; id=abc; id=d-f");
    txt("duplicate id, first invalid", "v=STSv1; id=a-c; id=def");
    txt("version only", "v=STSv1");
    txt("version and delimiter", "v=STSv1;");
    txt("non-ASCII id", "v=STSv1; id=abcé");
    txt("non-ASCII extension", "v=STSv1; id=abc; foo=bär");
    txt("huge extension", "v=STSv1; id=abc; foo=" + "x".repeat(60000));
    txt("many fields", "v=STSv1; id=abc" + "; f=1".repeat(5000));
    txt("two records", "v=STSv1; id=abc", "v=STSv1; id=def");
    txt("two identical texts", "v=STSv1; id=abc", "v=STSv1;  id=abc");
    txt("one plus SPF", "v=STSv1; id=abc", "v=spf1 -all");
    txt("one plus bare version", "v=STSv1; id=abc", "v=STSv1");
    txt("one plus version-space", "v=STSv1; id=abc", "v=STSv1 ;id=def");
    txt("one plus lower-case", "v=STSv1; id=abc", "v=stsv1; id=def");
    txt("one plus v=STSv10", "v=STSv1; id=abc", "v=STSv10; id=def");
    txt("valid plus invalid", "v=STSv1; id=abc", "v=STSv1; id=");
    txt("no record");
    txt("only SPF", "v=spf1 -all");
    txt("v=STSv10", "v=STSv10; id=abc");
    txtSplit("split strings", List.of(List.of("v=STSv1; ", "id=abc")));
    txtSplit("split inside id", List.of(List.of("v=STSv1; id=ab", "c123")));
    txtSplit("split inside version", List.of(List.of("v=ST", "Sv1; id=abc")));
  }

  private static final String[] TXT_PIECES = {
    "id=abc",
    "id=",
    "id=" + "z".repeat(32),
    "id=" + "z".repeat(33),
    "id=20240501",
    "id=2024-05-01",
    "ID=abc",
    "id =abc",
    "id= abc",
    "foo=bar",
    "foo=",
    "foo",
    "",
    " ",
    "\t",
    "x=y=z",
    "_e=1",
    "id=ab\u00e9",
    "e.x-t=1",
    "id=Q",
    "id=abc ",
    " id=abc"
  };
  private static final String[] TXT_VERSIONS = {
    "v=STSv1", "v=STSv1", "v=STSv1", "v=STSv1 ", "v=stsv1", "V=STSv1", " v=STSv1", "v=STSv1\t"
  };

  private String randomTxtRecord() {
    StringBuilder b = new StringBuilder(pick(TXT_VERSIONS));
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      b.append(pick(new String[] {";", "; ", " ;", ";\t", ";;"})).append(pick(TXT_PIECES));
    }
    if (rnd.nextInt(3) == 0) {
      b.append(pick(new String[] {";", "; ", " "}));
    }
    return b.toString();
  }

  private void randomTxt() {
    int n = rnd.nextInt(10) < 7 ? 1 : rnd.nextInt(3);
    String[] records = new String[n];
    for (int i = 0; i < n; i++) {
      records[i] = rnd.nextInt(8) == 0 ? "v=spf1 -all" : randomTxtRecord();
    }
    txt("random", records);
  }

  // ---- policy file

  private void policy(String title, String body) {
    ObjectNode c = base("sts-p" + String.format("%05d", policyN++), "policy", title);
    c.put("body", body);
  }

  private void policyEdges() {
    String ok = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n";
    policy("LF", ok);
    policy("CRLF", ok.replace("\n", "\r\n"));
    policy(
        "mixed line endings",
        "version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmax_age: 604800");
    policy("no final newline", ok.strip());
    policy("CR only", ok.replace("\n", "\r"));
    policy("trailing spaces", ok.replace("\n", "  \n"));
    policy("trailing tab", ok.replace("\n", "\t\n"));
    policy("no space after colon", ok.replace(": ", ":"));
    policy("tab after colon", ok.replace(": ", ":\t"));
    policy("space before colon", ok.replace("mode: ", "mode : "));
    policy("leading space on a line", ok.replace("mode:", " mode:"));
    policy("blank line", ok.replace("mode:", "\nmode:"));
    policy("final blank line", ok + "\n");
    policy("BOM", "\uFEFF" + ok);
    policy("upper-case field name", ok.replace("mode:", "Mode:"));
    policy("upper-case mode", ok.replace("enforce", "Enforce"));
    policy("upper-case version value", ok.replace("STSv1", "stsv1"));
    policy("mode testing", ok.replace("enforce", "testing"));
    policy("mode none without mx", "version: STSv1\nmode: none\nmax_age: 86400\n");
    policy("mode enforce without mx", "version: STSv1\nmode: enforce\nmax_age: 86400\n");
    policy("mode testing without mx", "version: STSv1\nmode: testing\nmax_age: 86400\n");
    policy("unknown mode", ok.replace("enforce", "reject"));
    policy("empty mode", ok.replace("enforce", ""));
    policy("missing version", ok.replace("version: STSv1\n", ""));
    policy("missing mode", ok.replace("mode: enforce\n", ""));
    policy("missing max_age", ok.replace("max_age: 604800\n", ""));
    policy("version STSv2", ok.replace("STSv1", "STSv2"));
    policy("two modes", ok + "mode: testing\n");
    policy(
        "two modes, first invalid", ok.replace("mode: enforce\n", "mode: bogus\nmode: enforce\n"));
    policy("two modes, second invalid", ok + "mode: bogus\n");
    policy("two max_age", ok + "max_age: 86400\n");
    policy("two max_age, second invalid", ok + "max_age: x\n");
    policy("two versions", ok + "version: STSv2\n");
    for (String age :
        new String[] {
          "0",
          "1",
          "86399",
          "31557600",
          "31557601",
          "9999999999",
          "99999999999",
          "-1",
          "+5",
          "1e5",
          "0x10",
          "86400.0",
          "",
          "0000000001",
          "00000000001",
          " 86400",
          "86 400",
          "\u0661\u0662"
        }) {
      policy("max_age " + age, ok.replace("604800", age));
    }
    for (String mx :
        new String[] {
          "*.example.com",
          "MAIL.EXAMPLE.COM",
          "mail.example.com.",
          "*.*.example.com",
          "mail*.example.com",
          "*example.com",
          "*",
          "*.",
          "*.com",
          "192.0.2.1",
          "[192.0.2.1]",
          "2001:db8::1",
          "m\u00fcnchen.de",
          "xn--mnchen-3ya.de",
          "localhost",
          "-a.example.com",
          "a-.example.com",
          "a_b.example.com",
          "mail example.com",
          "",
          ".",
          "example..com",
          "a".repeat(63) + ".example.com",
          "a".repeat(64) + ".example.com",
          ("a".repeat(60) + ".").repeat(5) + "com",
          "mail.example.com:25",
          "123.example.com",
          "1.2.3.4.example.com",
          "mail.example.123"
        }) {
      policy("mx " + mx, ok.replace("mail.example.com", mx));
    }
    policy("mx twice", ok + "mx: mail.example.com\n");
    policy("mx case duplicates", ok + "mx: MAIL.example.com\n");
    policy("two mx, one invalid", ok + "mx: bad..example.com\n");
    policy("1000 mx", ok + "mx: m.example.com\n".repeat(1000));
    policy("extension field", ok + "foo: bar\n");
    policy("extension with spaces", ok + "foo: bar baz\n");
    policy("extension non-ASCII", ok + "foo: b\u00e4r\n");
    policy("extension name 33", ok + "e".repeat(33) + ": 1\n");
    policy("non-field line", ok + "this is not a field\n");
    policy("comment line", "# policy\n" + ok);
    policy("control character", ok + "foo: a\u0001b\n");
    policy("NUL in mode", ok.replace("enforce", "enforce\u0000"));
    policy("70 KB of extensions", ok + "foo: x\n".repeat(10000));
    policy("HTML", "<html><body>Not Found</body></html>\n");
    policy("empty", "");
    policy("JSON", "{\"mode\":\"enforce\"}");
  }

  private static final String[] VERSION_LINES = {
    "version: STSv1", "version: STSv1", "version:STSv1", "Version: STSv1", "version: stsv1"
  };
  private static final String[] MODE_LINES = {
    "mode: enforce",
    "mode: testing",
    "mode: none",
    "mode: enforce",
    "mode: Enforce",
    "mode: bogus",
    "mode:testing"
  };
  private static final String[] AGE_LINES = {
    "max_age: 604800",
    "max_age: 86400",
    "max_age: 31557600",
    "max_age: 31557601",
    "max_age: 0",
    "max_age: -5",
    "max_age: 12345678901",
    "max_age:1"
  };
  private static final String[] MX_VALUES = {
    "mail.example.com",
    "*.example.com",
    "MX.Example.COM",
    "mail.example.com.",
    "*.mail.example.com",
    "bad..example.com",
    "192.0.2.7",
    "m\u00fcnchen.de",
    "a.b.example.com",
    "*.*.example.com",
    "example.com",
    "x",
    "mx1.example.net"
  };
  private static final String[] NOISE_LINES = {"", "foo: bar", "# comment", "  ", "mx:", "junk"};

  private String randomBody() {
    List<String> lines = new ArrayList<>();
    if (rnd.nextInt(10) > 0) lines.add(pick(VERSION_LINES));
    if (rnd.nextInt(10) > 0) lines.add(pick(MODE_LINES));
    if (rnd.nextInt(10) > 0) lines.add(pick(AGE_LINES));
    int mx = rnd.nextInt(4);
    for (int i = 0; i < mx; i++) lines.add("mx: " + pick(MX_VALUES));
    if (rnd.nextInt(4) == 0) lines.add(pick(NOISE_LINES));
    if (rnd.nextInt(5) == 0)
      lines.add(pick(new String[] {pick(MODE_LINES), pick(AGE_LINES), pick(VERSION_LINES)}));
    java.util.Collections.shuffle(lines, rnd);
    String eol = pick(new String[] {"\n", "\n", "\r\n", " \n"});
    String body = String.join(eol, lines);
    return rnd.nextBoolean() ? body + eol : body;
  }

  private void randomPolicy() {
    policy("random", randomBody());
  }

  // ---- MX matching

  private void match(String title, String body, String host) {
    ObjectNode c = base("sts-m" + String.format("%05d", matchN++), "match", title);
    c.put("body", body);
    c.put("host", host);
  }

  private void matchEdges() {
    String[] patterns = {
      "*.example.com",
      "mail.example.com",
      "MAIL.example.com",
      "*.EXAMPLE.com",
      "xn--mnchen-3ya.de",
      "*.xn--mnchen-3ya.de"
    };
    String[] hosts = {
      "example.com",
      "mail.example.com",
      "a.b.example.com",
      "MAIL.EXAMPLE.COM.",
      "mail.example.com.",
      ".example.com",
      "*.example.com",
      "mailexample.com",
      "xexample.com",
      "mail.example.com.evil.net",
      " mail.example.com",
      "",
      "xn--mnchen-3ya.de",
      "m\u00fcnchen.de",
      "mx.xn--mnchen-3ya.de",
      "mx.m\u00fcnchen.de",
      "mail.example.com..",
      "-.example.com"
    };
    for (String p : patterns) {
      for (String h : hosts) {
        match(p + " vs " + h, HEAD + "mx: " + p + "\n", h);
      }
    }
    match("no mx in mode none", "version: STSv1\nmode: none\nmax_age: 86400\n", "mail.example.com");
    match(
        "second pattern matches",
        HEAD + "mx: a.example.net\nmx: *.example.com\n",
        "mx.example.com");
  }

  private static final String[] HOST_LABELS = {"mail", "mx", "a", "MX", "b", "xn--mnchen-3ya", "1"};
  private static final String[] BASES = {"example.com", "example.net", "com", "example.com."};

  private void randomMatch() {
    StringBuilder body = new StringBuilder(HEAD);
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      body.append("mx: ")
          .append(rnd.nextBoolean() ? "*." : pick(HOST_LABELS) + ".")
          .append(pick(BASES).replaceAll("\\.$", ""))
          .append('\n');
    }
    StringBuilder host = new StringBuilder();
    int labels = rnd.nextInt(3);
    for (int i = 0; i < labels; i++) host.append(pick(HOST_LABELS)).append('.');
    host.append(pick(BASES));
    match(
        "random",
        body.toString(),
        rnd.nextInt(6) == 0 ? host.toString().toUpperCase() : host.toString());
  }

  // ----

  private ObjectNode base(String id, String group, String title) {
    ObjectNode c = JSON.objectNode();
    c.put("id", id);
    c.put("group", group);
    c.put("title", title);
    out.add(c);
    return c;
  }

  private String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }
}
