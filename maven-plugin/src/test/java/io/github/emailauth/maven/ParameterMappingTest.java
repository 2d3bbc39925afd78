package io.github.emailauth.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dns.DnsOptions;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.output.Format;
import io.github.emailauth.checks.testing.TestCa;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mojos as Maven configures them from a pom: parameters map onto the engine's options. */
@MojoTest
class ParameterMappingTest {
  private static final String POM = "classpath:/unit/pom.xml";

  @TempDir Path tmp;

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "policy", value = "/nonexistent/emailauth.yaml")
  void skipReadsNothingAndWritesNothing(VerifyMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.resolve("out").toFile();
    mojo.execute();
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  @InjectMojo(goal = "lint", pom = POM)
  @MojoParameter(name = "policy", value = "/nonexistent/emailauth.yaml")
  void aMissingPolicyIsABuildErrorNamingTheProperty(LintMojo mojo) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().contains("/nonexistent/emailauth.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("emailauth.policy"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "nameservers", value = "127.0.0.1:5353, 192.0.2.1")
  @MojoParameter(name = "timeout", value = "PT2S")
  @MojoParameter(name = "maxInFlight", value = "8")
  @MojoParameter(name = "concurrency", value = "3")
  @MojoParameter(name = "failOn", value = "warning")
  @MojoParameter(name = "failOnUnverifiable", value = "true")
  @MojoParameter(name = "formats", value = "json, SARIF")
  @MojoParameter(name = "probeSmtp", value = "true")
  @MojoParameter(name = "smtpPort", value = "2525")
  @MojoParameter(name = "mtaStsPort", value = "8443")
  void parametersMapOntoEngineOptions(VerifyMojo mojo) throws Exception {
    DnsOptions dns = mojo.dnsOptions();
    assertEquals(List.of("127.0.0.1:5353", "192.0.2.1"), dns.nameservers());
    assertEquals(Duration.ofSeconds(2), dns.timeout());
    assertEquals(1, dns.retries(), "from the pom's <configuration>");
    assertEquals(8, dns.maxInFlight());

    RunOptions run = mojo.runOptions();
    assertEquals(3, run.concurrency());
    assertEquals(Duration.ofSeconds(2), run.httpTimeout(), "one timeout for DNS and HTTPS");
    assertNull(run.trustStore());
    assertTrue(run.probeSmtp());
    assertEquals(2525, run.smtpPort());
    assertEquals(8443, run.mtaStsPort());

    assertEquals(new FailPolicy(FailPolicy.FailOn.WARNING, true), mojo.failPolicy());
    assertEquals(EnumSet.of(Format.JSON, Format.SARIF), mojo.formats());
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  void defaultsAreTheDocumentedOnes(GenerateMojo mojo) throws Exception {
    assertEquals("emailauth.yaml", mojo.policy.getName());
    DnsOptions dns = mojo.dnsOptions();
    assertEquals(List.of(), dns.nameservers(), "the system's resolvers");
    assertEquals(DnsOptions.DEFAULT_TIMEOUT, dns.timeout());
    assertEquals(DnsOptions.DEFAULT_MAX_IN_FLIGHT, dns.maxInFlight());
    assertEquals(RunOptions.defaults().httpTimeout(), mojo.runOptions().httpTimeout());
    assertFalse(mojo.runOptions().probeSmtp(), "port 25 is often blocked: opt-in");
    assertEquals(25, mojo.runOptions().smtpPort());
    assertEquals(443, mojo.runOptions().mtaStsPort(), "RFC 8461 fixes 443");
    assertEquals(FailPolicy.defaults(), mojo.failPolicy());
    assertEquals(
        EnumSet.of(Format.CONSOLE, Format.JSON, Format.SARIF, Format.JUNIT, Format.MARKDOWN),
        mojo.formats());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "failOn", value = "sometimes")
  void aBadFailOnIsABuildError(VerifyMojo mojo) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::failPolicy);
    assertTrue(e.getMessage().contains("sometimes"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "formats", value = "json,xml")
  void anUnknownFormatIsABuildError(VerifyMojo mojo) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::formats);
    assertTrue(e.getMessage().contains("xml"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "timeout", value = "soon")
  void aBadTimeoutIsABuildError(VerifyMojo mojo) {
    assertThrows(MojoExecutionException.class, mojo::dnsOptions);
    assertThrows(MojoExecutionException.class, mojo::runOptions);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "trustStore", value = "/nonexistent/store.p12")
  void aMissingTrustStoreIsABuildError(VerifyMojo mojo) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::runOptions);
    assertTrue(e.getMessage().contains("store.p12"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void aTrustStoreThatCannotBeReadIsABuildError(VerifyMojo mojo) throws Exception {
    // not one ENGINE-CHECK-FAILED ("a bug in emailauth") per domain, but the parameter named once
    Path store =
        TestCa.create("mojo test CA").writeTrustStore(tmp.resolve("trust.p12"), TestCa.PASSWORD);
    mojo.trustStore = store.toFile();
    mojo.trustStorePassword = "wrong";
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::runOptions);
    assertTrue(e.getMessage().contains("emailauth.trustStore"), e.getMessage());
    assertTrue(e.getMessage().contains("password"), e.getMessage());

    Path notPkcs12 = Files.writeString(tmp.resolve("notes.txt"), "not a key store");
    mojo.trustStore = notPkcs12.toFile();
    mojo.trustStorePassword = new String(TestCa.PASSWORD);
    assertThrows(MojoExecutionException.class, mojo::runOptions);

    mojo.trustStore = store.toFile();
    assertEquals(store, mojo.runOptions().trustStore());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void zoneFoldersExpandToTheirZoneFilesInOrder(VerifyMojo mojo) throws Exception {
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Files.writeString(zones.resolve("b.example.zone"), "");
    Files.writeString(zones.resolve("a.example.zone"), "");
    Files.writeString(zones.resolve("README.md"), "");
    Path single = Files.writeString(tmp.resolve("c.db"), "");
    mojo.basedir = tmp.toFile();
    mojo.zoneFiles = List.of(new File("zones"), single.toFile());
    assertEquals(
        List.of(zones.resolve("a.example.zone"), zones.resolve("b.example.zone"), single),
        mojo.zoneFiles());

    mojo.zoneFiles = List.of(new File("missing.zone"));
    assertThrows(MojoExecutionException.class, mojo::zoneFiles);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void withoutAPomTheDefaultOutputIsTargetEmailauthInTheCurrentFolder(VerifyMojo mojo) {
    mojo.basedir = tmp.toFile();
    // what Maven's stub project passes for ${project.build.directory}/emailauth
    mojo.outputDirectory = tmp.resolve("${project.basedir}/target/emailauth").toFile();
    assertEquals(tmp.resolve("target/emailauth"), mojo.outputDirectory());

    mojo.outputDirectory = tmp.resolve("reports").toFile();
    assertEquals(tmp.resolve("reports"), mojo.outputDirectory());
  }
}
