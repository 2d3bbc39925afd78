package io.github.emailauth.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.TestDnsServer;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The explain goal against the loopback DNS server: what it prints, and its parameter errors. */
@MojoTest
class ExplainMojoTest {
  private static final String POM = "classpath:/unit/pom.xml";

  private TestDnsServer server;
  private final List<String> info = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server = TestDnsServer.start();
    server.zone(
        "example.com",
        """
        @ TXT "v=spf1 mx include:_spf.vendor.example -all"
        @ MX 10 mx1
        mx1 A 192.0.2.25
        _spf.vendor.example. TXT "v=spf1 ip4:198.51.100.0/24 ~all"
        """);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private ExplainMojo prepare(ExplainMojo mojo) {
    mojo.nameservers = List.of(server.nameserver());
    mojo.setLog(
        new SystemStreamLog() {
          @Override
          public void info(CharSequence content) {
            info.add(content.toString());
          }
        });
    return mojo;
  }

  @Test
  @InjectMojo(goal = "explain", pom = POM)
  @MojoParameter(name = "domain", value = "example.com")
  @MojoParameter(name = "ip", value = "203.0.113.9")
  @MojoParameter(name = "sender", value = "alice@example.com")
  void printsTheResultAndTheTrace(ExplainMojo mojo) throws Exception {
    prepare(mojo).execute();
    String out = String.join("\n", info);
    assertEquals(
        "SPF check_host(203.0.113.9, example.com, alice@example.com) with HELO example.com",
        info.get(0));
    assertTrue(info.get(1).startsWith("result: fail ("), out);
    assertTrue(out.contains("  path: example.com -all"), out);
    assertTrue(out.contains("mx  [lookup 1/10]"), out);
    assertTrue(out.contains("? example.com MX -> 10 mx1.example.com."), out);
    assertTrue(out.contains("? mx1.example.com A -> 192.0.2.25"), out);
    assertTrue(out.contains("include:_spf.vendor.example  [lookup 2/10]"), out);
    assertTrue(out.contains("=> _spf.vendor.example: softfail"), out);
    assertTrue(out.contains("=> example.com: fail (matched -all in example.com)"), out);
  }

  @Test
  @InjectMojo(goal = "explain", pom = POM)
  @MojoParameter(name = "domain", value = "example.com")
  @MojoParameter(name = "ip", value = "198.51.100.7")
  void aPassNamesThePathThroughTheInclude(ExplainMojo mojo) throws Exception {
    prepare(mojo).execute();
    String out = String.join("\n", info);
    assertTrue(info.get(1).startsWith("result: pass ("), out);
    assertTrue(
        out.contains(
            "  path: example.com include:_spf.vendor.example -> _spf.vendor.example"
                + " ip4:198.51.100.0/24"),
        out);
  }

  @Test
  @InjectMojo(goal = "explain", pom = POM)
  @MojoParameter(name = "domain", value = "example.com")
  void withoutAnAddressItIsABuildErrorSayingWhatToGive(ExplainMojo mojo) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class, prepare(mojo)::execute);
    assertTrue(e.getMessage().contains("-Demailauth.ip="), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "explain", pom = POM)
  @MojoParameter(name = "domain", value = "example.com")
  @MojoParameter(name = "ip", value = "mail.example.com")
  void aHostNameIsNotAnAddress(ExplainMojo mojo) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class, prepare(mojo)::execute);
    assertTrue(e.getMessage().contains("is not an IPv4 or IPv6 address"), e.getMessage());
  }
}
