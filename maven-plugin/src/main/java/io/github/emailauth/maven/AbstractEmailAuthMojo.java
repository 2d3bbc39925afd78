package io.github.emailauth.maven;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.dns.DnsClients;
import io.github.emailauth.checks.dns.DnsOptions;
import io.github.emailauth.checks.dns.ZoneFileException;
import io.github.emailauth.checks.engine.Engine;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.ProgressListener;
import io.github.emailauth.checks.engine.ProtocolModules;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.engine.Summary;
import io.github.emailauth.checks.mtasts.MtaStsModule;
import io.github.emailauth.checks.output.ConsoleSink;
import io.github.emailauth.checks.output.Format;
import io.github.emailauth.checks.output.ReportWriters;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.PolicyException;
import io.github.emailauth.policy.PolicyLoader;
import java.io.File;
import java.io.IOException;
import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.xbill.DNS.NioClient;

/**
 * The parameters every emailauth goal shares (DESIGN.md "Goals"), and their mapping to engine
 * options. Every parameter has an {@code emailauth.*} user property: scripts and pipelines depend
 * on these names, so they never change.
 */
public abstract class AbstractEmailAuthMojo extends AbstractMojo {

  /** The policy file. */
  @Parameter(property = "emailauth.policy", defaultValue = "${basedir}/emailauth.yaml")
  File policy;

  /** Skips the goal entirely; the policy is not even read. */
  @Parameter(property = "emailauth.skip", defaultValue = "false")
  boolean skip;

  /**
   * The lowest severity that fails the build: error, warning or never. Unverifiable findings are
   * decided by {@code failOnUnverifiable} alone.
   */
  @Parameter(property = "emailauth.failOn", defaultValue = "error")
  String failOn;

  /** Whether findings that could not be checked (DNS timeout, SERVFAIL) fail the build. */
  @Parameter(property = "emailauth.failOnUnverifiable", defaultValue = "false")
  boolean failOnUnverifiable;

  /** Where reports and generated files go. */
  @Parameter(
      property = "emailauth.outputDirectory",
      defaultValue = "${project.build.directory}/emailauth")
  File outputDirectory;

  /** Report formats: console, json, sarif, junit, markdown. */
  @Parameter(property = "emailauth.formats", defaultValue = "console,json,sarif,junit,markdown")
  List<String> formats;

  /** Name servers as host[:port]; empty means the system's resolvers. */
  @Parameter(property = "emailauth.nameservers")
  List<String> nameservers;

  /**
   * RFC 1035 master files (or folders of *.zone files) to answer from instead of live DNS: checks a
   * planned zone before it is deployed.
   */
  @Parameter(property = "emailauth.zoneFiles")
  List<File> zoneFiles;

  /** Per-query timeout: seconds (3), 500ms, 2s, 1m or PT2S. Default 3s for DNS, 10s for HTTPS. */
  @Parameter(property = "emailauth.timeout")
  String timeout;

  /** DNS retries after a timeout. */
  @Parameter(property = "emailauth.retries", defaultValue = "2")
  int retries;

  /** Domains checked at once. */
  @Parameter(property = "emailauth.concurrency", defaultValue = "64")
  int concurrency;

  /** DNS queries on the wire at once, across all domains. */
  @Parameter(property = "emailauth.maxInFlight", defaultValue = "64")
  int maxInFlight;

  /** An extra PKCS12 trust store for HTTPS and SMTP (a private PKI). */
  @Parameter(property = "emailauth.trustStore")
  File trustStore;

  /** The trust store's password. */
  @Parameter(property = "emailauth.trustStorePassword")
  String trustStorePassword;

  /**
   * Probe every MX host with STARTTLS (EHLO, STARTTLS, TLS handshake, certificate check). Off by
   * default: outbound port 25 is blocked on many networks and CI runners.
   */
  @Parameter(property = "emailauth.probeSmtp", defaultValue = "false")
  boolean probeSmtp;

  /** The SMTP port for {@code probeSmtp}; only a test setup needs another than 25. */
  @Parameter(property = "emailauth.smtpPort", defaultValue = "25")
  int smtpPort;

  /**
   * The port of the MTA-STS policy host. RFC 8461 fixes 443, which is what senders use; only a test
   * setup, whose HTTPS server cannot bind 443, needs another.
   */
  @Parameter(property = "emailauth.mtaStsPort", defaultValue = "443")
  int mtaStsPort;

  /** Only these domains of the policy (comma-separated). */
  @Parameter(property = "emailauth.domains")
  List<String> domains;

  /** Only the i-th of n slices of the domains, by a stable hash of the name: {@code 2/4}. */
  @Parameter(property = "emailauth.shard")
  String shard;

  /** The project folder, or the current folder when run without a pom. */
  @Parameter(defaultValue = "${basedir}", readonly = true)
  File basedir;

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  /** Goal executions of this plugin running now in this JVM (a parallel build runs several). */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("emailauth: skipped (emailauth.skip=true)");
      return;
    }
    RUNNING.incrementAndGet();
    try {
      run();
    } finally {
      if (RUNNING.decrementAndGet() == 0) {
        stopDnsjavaSelector();
      }
    }
  }

  /**
   * dnsjava keeps one static NIO selector thread and closes it from a JVM shutdown hook. In Maven
   * that hook runs after the plugin's class realm is gone, fails to load a class, and leaves the
   * JVM hanging at exit. So the last execution closes it here, while the realm is alive; dnsjava
   * starts a new selector if a later execution needs one.
   */
  private static void stopDnsjavaSelector() {
    NioClient.close();
  }

  /** The goal itself; parameters are set and skip is false. */
  abstract void run() throws MojoExecutionException, MojoFailureException;

  /**
   * Loads the policy, then keeps only the domains selected by {@code domains} and {@code shard}.
   */
  Policy loadPolicy() throws MojoExecutionException {
    Path file = policy.toPath();
    if (!Files.isRegularFile(file)) {
      throw new MojoExecutionException(
          "policy file "
              + file
              + " not found: create it or point emailauth.policy at it"
              + " (-Demailauth.policy=path/to/emailauth.yaml)");
    }
    Policy loaded;
    try {
      loaded = PolicyLoader.load(file);
    } catch (PolicyException e) {
      // its message lists every problem as file:line:column: message (suggestion); Maven prints
      // a cause's message only when it differs, so reusing it avoids printing the list twice
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read policy file " + file + ": " + e, e);
    }
    return select(loaded);
  }

  Policy select(Policy loaded) throws MojoExecutionException {
    Map<String, DomainPolicy> kept = new LinkedHashMap<>(loaded.domains());
    List<String> only = listOf(domains);
    if (!only.isEmpty()) {
      Set<String> wanted = new LinkedHashSet<>();
      for (String d : only) {
        wanted.add(normalise(d));
      }
      List<String> undeclared =
          wanted.stream().filter(d -> !kept.containsKey(d)).collect(Collectors.toList());
      if (!undeclared.isEmpty()) {
        throw new MojoExecutionException(
            "emailauth.domains names "
                + String.join(", ", undeclared)
                + ", which the policy does not declare; declared: "
                + String.join(", ", kept.keySet()));
      }
      kept.keySet().retainAll(wanted);
    }
    if (shard != null && !shard.isBlank()) {
      Shard s = parameter(() -> Shard.parse(shard));
      kept.keySet().removeIf(d -> !s.includes(d));
      getLog().info("emailauth: shard " + s + " has " + kept.size() + " domain(s)");
    }
    return new Policy(loaded.file(), loaded.version(), kept, loaded.senders(), loaded.checks());
  }

  /** Lower case, no trailing dot, A-labels: the form the policy model uses. */
  static String normalise(String domain) {
    String d = domain.strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    try {
      return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return d;
    }
  }

  DnsOptions dnsOptions() throws MojoExecutionException {
    Duration t = timeout == null || timeout.isBlank() ? DnsOptions.DEFAULT_TIMEOUT : timeout();
    return parameter(() -> new DnsOptions(listOf(nameservers), t, retries, maxInFlight));
  }

  RunOptions runOptions() throws MojoExecutionException {
    RunOptions defaults = RunOptions.defaults();
    Duration http = timeout == null || timeout.isBlank() ? defaults.httpTimeout() : timeout();
    if (concurrency < 1) {
      throw new MojoExecutionException("emailauth.concurrency must be >= 1, got " + concurrency);
    }
    char[] password = trustStorePassword == null ? null : trustStorePassword.toCharArray();
    Path store = null;
    if (trustStore != null) {
      store = trustStore.toPath();
      if (!Files.isRegularFile(store)) {
        throw new MojoExecutionException("emailauth.trustStore " + store + " is not a file");
      }
      try {
        MtaStsModule.checkTrustStore(store, password);
      } catch (IOException e) {
        throw new MojoExecutionException(
            "emailauth.trustStore " + store + " cannot be used: " + e.getMessage(), e);
      }
    }
    if (smtpPort < 1 || smtpPort > 65535) {
      throw new MojoExecutionException("emailauth.smtpPort must be 1..65535, got " + smtpPort);
    }
    if (mtaStsPort < 1 || mtaStsPort > 65535) {
      throw new MojoExecutionException("emailauth.mtaStsPort must be 1..65535, got " + mtaStsPort);
    }
    return new RunOptions(store, password, http, probeSmtp, smtpPort, concurrency, mtaStsPort);
  }

  private Duration timeout() throws MojoExecutionException {
    return parameter(() -> Durations.parse(timeout));
  }

  /** The zone files to answer from: files as given, folders expanded to their *.zone files. */
  List<Path> zoneFiles() throws MojoExecutionException {
    List<Path> out = new ArrayList<>();
    for (File f : zoneFiles == null ? List.<File>of() : zoneFiles) {
      Path p = f.isAbsolute() ? f.toPath() : basedir.toPath().resolve(f.toPath());
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.list(p)) {
          files
              .filter(z -> z.getFileName().toString().endsWith(".zone"))
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          throw new MojoExecutionException("cannot list zone folder " + p + ": " + e, e);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new MojoExecutionException("emailauth.zoneFiles: " + p + " does not exist");
      }
    }
    return out;
  }

  /**
   * The output folder. Without a pom, Maven's stub project leaves {@code ${project.basedir}}
   * uninterpolated in {@code project.build.directory}, so the default arrives as {@code
   * <cwd>/${project.basedir}/target/emailauth}; that is read as {@code <cwd>/target/emailauth},
   * where the user expects it.
   */
  Path outputDirectory() {
    String path = outputDirectory.getPath();
    for (String token : List.of("${project.basedir}", "${basedir}")) {
      int at = path.lastIndexOf(token);
      if (at >= 0) {
        String rest = path.substring(at + token.length()).replaceFirst("^[/\\\\]+", "");
        return basedir.toPath().resolve(rest).normalize();
      }
    }
    return outputDirectory.toPath();
  }

  FailPolicy failPolicy() throws MojoExecutionException {
    return new FailPolicy(parameter(() -> FailPolicy.FailOn.parse(failOn)), failOnUnverifiable);
  }

  Set<Format> formats() throws MojoExecutionException {
    return parameter(() -> Format.parseList(String.join(",", listOf(formats))));
  }

  /** The engine with every protocol module, this run's options and fail policy. */
  Engine engine() throws MojoExecutionException {
    return Engine.builder()
        .modules(ProtocolModules.all())
        .options(runOptions())
        .failPolicy(failPolicy())
        .progress(this::progress)
        .build();
  }

  /** Big runs log how far they are; a small run logs its one closing line. */
  private void progress(ProgressListener.Progress p) {
    if (p.done() == p.total() || p.total() >= 100) {
      getLog().info("emailauth: " + p);
    } else {
      getLog().debug("emailauth: " + p);
    }
  }

  /**
   * Answers from the zone files when some are given (names outside them go to {@code nameservers}
   * if those were named, else are unverifiable), otherwise from the name servers.
   */
  DnsClient dnsClient() throws MojoExecutionException {
    List<Path> zones = zoneFiles();
    DnsOptions options = dnsOptions();
    try {
      return DnsClients.create(options, zones);
    } catch (ZoneFileException e) {
      throw new MojoExecutionException("bad zone file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("bad emailauth parameter: " + e.getMessage(), e);
    }
  }

  /**
   * Renders the report in every requested format, then fails the build when findings reach the
   * threshold: every report is on disk before Maven stops.
   */
  void publish(Engine engine, Report report) throws MojoExecutionException, MojoFailureException {
    Set<Format> wanted = formats();
    Path out = outputDirectory();
    try {
      ReportWriters.write(report, wanted, out, engine.catalog(), this::log, sourceRoot());
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write reports to " + out + ": " + e, e);
    }
    if (report.failed()) {
      throw new MojoFailureException(failure(report, wanted, out));
    }
  }

  /**
   * The folder SARIF locations are relative to: the top of the Maven build (where {@code .mvn} is,
   * normally the repository checkout), so code-scanning UIs find the policy file.
   */
  private Path sourceRoot() {
    if (session != null
        && session.getRequest() != null
        && session.getRequest().getMultiModuleProjectDirectory() != null) {
      return session.getRequest().getMultiModuleProjectDirectory().toPath();
    }
    return basedir.toPath();
  }

  static String failure(Report report, Set<Format> formats, Path out) {
    Summary s = report.summary();
    FailPolicy p = report.failPolicy();
    int failing = report.failing().size();
    String where =
        formats.contains(Format.JSON)
            ? "see " + out.resolve(Format.JSON.fileName())
            : "reports in " + out;
    return "emailauth: "
        + failing
        + " of "
        + Summary.count(s.findings(), "finding")
        + (failing == 1 ? " fails" : " fail")
        + " the build (failOn="
        + p.failOn().label()
        + (p.failOnUnverifiable() ? ", failOnUnverifiable=true" : "")
        + "): "
        + s.counts()
        + " in "
        + Summary.count(s.domains(), "domain")
        + "; "
        + where;
  }


  /** Console lines go through Maven's log, at the level of the finding's severity. */
  private void log(ConsoleSink.Level level, String text) {
    switch (level) {
      case ERROR -> getLog().error(text);
      case WARNING -> getLog().warn(text);
      case NOTICE, INFO -> getLog().info(text);
    }
  }

  /** Splits entries that hold commas ("a,b" given as one pom element) and drops blanks. */
  static List<String> listOf(List<String> entries) {
    List<String> out = new ArrayList<>();
    for (String e : entries == null ? List.<String>of() : entries) {
      for (String part : e.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /** Turns a bad parameter value into a BUILD ERROR that names it. */
  static <T> T parameter(ParameterValue<T> value) throws MojoExecutionException {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("bad emailauth parameter: " + e.getMessage(), e);
    }
  }

  interface ParameterValue<T> {
    T get();
  }
}
