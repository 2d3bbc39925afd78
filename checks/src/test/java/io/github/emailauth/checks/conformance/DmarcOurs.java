package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emailauth.checks.dmarc.DmarcConformanceProbe;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.net.IDN;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one DMARC case through our RFC 9989 discovery over its own loopback DNS server. */
final class DmarcOurs {
  private DmarcOurs() {}

  static ObjectNode run(JsonNode c) throws Exception {
    try (TestDnsServer server = TestDnsServer.start()) {
      Zone.serve(c, server);
      try (DnsClient dns = server.client(SpfOurs.DNS_TIMEOUT)) {
        // the policy loader hands the checks lower-case A-labels
        String domain = IDN.toASCII(c.get("domain").asText().toLowerCase(Locale.ROOT));
        Map<String, String> v =
            DmarcConformanceProbe.rfc9989(dns, domain).get(30, TimeUnit.SECONDS);
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("id", c.get("id").asText());
        v.forEach(r::put);
        return r;
      }
    }
  }
}
