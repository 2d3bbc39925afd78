package io.github.emailauth.maven;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.Engine;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.policy.Policy;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Lints the policy, then compares every declared domain's live DNS (or the given zone files) with
 * the declaration, writes the reports, and fails the build on findings at or above {@code failOn}.
 */
@Mojo(
    name = "verify",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresProject = false,
    threadSafe = true)
public class VerifyMojo extends AbstractEmailAuthMojo {
  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    Policy policy = loadPolicy();
    Engine engine = engine();
    Report report;
    try (DnsClient dns = dnsClient()) {
      report = engine.verify(policy, dns);
    }
    publish(engine, report);
  }
}
