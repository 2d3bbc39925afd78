package io.github.emailauth.policy;

import static io.github.emailauth.policy.PolicyTesting.FILE;
import static io.github.emailauth.policy.PolicyTesting.domain;
import static io.github.emailauth.policy.PolicyTesting.lines;
import static io.github.emailauth.policy.PolicyTesting.problemAt;
import static io.github.emailauth.policy.PolicyTesting.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad policy per row: the problem must sit at exactly that line and column, say what is wrong,
 * and suggest the fix. {@link PolicyTesting#domain} puts its lines from line 4 on.
 */
class PolicyProblemsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // --- unknown keys, with "did you mean" from the keys valid at that place
        row(
            "unknown dmarc key",
            domain("    dmarc:", "      polcy: reject"),
            5,
            7,
            "unknown key `polcy` in `dmarc`",
            "did you mean `policy`?"),
        row(
            "unknown domain key",
            domain("    mtasts:", "      mode: enforce"),
            4,
            5,
            "unknown key `mtasts` for a domain",
            "did you mean `mtaSts`?"),
        row(
            "unknown top-level key",
            lines("version: 1", "domains: {}", "chekcs: {}"),
            3,
            1,
            "unknown key `chekcs` at the top level",
            "did you mean `checks`?"),
        row(
            "unknown key far from any",
            domain("    tlsRpt:", "      rua: [mailto:t@example.com]", "      zzzzzz: 1"),
            6,
            7,
            "unknown key `zzzzzz` in `tlsRpt`",
            "valid here: rua"),
        row(
            "unknown sender key",
            lines("version: 1", "senders:", "  acme:", "    dkimSelector: [s1]", "domains: {}"),
            4,
            5,
            "unknown key `dkimSelector` for a sender",
            "did you mean `dkimSelectors`?"),
        row(
            "unknown MX entry key",
            domain("    mx:", "      - { preference: 10, hots: mx1.example.com }"),
            5,
            27,
            "unknown key `hots` in an MX entry",
            "did you mean `host`?"),
        // --- wrong types
        row(
            "section that is not a mapping",
            domain("    dmarc: reject"),
            4,
            12,
            "`dmarc` must be a mapping (`key: value` lines), not a string",
            null),
        row(
            "list written as a single value",
            domain("    dmarc:", "      policy: reject", "      rua: mailto:dmarc@example.com"),
            6,
            12,
            "`rua` must be a list, not a string",
            "write `rua: [mailto:dmarc@example.com]`"),
        row(
            "number that is a word",
            domain(
                "    mtaSts:",
                "      mode: testing",
                "      mx: [mx1.example.com]",
                "      maxAge: week"),
            7,
            15,
            "`maxAge` must be a whole number, not `week`",
            null),
        row(
            "boolean in quotes",
            domain("    spf:", "      all: fail", "      flatten: \"yes\""),
            6,
            16,
            "`flatten` must be true or false, not `yes`",
            "write it without quotes"),
        row(
            "version as a string",
            lines("version: \"1\"", "domains: {}"),
            1,
            10,
            "`version` must be a whole number, not `1`",
            null),
        row(
            "key that is a list",
            domain("    ? [a, b]", "    : x"),
            4,
            7,
            "a key must be a plain word, not a list",
            null),
        // --- top level
        row(
            "unsupported version",
            lines("version: 2", "domains: {}"),
            1,
            10,
            "unsupported policy format version 2",
            "this emailauth reads `version: 1`"),
        row(
            "missing version",
            lines("domains: {}"),
            1,
            1,
            "missing `version`",
            "add `version: 1` as the first line"),
        row(
            "missing domains",
            lines("version: 1"),
            1,
            1,
            "missing `domains`",
            "add `domains:` with at least one domain under it"),
        row(
            "duplicate key",
            domain("    dmarc: {policy: reject}", "    dmarc: {policy: none}"),
            5,
            5,
            "duplicate key `dmarc`",
            "it is already set at line 4; keep one"),
        // --- domain names
        row(
            "domain with a space",
            lines("version: 1", "domains:", "  exa mple.com:"),
            3,
            3,
            "domain `exa mple.com` is not a valid domain name: contains a space",
            null),
        row(
            "domain with an empty label",
            lines("version: 1", "domains:", "  example..com:"),
            3,
            3,
            "domain `example..com` is not a valid domain name: it has an empty label",
            null),
        row(
            "domain that is an IP address",
            lines("version: 1", "domains:", "  192.0.2.1:"),
            3,
            3,
            "domain `192.0.2.1` is not a valid domain name: it is an IP address",
            null),
        row(
            "domain with a label over 63 characters",
            lines("version: 1", "domains:", "  " + "a".repeat(64) + ".example:"),
            3,
            3,
            "is not a valid domain name",
            null),
        row(
            "same domain after normalisation",
            lines("version: 1", "domains:", "  example.com:", "  EXAMPLE.com.:"),
            4,
            3,
            "`EXAMPLE.com.` is the same domain as the one at line 3",
            "keep one"),
        // --- DMARC
        row(
            "unknown DMARC policy word",
            domain("    dmarc:", "      policy: rejct"),
            5,
            15,
            "unknown DMARC policy `rejct`",
            "did you mean `reject`? (one of none, quarantine, reject)"),
        row(
            "DMARC policy read as a YAML boolean",
            domain("    dmarc:", "      policy: yes"),
            5,
            15,
            "unknown DMARC policy `yes`",
            "use one of none, quarantine, reject"),
        row(
            "unknown subdomain policy word",
            domain("    dmarc:", "      policy: reject", "      subdomainPolicy: quarantin"),
            6,
            24,
            "unknown DMARC policy `quarantin`",
            "did you mean `quarantine`? (one of none, quarantine, reject)"),
        row(
            "DMARC without policy",
            domain("    dmarc:", "      rua: [mailto:d@example.com]"),
            4,
            5,
            "`dmarc` needs `policy`",
            "add `policy: reject` (or none/quarantine while you roll out)"),
        row(
            "unknown alignment",
            domain("    dmarc:", "      policy: reject", "      alignment:", "        spf: lax"),
            7,
            14,
            "unknown alignment mode `lax`",
            "use one of relaxed, strict, r, s"),
        row(
            "fo with 0 and 1",
            domain("    dmarc:", "      policy: reject", "      failureOptions: 0:1"),
            6,
            23,
            "bad `failureOptions` `0:1`: 0 (all failed) and 1 (any failed) exclude each other",
            "keep one of them"),
        row(
            "fo with an unknown option",
            domain("    dmarc:", "      policy: reject", "      failureOptions: 1:x"),
            6,
            23,
            "bad `failureOptions` `1:x`: `x` is not 0, 1, d or s",
            "join options with `:`, as in `1:d`"),
        row(
            "fo with a repeated option",
            domain("    dmarc:", "      policy: reject", "      failureOptions: d:d"),
            6,
            23,
            "bad `failureOptions` `d:d`: `d` twice",
            null),
        row(
            "psd word",
            domain("    dmarc:", "      policy: reject", "      psd: yes"),
            6,
            12,
            "unknown `psd` value `yes`",
            "use y, n or u (RFC 9989)"),
        row(
            "mailto without a domain",
            domain("    dmarc:", "      policy: reject", "      rua: [mailto:dmarc]"),
            6,
            13,
            "bad `rua` URI `mailto:dmarc`: it needs an address with a domain",
            "DMARC reports go to `mailto:` addresses, like mailto:dmarc@example.com"),
        row(
            "report address without mailto:",
            domain("    dmarc:", "      policy: reject", "      rua: [dmarc@example.com]"),
            6,
            13,
            "bad `rua` URI `dmarc@example.com`: it does not start with `mailto:`",
            "write `mailto:dmarc@example.com`"),
        row(
            "mailto with a bad domain",
            domain("    dmarc:", "      policy: reject", "      ruf: [mailto:dmarc@example..com]"),
            6,
            13,
            "bad `ruf` URI `mailto:dmarc@example..com`: the address domain `example..com` is not"
                + " valid",
            null),
        row(
            "DMARC report over https",
            domain(
                "    dmarc:", "      policy: reject", "      rua: [https://reports.example.com/]"),
            6,
            13,
            "it does not start with `mailto:`",
            null),
        row(
            "DMARC cname that is not a name",
            domain("    dmarc:", "      policy: reject", "      cname: \"not a name\""),
            6,
            14,
            "CNAME target `not a name` is not a valid domain name: contains a space",
            null),
        // --- MX
        row(
            "MX host that is an IP address",
            domain("    mx: [10 192.0.2.1]"),
            4,
            10,
            "MX host `192.0.2.1` is an IP address",
            "name the host, and give it an A/AAAA record"),
        row(
            "MX without preference",
            domain("    mx: [mx1.example.com]"),
            4,
            10,
            "`mx1.example.com` is not an MX entry",
            "write the preference and the host, as in `10 mx1.example.com.`"),
        row(
            "MX preference out of range",
            domain("    mx: [70000 mx1.example.com.]"),
            4,
            10,
            "MX preference must be between 0 and 65535, not 70000",
            null),
        row(
            "MX mapping without host",
            domain("    mx:", "      - preference: 10"),
            5,
            9,
            "an MX entry needs `preference` and `host`",
            "write `{ preference: 10, host: mx1.example.com }` or `10 mx1.example.com.`"),
        row(
            "MX host with an underscore",
            domain("    mx: [10 mx_1.example.com.]"),
            4,
            10,
            "MX host `mx_1.example.com.` is not a valid domain name: the character `_`",
            null),
        row(
            "null MX beside another MX",
            domain("    mx: [\"0 .\", 10 mx1.example.com.]"),
            4,
            10,
            "the null MX `0 .` must be the only MX, with preference 0 (RFC 7505 §3)",
            "remove the other MX entries, or the null MX"),
        row(
            "MX listed twice",
            domain("    mx: [10 mx1.example.com., 20 MX1.example.com]"),
            4,
            31,
            "MX host `mx1.example.com` is listed twice",
            "it is already at line 4; keep one"),
        // --- SPF
        row(
            "all as a symbol",
            domain("    spf:", "      all: -all"),
            5,
            12,
            "unknown `all` value `-all`",
            "write the word: `all: fail`"),
        row(
            "all: pass without allowPassAll",
            domain("    spf:", "      all: pass"),
            5,
            12,
            "`all: pass` (+all) lets every host on the internet send as this domain",
            "use `fail`; if you really mean it, add `allowPassAll: true`"),
        row(
            "spf without all or redirect",
            domain("    spf:", "      mechanisms: [mx]"),
            4,
            5,
            "`spf` needs `all` or `redirect`",
            "add `all: fail` (or softfail while you roll out)"),
        row(
            "redirect beside all",
            domain("    spf:", "      all: fail", "      redirect: _spf.example.com"),
            6,
            7,
            "`redirect` has no effect when `all` is set (RFC 7208 §6.1)",
            "remove `all` or `redirect`"),
        row(
            "several terms in one entry",
            domain("    spf:", "      all: fail", "      mechanisms: [\"include:a.example -all\"]"),
            6,
            20,
            "bad SPF term: `include:a.example -all` holds several terms",
            null),
        row(
            "mechanism typo",
            domain("    spf:", "      all: fail", "      mechanisms: [inclde:_spf.example.com]"),
            6,
            20,
            "bad SPF term: `inclde` is not an SPF mechanism; did you mean `include`?",
            null),
        row(
            "all among the mechanisms",
            domain("    spf:", "      all: fail", "      mechanisms: [\"~all\"]"),
            6,
            20,
            "bad SPF term: write `all` with the `all:` key",
            null),
        row(
            "v=spf1 among the mechanisms",
            domain("    spf:", "      all: fail", "      mechanisms: [v=spf1]"),
            6,
            20,
            "bad SPF term: `v=spf1` is written by the generator",
            null),
        row(
            "include without domain",
            domain("    spf:", "      all: fail", "      mechanisms: [include]"),
            6,
            20,
            "bad SPF term: `include` needs a domain",
            null),
        row(
            "authorize a network",
            domain("    spf:", "      all: fail", "      authorize: [192.0.2.0/24]"),
            6,
            19,
            "`192.0.2.0/24` is not an IP address: a network, not a single address",
            "list single addresses here; networks belong in `mechanisms` (ip4:, ip6:)"),
        row(
            "deny a host name",
            domain("    spf:", "      all: fail", "      deny: [mail.example.com]"),
            6,
            14,
            "`mail.example.com` is not an IP address: neither an IPv4 nor an IPv6 address",
            "write an IPv4 (192.0.2.10) or IPv6 (2001:db8::10) address; names are not looked up"),
        row(
            "authorize a bad IPv4",
            domain("    spf:", "      all: fail", "      authorize: [192.0.2.300]"),
            6,
            19,
            "`192.0.2.300` is not an IP address",
            null),
        row(
            "bad redirect domain",
            domain("    spf:", "      redirect: _spf..example.com"),
            5,
            17,
            "redirect domain `_spf..example.com` is not a valid domain name",
            null),
        // --- DKIM
        row(
            "selector with an underscore",
            domain("    dkim:", "      bad_sel: {}"),
            5,
            7,
            "DKIM selector `bad_sel` is not valid: the character `_` is not allowed in a name",
            "a selector is DNS labels of letters, digits and hyphens, joined by dots"),
        row(
            "missing public key file",
            domain("    dkim:", "      s1:", "        publicKey: keys/missing.pub"),
            6,
            20,
            "public key file `keys/missing.pub` does not exist",
            "paths are relative to the policy file's folder; looked for "
                + PolicyTesting.FILES.resolve("keys/missing.pub").toAbsolutePath()),
        row(
            "minBits too small",
            domain("    dkim:", "      s1:", "        minBits: 512"),
            6,
            18,
            "`minBits` must be between 1024 and 16384, not 512",
            null),
        row(
            "revoked not a boolean",
            domain("    dkim:", "      s1:", "        revoked: maybe"),
            6,
            18,
            "`revoked` must be true or false, not `maybe`",
            null),
        row(
            "retireAfter not a date",
            domain("    dkim:", "      s1:", "        retireAfter: 2026-13-01"),
            6,
            22,
            "`retireAfter` must be a date like 2026-06-30, not `2026-13-01`",
            null),
        row(
            "revoked selector with a key file",
            domain(
                "    dkim:",
                "      s1:",
                "        revoked: true",
                "        publicKey: keys/google.pub"),
            7,
            9,
            "`publicKey` contradicts `revoked: true`",
            "remove `publicKey`"),
        row(
            "selector the same as another",
            domain("    dkim:", "      s1: {}", "      S1: {}"),
            6,
            7,
            "DKIM selector `S1` is the same as the one at line 5",
            "keep one"),
        // --- MTA-STS
        row(
            "unknown MTA-STS mode",
            domain("    mtaSts:", "      mode: enforcing", "      mx: [mx1.example.com]"),
            5,
            13,
            "unknown MTA-STS mode `enforcing`",
            "did you mean `enforce`? (one of enforce, testing, none)"),
        row(
            "wildcard not leftmost",
            domain("    mtaSts:", "      mode: enforce", "      mx: [\"mx.*.example.com\"]"),
            6,
            12,
            "`mx.*.example.com` is not a valid MTA-STS mx pattern: a wildcard may only be the whole"
                + " leftmost label",
            null),
        row(
            "partial wildcard label",
            domain("    mtaSts:", "      mode: enforce", "      mx: [\"mx*.example.com\"]"),
            6,
            12,
            "a wildcard may only be the whole leftmost label",
            null),
        row(
            "mx pattern that is an IP address",
            domain("    mtaSts:", "      mode: enforce", "      mx: [192.0.2.1]"),
            6,
            12,
            "`192.0.2.1` is not a valid MTA-STS mx pattern: it is an IP address",
            null),
        row(
            "maxAge over a year",
            domain(
                "    mtaSts:",
                "      mode: testing",
                "      mx: [mx1.example.com]",
                "      maxAge: 31557601"),
            7,
            15,
            "`maxAge` must be between 0 and 31557600, not 31557601",
            null),
        row(
            "enforce without mx",
            domain("    mtaSts:", "      mode: enforce"),
            4,
            5,
            "MTA-STS mode enforce needs at least one `mx` pattern (RFC 8461 §3.2)",
            null),
        row(
            "MTA-STS without mode",
            domain("    mtaSts:", "      mx: [mx1.example.com]"),
            4,
            5,
            "`mtaSts` needs `mode`",
            "add `mode: testing`, then `enforce`"),
        row(
            "bad pinned id",
            domain(
                "    mtaSts:",
                "      mode: testing",
                "      mx: [mx1.example.com]",
                "      id: abc-123"),
            7,
            11,
            "MTA-STS `id` `abc-123` must be 1 to 32 letters and digits",
            null),
        // --- TLS-RPT
        row(
            "TLS-RPT over http",
            domain("    tlsRpt:", "      rua: [http://reports.example.com/]"),
            5,
            13,
            "bad `rua` URI `http://reports.example.com/`: TLS-RPT accepts `mailto:` and `https:`"
                + " URIs",
            "use mailto:tlsrpt@example.com or https://reports.example.com/tlsrpt"),
        row(
            "TLS-RPT https to an IP address",
            domain("    tlsRpt:", "      rua: [\"https://192.0.2.1/tlsrpt\"]"),
            5,
            13,
            "the host is an IP address",
            null),
        row(
            "TLS-RPT without rua",
            domain("    tlsRpt: {}"),
            4,
            5,
            "`tlsRpt` needs `rua`",
            "add `rua: [mailto:tlsrpt@example.com]`"),
        row(
            "TLS-RPT with an empty rua",
            domain("    tlsRpt: {rua: []}"),
            4,
            19,
            "`tlsRpt.rua` needs at least one URI",
            null),
        // --- BIMI
        row(
            "BIMI logo over http",
            domain("    bimi:", "      logo: http://brand.example.com/logo.svg"),
            5,
            13,
            "bad `logo` URL `http://brand.example.com/logo.svg`: the scheme is `http`, https is"
                + " required",
            "BIMI fetches over https://"),
        row(
            "BIMI logo file missing",
            domain(
                "    bimi:",
                "      logo: https://brand.example.com/logo.svg",
                "      logoFile: brand/missing.svg"),
            6,
            17,
            "logo file `brand/missing.svg` does not exist",
            null),
        row(
            "BIMI authority without logo",
            domain("    bimi:", "      authority: https://brand.example.com/vmc.pem"),
            5,
            7,
            "`authority` (a=) needs `logo` (l=)",
            "add `logo: https://...svg`"),
        row(
            "BIMI selector",
            domain("    bimi:", "      selector: \"-brand\""),
            5,
            17,
            "BIMI selector `-brand` is not valid: the label `-brand` starts or ends with a hyphen",
            null),
        // --- checks
        row(
            "check id in lower case",
            lines("version: 1", "domains: {}", "checks:", "  dmarc-no-ruf: off"),
            4,
            3,
            "`dmarc-no-ruf` is not a check id",
            "check ids are upper case: did you mean `DMARC-NO-RUF`?"),
        row(
            "check id without protocol",
            lines("version: 1", "domains: {}", "checks:", "  NORUF: off"),
            4,
            3,
            "`NORUF` is not a check id",
            "check ids look like `DMARC-NO-RUA`; see docs/checks.md"),
        row(
            "unknown severity",
            lines("version: 1", "domains: {}", "checks:", "  DMARC-NO-RUF: of"),
            4,
            17,
            "unknown severity `of`",
            "did you mean `off`? (one of error, warning, notice, off)"),
        row(
            "severity abbreviated",
            lines("version: 1", "domains: {}", "checks:", "  DMARC-NO-RUA: warn"),
            4,
            17,
            "unknown severity `warn`",
            "did you mean `warning`? (one of error, warning, notice, off)"),
        row(
            "DMARC policy word abbreviated",
            domain("    dmarc: { policy: quar }"),
            4,
            22,
            "unknown DMARC policy `quar`",
            "did you mean `quarantine`? (one of none, quarantine, reject)"),
        // --- senders and profile
        row(
            "unknown sender with a close name",
            lines(
                "version: 1",
                "senders:",
                "  google-workspace: {spf: [include:_spf.google.com]}",
                "domains:",
                "  example.com:",
                "    senders: [google-worksapce]"),
            6,
            15,
            "unknown sender `google-worksapce`",
            "did you mean `google-workspace`?"),
        row(
            "unknown sender when none are declared",
            domain("    senders: [acme]"),
            4,
            15,
            "unknown sender `acme`",
            "declare it under the top-level `senders:`"),
        row(
            "bad sender SPF term",
            lines("version: 1", "senders:", "  acme:", "    spf: [v=spf1]", "domains: {}"),
            4,
            11,
            "bad SPF term: `v=spf1` is written by the generator",
            null),
        row(
            "bad sender selector",
            lines("version: 1", "senders:", "  acme:", "    dkimSelectors: [a..b]", "domains: {}"),
            4,
            21,
            "DKIM selector `a..b` is not valid: it has an empty label",
            null),
        row(
            "bad sender name",
            lines("version: 1", "senders:", "  \"acme mail\": {}", "domains: {}"),
            3,
            3,
            "sender name `acme mail` is not valid",
            null),
        row(
            "unknown profile",
            domain("    profile: parkd"),
            4,
            14,
            "unknown profile `parkd`",
            "did you mean `parked`? (one of standard, parked)"),
        // --- YAML itself
        row(
            "local tag",
            domain("    dmarc: !reject {policy: reject}"),
            4,
            12,
            "YAML tag `!reject` is not allowed",
            null));
  }

  private static Arguments row(
      String name, String yaml, int line, int column, String message, String suggestion) {
    return Arguments.of(name, yaml, line, column, message, suggestion);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheProblemWhereItIs(
      String name, String yaml, int line, int column, String message, String suggestion) {
    List<PolicyProblem> problems = problems(yaml);
    PolicyProblem problem = problemAt(problems, line, column);
    assertEquals(FILE, problem.position().file());
    assertTrue(
        problem.message().contains(message),
        () -> "message at " + line + ":" + column + " was: " + problem.message());
    if (suggestion != null) {
      assertEquals(suggestion, problem.suggestion(), () -> "for " + problem);
    }
  }
}
