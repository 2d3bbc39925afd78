package io.github.emailauth.checks.dns;

/**
 * What a {@link DnsClient} did so far.
 *
 * @param questions questions asked by checks, cache hits included
 * @param sent queries actually sent to a server (or looked up in a zone), retries included
 * @param failures answers that were {@link DnsAnswer.Failure}
 */
public record DnsStats(long questions, long sent, long failures) {}
