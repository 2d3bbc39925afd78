package io.github.emailauth.maven;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.spf.SpfExplain;
import io.github.emailauth.checks.spf.SpfRequest;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Answers "why does this IP fail SPF?": runs check_host() for one address against one domain's live
 * record (or the zone files) and prints the result and the whole evaluation trace, each term, each
 * DNS question with its answer, the running lookup count. Reads no policy and never fails the build
 * on the result: the printout is the product.
 *
 * <pre>
 * mvn emailauth:explain -Demailauth.domain=example.com -Demailauth.ip=192.0.2.1
 * </pre>
 */
@Mojo(name = "explain", requiresProject = false, threadSafe = true)
public class ExplainMojo extends AbstractEmailAuthMojo {
  /** The domain whose SPF record is evaluated (the MAIL FROM or HELO domain). */
  @Parameter(property = "emailauth.domain")
  String domain;

  /** The connecting client's address, IPv4 or IPv6. */
  @Parameter(property = "emailauth.ip")
  String ip;

  /** The MAIL FROM address, for the macros that use it; {@code postmaster@<domain>} by default. */
  @Parameter(property = "emailauth.sender")
  String sender;

  /** The HELO/EHLO name, for the {@code %{h}} macro; the domain by default. */
  @Parameter(property = "emailauth.helo")
  String helo;

  @Override
  void run() throws MojoExecutionException {
    if (domain == null || domain.isBlank() || ip == null || ip.isBlank()) {
      throw new MojoExecutionException(
          "emailauth:explain needs the domain and the client address:"
              + " -Demailauth.domain=example.com -Demailauth.ip=192.0.2.1"
              + " [-Demailauth.sender=user@example.com] [-Demailauth.helo=mx.example.net]");
    }
    SpfRequest request = parameter(() -> SpfExplain.request(domain, ip, sender, helo));
    List<String> lines;
    try (DnsClient dns = dnsClient()) {
      // check_host() ends itself with temperror after 20 s; this only guards against a hang
      lines = SpfExplain.explain(dns, request).get(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while evaluating SPF", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new MojoExecutionException("SPF evaluation did not complete: " + e, e);
    }
    lines.forEach(getLog()::info);
  }
}
