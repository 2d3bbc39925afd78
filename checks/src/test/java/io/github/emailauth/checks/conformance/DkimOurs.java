package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emailauth.checks.dkim.DkimConformanceProbe;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one DKIM case through our key-record parser over its own loopback DNS server. */
final class DkimOurs {
  private DkimOurs() {}

  static ObjectNode run(JsonNode c) throws Exception {
    try (TestDnsServer server = TestDnsServer.start()) {
      Zone.serve(c, server);
      try (DnsClient dns = server.client(SpfOurs.DNS_TIMEOUT)) {
        Map<String, String> v =
            DkimConformanceProbe.verdict(dns, c.get("name").asText()).get(30, TimeUnit.SECONDS);
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("id", c.get("id").asText());
        v.forEach(r::put);
        return r;
      }
    }
  }
}
