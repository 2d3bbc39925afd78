package io.github.emailauth.policy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loaded, validated policy file.
 *
 * @param file the file it was read from (its folder anchors relative key and logo paths)
 * @param version the format version, 1
 * @param domains effective declarations by domain name, in declared order
 * @param senders named sending services by name
 * @param checks per-check severity overrides by check id
 */
public record Policy(
    Path file,
    int version,
    Map<String, DomainPolicy> domains,
    Map<String, Sender> senders,
    Map<String, CheckOverride> checks) {
  public Policy {
    domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
    senders = Collections.unmodifiableMap(new LinkedHashMap<>(senders));
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }
}
