package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.net.InetAddresses;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.spf.CheckHost;
import io.github.emailauth.checks.spf.SpfOutcome;
import io.github.emailauth.checks.spf.SpfRequest;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs one SPF case through our check_host() over its own loopback DNS server. */
final class SpfOurs {
  /** Per query; a "timeout" fault waits this long. */
  static final Duration DNS_TIMEOUT = Duration.ofMillis(300);

  private SpfOurs() {}

  static ObjectNode run(JsonNode c) throws Exception {
    try (TestDnsServer server = TestDnsServer.start()) {
      Zone.serve(c, server);
      try (DnsClient dns = server.client(DNS_TIMEOUT)) {
        CheckHost checkHost =
            new CheckHost(dns, CheckHost.Options.defaults().withReceiver(SpfCases.RECEIVER));
        SpfRequest request =
            SpfRequest.mailFrom(
                InetAddresses.forString(c.get("ip").asText()),
                c.get("sender").asText(),
                c.get("helo").asText());
        SpfOutcome out = checkHost.check(request).get(60, TimeUnit.SECONDS);
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("id", c.get("id").asText());
        r.put("result", out.result().label());
        r.put("reason", out.reason());
        r.put("lookups", out.lookups());
        r.put("voids", out.voidLookups());
        return r;
      }
    }
  }
}
