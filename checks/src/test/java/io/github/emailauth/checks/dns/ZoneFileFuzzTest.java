package io.github.emailauth.checks.dns;

import static io.github.emailauth.checks.testing.Fuzz.HUGE_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.within;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Mutation fuzzing of {@link ZoneFileDnsClient#load} (docs/fuzzing.md): a zone file that is not
 * valid fails with {@link ZoneFileException}, nothing else, and a loaded one answers every query
 * (CNAME loops included) within a bounded time.
 */
class ZoneFileFuzzTest {
  private static final Duration BUDGET = Duration.ofSeconds(10);
  private static final List<String> NAMES =
      List.of(
          "example.com",
          "www.example.com",
          "loop1.example.com",
          "x.wild.example.com",
          "_dmarc.example.com");

  @Test
  void mutatedZoneFilesLoadOrFailWithZoneFileException(@TempDir Path dir) throws Exception {
    String seed =
        new String(
            ZoneFileFuzzTest.class.getResourceAsStream("/zones/example.com.zone").readAllBytes(),
            StandardCharsets.UTF_8);
    List<String> seeds =
        List.of(
            seed,
            "$ORIGIN example.com.\n$TTL 60\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ IN NS ns\n"
                + "ns IN A 192.0.2.53\n@ IN AAAA 2001:db8::1\n@ IN CAA 0 issue \"ca.example\"\n"
                + "$GENERATE 1-3 h$ IN A 192.0.2.$\n_mta-sts IN TXT \"v=STSv1; id=1\"\n");
    Fuzz fuzz = new Fuzz("zonefile");
    Path file = dir.resolve("example.com.zone");
    int loaded = 0;
    int refused = 0;
    int n = Fuzz.iterations(1_500);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(seeds), seeds);
      Files.write(file, input.getBytes(StandardCharsets.UTF_8)); // lone surrogates become '?'
      boolean ok = within(BUDGET, input, () -> loadAndQuery(file));
      if (ok) {
        loaded++;
      } else {
        refused++;
      }
    }
    assertTrue(loaded > n / 20 && refused > n / 20, "loaded " + loaded + ", refused " + refused);
  }

  @Test
  void hugeAndGeneratedZonesStayBounded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("example.com.zone");
    List<String> hostile =
        List.of(
            Fuzz.huge("$TTL 60\n", "a IN TXT \"" + "x".repeat(200) + "\"\n", 4_000_000),
            Fuzz.huge("$TTL 60\n@ IN TXT ", "\"" + "y".repeat(250) + "\" ", 2_000_000),
            Fuzz.huge("$TTL 60\n@ IN TXT \"", "\\\"", 2_000_000),
            Fuzz.huge("$TTL 60\n", "(", 2_000_000),
            "$GENERATE 1-2147483647 h$ IN A 192.0.2.1\n",
            "$GENERATE 0-4294967295/1 h${0,200,x} IN TXT \"$\"\n",
            "$TTL 60\n" + "a\tIN\tCNAME\tb\nb\tIN\tCNAME\ta\n".repeat(2));
    for (String input : hostile) {
      Files.writeString(file, input, StandardCharsets.UTF_8);
      within(Duration.ofSeconds(20), input, () -> loadAndQuery(file));
    }
  }

  /** True when loaded (and every query answered in time), false when refused as documented. */
  private static boolean loadAndQuery(Path file) throws Exception {
    ZoneFileDnsClient dns;
    try {
      dns = ZoneFileDnsClient.load(List.of(file), null);
    } catch (ZoneFileException documented) {
      assertNotNull(documented.getMessage());
      return false;
    }
    try (dns) {
      for (String name : NAMES) {
        for (int type : new int[] {Type.TXT, Type.MX, Type.A, Type.CNAME}) {
          DnsAnswer answer =
              dns.query(name, type).get(HUGE_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
          assertNotNull(answer);
        }
      }
    }
    return true;
  }
}
