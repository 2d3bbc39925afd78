package io.github.emailauth.policy;

import io.github.emailauth.policy.YNode.Entry;
import io.github.emailauth.policy.YNode.YMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A mapping read against its {@link PolicyShape.Fields}: unknown keys are reported on creation
 * (with "did you mean" from the keys valid there), and the reader can ask only for listed keys.
 */
final class Section {
  private final YMap map;
  private final PolicyShape.Fields shape;
  private final SourcePosition sectionPosition;
  private final Set<String> read = new HashSet<>();
  private boolean failed;

  /**
   * @param name completes "unknown key `x` ...": "in `dmarc`", "at the top level"
   * @param sectionPosition where the section's own key was written (for {@link KeyPositions})
   */
  Section(
      YMap map,
      PolicyShape.Fields shape,
      String name,
      SourcePosition sectionPosition,
      Problems problems) {
    this.map = map;
    this.shape = shape;
    this.sectionPosition = sectionPosition;
    problems.spend(map.entries().size());
    for (Entry entry : map.entries().values()) {
      if (!shape.keys().contains(entry.key())) {
        problems.add(
            entry.keyPosition(),
            "unknown key `" + entry.key() + "` " + name,
            Suggest.didYouMean(entry.key(), shape.keys()));
      }
    }
  }

  /** The value of {@code key}, or null when it is not written. */
  YNode get(String key) {
    Entry entry = entry(key);
    return entry == null ? null : entry.value();
  }

  Entry entry(String key) {
    if (!shape.keys().contains(key)) {
      throw new IllegalStateException("loader bug: `" + key + "` is not in the policy shape");
    }
    read.add(key);
    return map.entry(key);
  }

  /**
   * {@code key} read by {@code reader}, or null when it is not written. A written value the reader
   * rejects (returns null, having reported why) marks the section failed: see {@link #ok}.
   */
  <T> T read(String key, Function<YNode, T> reader) {
    return read(key, null, reader);
  }

  /** As {@link #read(String, Function)}, with {@code absent} when the key is not written. */
  <T> T read(String key, T absent, Function<YNode, T> reader) {
    YNode node = get(key);
    if (node == null) {
      return absent;
    }
    T value = reader.apply(node);
    if (value == null) {
      failed = true;
    }
    return value;
  }

  /** Marks the section failed for a problem found across keys (a contradiction, a missing key). */
  void fail() {
    failed = true;
  }

  /** True when every value {@link #read} was valid and nothing called {@link #fail}. */
  boolean ok() {
    return !failed;
  }

  boolean has(String key) {
    return entry(key) != null;
  }

  /** Where {@code key} was written, or the section's position when it was not. */
  SourcePosition keyPosition(String key) {
    Entry entry = map.entry(key);
    return entry == null ? sectionPosition : entry.keyPosition();
  }

  SourcePosition position() {
    return sectionPosition;
  }

  /**
   * The positions of the keys written here, plus {@code extra} (nested keys such as alignment.spf).
   */
  KeyPositions positions(Map<String, SourcePosition> extra) {
    Map<String, SourcePosition> keys = new LinkedHashMap<>();
    for (Entry entry : map.entries().values()) {
      if (shape.keys().contains(entry.key())) {
        keys.put(entry.key(), entry.keyPosition());
      }
    }
    keys.putAll(extra);
    return new KeyPositions(sectionPosition, keys);
  }

  KeyPositions positions() {
    return positions(Map.of());
  }

  /**
   * Asserts that the reader looked at every valid key that is present: a key listed in the shape
   * but never read would be accepted and silently ignored.
   */
  void finish() {
    for (String key : map.entries().keySet()) {
      if (shape.keys().contains(key) && !read.contains(key)) {
        throw new IllegalStateException("loader bug: `" + key + "` was accepted but not read");
      }
    }
  }
}
