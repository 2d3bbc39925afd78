package io.github.emailauth.maven;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * {@code emailauth.shard=i/n}: this run checks the i-th of n slices of the declared domains, so a
 * CI matrix of n jobs covers every domain exactly once. Shards are numbered from 1, like GitLab's
 * {@code CI_NODE_INDEX}/{@code CI_NODE_TOTAL}.
 *
 * <p>A domain's slice is a stable hash of its name, not its position in the file: adding or
 * reordering domains moves no other domain to another job, and every JVM agrees on the split.
 *
 * @param index 1-based
 * @param count how many shards in all
 */
record Shard(int index, int count) {
  Shard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, got " + count);
    }
    if (index < 1 || index > count) {
      throw new IllegalArgumentException(
          "shard index must be between 1 and " + count + ", got " + index);
    }
  }

  /** Parses {@code "2/4"}; spaces around the numbers are allowed. */
  static Shard parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    if (slash < 0 || slash != s.lastIndexOf('/')) {
      throw new IllegalArgumentException("shard must look like i/n (e.g. 1/4), got `" + text + "`");
    }
    try {
      int i = Integer.parseInt(s.substring(0, slash).strip());
      int n = Integer.parseInt(s.substring(slash + 1).strip());
      return new Shard(i, n);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard must look like i/n (e.g. 1/4), got `" + text + "`");
    }
  }

  /** True when {@code domain} belongs to this shard. Case and a trailing dot do not matter. */
  boolean includes(String domain) {
    return bucket(domain, count) == index - 1;
  }

  /**
   * The 0-based slice of {@code domain} among {@code count}: the first 8 bytes of the SHA-256 of
   * the lower-case name without trailing dot, as an unsigned number, modulo {@code count}.
   * Documented in docs/goals.md; changing it would move domains between CI jobs.
   */
  static int bucket(String domain, int count) {
    String name = domain.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    byte[] hash = sha256(name.getBytes(StandardCharsets.UTF_8));
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (hash[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(value, count);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
