package io.github.emailauth.checks.dmarc;

import com.google.common.net.InternetDomainName;

/**
 * Which part of the Public Suffix List defines RFC 7489 organizational domains (§3.2). RFC 7489
 * names publicsuffix.org (App. A.6.1) but not whether its PRIVATE section (blogspot.com, github.io:
 * suffixes run by companies) counts; receivers differ. The list itself comes with Guava ({@link
 * InternetDomainName}), so it moves with the pinned Guava version.
 */
public enum SuffixList {
  /**
   * ICANN and private sections: {@code foo.blogspot.com} is its own organizational domain. The
   * default, because publicsuffix.org and OpenDMARC use the whole list.
   */
  PUBLIC,
  /** ICANN section only: {@code foo.blogspot.com} belongs to {@code blogspot.com}. */
  REGISTRY;

  /**
   * The RFC 7489 §3.2 organizational domain of {@code domain} (lower case, no trailing dot): the
   * longest matching suffix plus one label. A name the list does not know ends in an unlisted
   * label; the PSL's implicit {@code *} rule makes that label the suffix. A suffix itself, or a
   * name Guava cannot parse, is its own organizational domain.
   */
  String orgDomain(String domain) {
    InternetDomainName name;
    try {
      name = InternetDomainName.from(domain);
    } catch (IllegalArgumentException e) {
      return fallback(domain);
    }
    if (this == PUBLIC) {
      if (name.isUnderPublicSuffix()) {
        return name.topPrivateDomain().toString();
      }
      if (name.hasPublicSuffix()) {
        return domain;
      }
    } else {
      if (name.isUnderRegistrySuffix()) {
        return name.topDomainUnderRegistrySuffix().toString();
      }
      if (name.hasRegistrySuffix()) {
        return domain;
      }
    }
    return fallback(domain);
  }

  /** True when {@code domain} is itself a suffix on this list (a public suffix domain). */
  boolean isSuffix(String domain) {
    try {
      InternetDomainName name = InternetDomainName.from(domain);
      return this == PUBLIC ? name.isPublicSuffix() : name.isRegistrySuffix();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String fallback(String domain) {
    int last = domain.lastIndexOf('.');
    if (last < 0) {
      return domain;
    }
    int prev = domain.lastIndexOf('.', last - 1);
    return domain.substring(prev + 1);
  }
}
