package io.github.emailauth.checks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.emailauth.checks.dns.DnsAnswer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Type;

@ExtendWith(TestDnsServerExtension.class)
class TestDnsServerExtensionTest {
  private static TestDnsServer previous;
  private TestDnsServer fromBeforeEach;

  @BeforeEach
  void load(TestDnsServer dns) {
    fromBeforeEach = dns;
    dns.add("_dmarc.example.com. 60 IN TXT \"v=DMARC1; p=reject\"");
  }

  @Test
  void injectsOneServerPerTest(TestDnsServer dns) throws Exception {
    assertSame(fromBeforeEach, dns);
    DnsAnswer a =
        dns.client(Duration.ofMillis(500))
            .query("_dmarc.example.com", Type.TXT)
            .get(5, TimeUnit.SECONDS);
    assertEquals(java.util.List.of("v=DMARC1; p=reject"), ((DnsAnswer.Records) a).txt());
    previous = dns;
  }

  @AfterAll
  static void serverWasClosed() {
    if (previous != null) {
      assertEquals(true, previous.isClosed());
    }
  }
}
