package io.github.emailauth.maven;

import io.github.emailauth.checks.engine.Engine;
import io.github.emailauth.policy.Policy;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Reads the policy only, with no network: policy errors stop the build with file:line:column, and
 * weak choices (p=none, no rua, ...) are reported like any finding.
 */
@Mojo(
    name = "lint",
    defaultPhase = LifecyclePhase.VALIDATE,
    requiresProject = false,
    threadSafe = true)
public class LintMojo extends AbstractEmailAuthMojo {
  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    Policy policy = loadPolicy();
    Engine engine = engine();
    publish(engine, engine.lint(policy));
  }
}
