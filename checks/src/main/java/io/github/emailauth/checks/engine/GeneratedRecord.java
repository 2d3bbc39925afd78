package io.github.emailauth.checks.engine;

import java.util.Objects;

/**
 * One DNS record to publish.
 *
 * @param name owner name, lower case, no trailing dot
 * @param type "TXT", "MX", "CNAME"
 * @param ttl seconds
 * @param value the record data as one string: for TXT the whole text (the zone writer splits it
 *     into 255-byte strings), for MX {@code "10 mx1.example.com."}
 * @param protocol which protocol it belongs to
 */
public record GeneratedRecord(String name, String type, long ttl, String value, Protocol protocol) {
  public static final long DEFAULT_TTL = 3600;

  public GeneratedRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(protocol, "protocol");
  }
}
