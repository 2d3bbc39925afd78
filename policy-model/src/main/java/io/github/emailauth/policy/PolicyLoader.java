package io.github.emailauth.policy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads {@code emailauth.yaml}. Safe loading (no types, alias and size limits); every problem is
 * collected with file, line, column and a suggestion, and thrown together.
 */
public final class PolicyLoader {
  private PolicyLoader() {}

  /** Loads and validates the policy file. */
  public static Policy load(Path file) throws IOException, PolicyException {
    throw new UnsupportedOperationException("being written: see issue 2");
  }

  /**
   * Loads a policy from text. {@code fileName} is used in positions; {@code baseDir} anchors
   * relative key and logo paths.
   */
  public static Policy parse(String yaml, String fileName, Path baseDir) throws PolicyException {
    throw new UnsupportedOperationException("being written: see issue 2");
  }
}
