package io.github.emailauth.policy;

/** DMARC identifier alignment mode ({@code adkim}, {@code aspf}). */
public enum Alignment {
  RELAXED("r"),
  STRICT("s");

  private final String tag;

  Alignment(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
