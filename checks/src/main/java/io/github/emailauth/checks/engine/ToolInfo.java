package io.github.emailauth.checks.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * The tool that wrote a report: name, version, and where the check catalogue is published (SARIF
 * rules link to it).
 *
 * @param docsUrl the base URL of the {@code docs/} folder, ending in {@code /}
 */
public record ToolInfo(String name, String version, String docsUrl) {
  public static final String NAME = "emailauth";
  private static final String RESOURCE = "/emailauth-version.properties";

  public ToolInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(docsUrl, "docsUrl");
  }

  /** This build's version, from a resource Maven filters at build time. */
  public static ToolInfo current() {
    Properties p = new Properties();
    try (InputStream in = ToolInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ToolInfo(NAME, p.getProperty("version"), p.getProperty("docs.url"));
  }

  /** The URL of a check id's section in the catalogue: {@code .../checks.md#dmarc-drift}. */
  public String checkUrl(String checkId) {
    return docsUrl + "checks.md#" + anchor(checkId);
  }

  /** The anchor a Markdown renderer gives the heading {@code ### DMARC-DRIFT}. */
  static String anchor(String heading) {
    StringBuilder out = new StringBuilder();
    for (char c : heading.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        out.append(c);
      } else if (c == ' ') {
        out.append('-');
      }
    }
    return out.toString();
  }
}
