package io.github.emailauth.policy;

import java.util.Map;

/**
 * The positions of the keys of one mapping in the policy file, so that a finding about one declared
 * value (say {@code dmarc.policy}) can point at that exact line.
 */
public record KeyPositions(SourcePosition section, Map<String, SourcePosition> keys) {
  public KeyPositions {
    keys = Map.copyOf(keys);
  }

  public static KeyPositions of(SourcePosition section) {
    return new KeyPositions(section, Map.of());
  }

  /** The position of {@code key}, or of the section when the key was not written (a default). */
  public SourcePosition at(String key) {
    return keys.getOrDefault(key, section);
  }
}
