package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestDnsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDnsServerExtension.class)
class SpfExplainTest {
  @Test
  void requestDefaultsAndSenderForms() {
    SpfRequest r = SpfExplain.request("example.com", "192.0.2.1", null, "");
    assertEquals("postmaster@example.com", r.sender());
    assertEquals("example.com", r.helo());
    assertEquals(
        "strong-bad@mail.example",
        SpfExplain.request("example.com", "192.0.2.1", "strong-bad@mail.example", null).sender());
    assertEquals(
        "postmaster@mail.example",
        SpfExplain.request("example.com", "192.0.2.1", "mail.example", null).sender());
    assertEquals(
        "postmaster@mail.example",
        SpfExplain.request("example.com", "192.0.2.1", "@mail.example", null).sender());
    assertEquals(
        "mx.example.net",
        SpfExplain.request("example.com", "2001:db8::1", null, "mx.example.net").helo());
    // an IPv4-mapped client is evaluated as IPv4 (RFC 7208 §5)
    assertEquals(
        InetAddresses.forString("192.0.2.1"),
        SpfExplain.request("example.com", "::ffff:192.0.2.1", null, null).ip());
  }

  @Test
  void anAddressThatIsNotALiteralIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SpfExplain.request("example.com", "mail.example.com", null, null));
    assertTrue(e.getMessage().contains("'mail.example.com' is not an IPv4 or IPv6 address"));
    assertThrows(
        IllegalArgumentException.class, () -> SpfExplain.request(" ", "192.0.2.1", null, null));
  }

  @Test
  void printsResultPathCountsAndEveryLookup(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 a:gone.example.com include:_spf.vendor.example ~all"
        _spf.vendor.example. TXT "v=spf1 ip4:198.51.100.0/24 -all"
        """);
    List<String> lines =
        SpfExplain.explain(
                dns.client(Duration.ofMillis(500)),
                SpfExplain.request(
                    "example.com", "192.0.2.1", "alice@example.com", "mx.example.net"))
            .get(20, TimeUnit.SECONDS);
    String text = String.join("\n", lines);
    assertEquals(
        "SPF check_host(192.0.2.1, example.com, alice@example.com) with HELO mx.example.net",
        lines.get(0));
    assertTrue(lines.get(1).startsWith("result: softfail ("), text);
    assertTrue(text.contains("  why: matched ~all in example.com"), text);
    assertTrue(text.contains("  lookups: 2 of 10 DNS-querying terms, 1 of 2 void lookups"), text);
    assertTrue(text.contains("? gone.example.com A -> NXDOMAIN  [void 1]"), text);
    assertTrue(text.contains("include:_spf.vendor.example  [lookup 2/10]"), text);
    assertTrue(
        text.contains("? _spf.vendor.example TXT -> \"v=spf1 ip4:198.51.100.0/24 -all\""), text);
    assertTrue(text.contains("=> _spf.vendor.example: fail"), text);
    assertTrue(text.contains("=> example.com: softfail"), text);
  }
}
