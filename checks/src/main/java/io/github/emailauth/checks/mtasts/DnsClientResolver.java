package io.github.emailauth.checks.mtasts;

import io.github.emailauth.checks.dns.DnsClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Lets Apache HttpClient resolve host names through our {@link DnsClient}, so {@code
 * emailauth.nameservers} and zone files decide where the policy is fetched from. The JDK's own HTTP
 * client cannot take a resolver on Java 17; this is why HttpClient 5 is used.
 */
final class DnsClientResolver implements DnsResolver {
  private final DnsClient dns;
  private final Duration timeout;

  DnsClientResolver(DnsClient dns, Duration timeout) {
    this.dns = dns;
    this.timeout = timeout;
  }

  /** Thrown when the lookup failed (as opposed to the name having no address). */
  static final class LookupFailedException extends UnknownHostException {
    LookupFailedException(String message) {
      super(message);
    }
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    HostAddresses found;
    try {
      found = HostAddresses.lookup(dns, host).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LookupFailedException("interrupted while resolving " + host);
    } catch (ExecutionException | TimeoutException e) {
      throw new LookupFailedException("resolving " + host + " failed: " + e);
    }
    if (!found.addresses().isEmpty()) {
      return found.addresses().toArray(new InetAddress[0]);
    }
    if (found.failure() != null) {
      throw new LookupFailedException(
          "resolving " + host + " failed: " + found.failure().describe());
    }
    throw new UnknownHostException(found.describeAbsence());
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    // Only used for Kerberos/SPNEGO; the fetch never authenticates.
    return host;
  }
}
