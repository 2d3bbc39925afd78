package io.github.emailauth.checks.engine;

import java.util.Objects;

/**
 * A file to publish, such as {@code mta-sts/example.com/.well-known/mta-sts.txt}.
 *
 * @param path relative to the output directory, with {@code /} separators
 */
public record GeneratedFile(String path, byte[] content) {
  public GeneratedFile {
    Objects.requireNonNull(path, "path");
    content = content.clone();
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("generated path must be relative and inside: " + path);
    }
  }

  @Override
  public byte[] content() {
    return content.clone();
  }
}
