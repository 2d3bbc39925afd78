package io.github.emailauth.checks.dns;

import java.nio.file.Path;
import java.util.List;

/** Picks the {@link DnsClient} a run needs from its options. */
public final class DnsClients {
  private DnsClients() {}

  /**
   * Zone files given: a {@link ZoneFileDnsClient} over them, which asks the name servers for names
   * outside the loaded zones only when name servers were given explicitly (an explicit list says
   * "live DNS is fine here"; without one, a zone-file run stays offline and reports such names as
   * failures). No zone files: a {@link ResolverDnsClient}.
   *
   * @throws ZoneFileException when a zone file cannot be read or parsed
   */
  public static DnsClient create(DnsOptions options, List<Path> zoneFiles)
      throws ZoneFileException {
    if (zoneFiles.isEmpty()) {
      return new ResolverDnsClient(options);
    }
    DnsClient fallback = options.nameservers().isEmpty() ? null : new ResolverDnsClient(options);
    try {
      return ZoneFileDnsClient.load(zoneFiles, fallback);
    } catch (ZoneFileException | RuntimeException e) {
      if (fallback != null) {
        fallback.close();
      }
      throw e;
    }
  }
}
