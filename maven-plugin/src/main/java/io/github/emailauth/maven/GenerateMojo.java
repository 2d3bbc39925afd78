package io.github.emailauth.maven;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.Engine;
import io.github.emailauth.checks.engine.Generation;
import io.github.emailauth.checks.output.ArtifactWriter;
import io.github.emailauth.policy.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes the records and files that realise the declaration: {@code zone/<domain>.zone}, {@code
 * records.json} and each protocol's policy files, deterministically. Lint findings are reported and
 * fail the build as with {@code lint}.
 */
@Mojo(
    name = "generate",
    defaultPhase = LifecyclePhase.GENERATE_RESOURCES,
    requiresProject = false,
    threadSafe = true)
public class GenerateMojo extends AbstractEmailAuthMojo {
  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    Policy policy = loadPolicy();
    Engine engine = engine();
    Generation generation;
    // a module may need DNS (a flattened SPF chain); DMARC and MX records never ask
    try (DnsClient dns = dnsClient()) {
      generation = engine.generate(policy, dns);
    }
    Path out = outputDirectory();
    try {
      List<Path> written = ArtifactWriter.write(generation.domains(), out);
      getLog().info("emailauth: wrote " + written.size() + " files to " + out);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write generated files to " + out + ": " + e, e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MojoExecutionException("cannot write generated files: " + e.getMessage(), e);
    }
    publish(engine, generation.report());
  }
}
