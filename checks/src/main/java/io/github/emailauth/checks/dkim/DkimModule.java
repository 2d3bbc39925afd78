package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.dkim.ParsedRecord.NotAKey;
import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.ProtocolModule;
import io.github.emailauth.policy.DkimSelector;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Sender;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.xbill.DNS.Type;

/**
 * DKIM key records (RFC 6376 §3.6, RFC 8301, RFC 8463): each declared selector's published key is
 * checked for validity and compared with the declared key file and rotation state; common selectors
 * are probed for keys the policy does not declare; {@code generate} writes the key records from the
 * key files.
 */
public final class DkimModule implements ProtocolModule {
  private static final String LABEL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final List<String> discoverySelectors;
  private final Supplier<String> probeLabel;

  public DkimModule() {
    this(DiscoverySelectors.BUILT_IN, DkimModule::randomLabel);
  }

  /** For tests: another selector list, a predictable wildcard probe label. */
  DkimModule(List<String> discoverySelectors, Supplier<String> probeLabel) {
    this.discoverySelectors = List.copyOf(discoverySelectors);
    this.probeLabel = probeLabel;
  }

  @Override
  public Protocol protocol() {
    return Protocol.DKIM;
  }

  @Override
  public List<? extends CheckDefinition> checks() {
    return List.of(DkimCheck.values());
  }

  // ------------------------------------------------------------------ lint

  @Override
  public List<Finding> lint(DomainContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (DeclaredSelector sel : declaredSelectors(ctx)) {
      String problem = selectorProblem(sel.name(), ctx.name());
      if (problem != null) {
        out.add(
            Finding.of(DkimCheck.SELECTOR_SYNTAX, ctx.name())
                .subject(sel.name())
                .location(sel.at("selector"))
                .message("selector '" + sel.name() + "' is not a valid DNS name: " + problem)
                .remediation("selectors are DNS labels: letters, digits and '-', joined by '.'")
                .build());
      }
      DkimSelector s = sel.selector();
      if (s.publicKeyPath() == null) {
        continue;
      }
      KeyFile file = KeyFile.read(s.publicKeyPath());
      String subject = s.publicKey() == null ? s.publicKeyPath().toString() : s.publicKey();
      if (file instanceof KeyFile.Unreadable u) {
        out.add(
            Finding.of(DkimCheck.KEY_FILE_INVALID, ctx.name())
                .subject(subject)
                .location(sel.at("publicKey"))
                .message(
                    "cannot read the key file of "
                        + sel.describe()
                        + " ("
                        + subject
                        + "): "
                        + u.problem())
                .remediation(
                    "point publicKey: at a PEM or DER public key (openssl pkey -in private.pem"
                        + " -pubout)")
                .build());
        continue;
      }
      KeyFile.Loaded loaded = (KeyFile.Loaded) file;
      if (loaded.privateKey()) {
        out.add(
            Finding.of(DkimCheck.KEY_FILE_PRIVATE, ctx.name())
                .subject(subject)
                .location(sel.at("publicKey"))
                .message(
                    subject
                        + " holds a private key ("
                        + loaded.format()
                        + "): whoever can read the repository can sign mail as "
                        + ctx.name())
                .remediation(
                    "commit only the public key (openssl pkey -in "
                        + subject
                        + " -pubout), keep the private key in the signer's secret store, and"
                        + " consider the key exposed")
                .build());
      }
      if (!s.revoked() && loaded.key() instanceof PublicKeyMaterial.Rsa rsa) {
        SelectorCheck.sizeFindings(
                ctx.name(),
                subject,
                rsa,
                "the RSA key in " + subject,
                sel.minBits(),
                s.minBits() != null,
                sel.at("publicKey"))
            .forEach(b -> out.add(b.build()));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ verify

  @Override
  public CompletableFuture<List<Finding>> verify(DomainContext ctx) {
    DnsClient dns = ctx.dns();
    String domain = ctx.name();
    LocalDate today = LocalDate.now(ctx.clock());
    List<DeclaredSelector> declared = declaredSelectors(ctx);

    Map<DeclaredSelector, CompletableFuture<DnsAnswer>> declaredAnswers = new LinkedHashMap<>();
    Map<DeclaredSelector, KeyFile> keyFiles = new LinkedHashMap<>();
    Set<String> declaredNames = new TreeSet<>();
    for (DeclaredSelector sel : declared) {
      declaredNames.add(sel.name().toLowerCase(Locale.ROOT));
      if (selectorProblem(sel.name(), domain) != null) {
        continue; // lint reported it; the name cannot be asked
      }
      declaredAnswers.put(sel, dns.query(sel.dnsName(domain), Type.TXT));
      if (sel.selector().publicKeyPath() != null) {
        keyFiles.put(sel, KeyFile.read(sel.selector().publicKeyPath()));
      }
    }

    // Discovery asks the random label first and the list only once that answer rules out a
    // wildcard key: a domain with a wildcard or a failing name server costs one query, not 34.
    CompletableFuture<List<Finding>> discovery =
        ctx.enabled(DkimCheck.UNDECLARED_KEY)
            ? discover(ctx, declaredNames)
            : CompletableFuture.completedFuture(List.of());

    List<CompletableFuture<?>> all = new ArrayList<>(declaredAnswers.values());
    all.add(discovery);
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            done -> {
              List<Finding> out = new ArrayList<>();
              declaredAnswers.forEach(
                  (sel, answer) ->
                      out.addAll(
                          SelectorCheck.declared(
                              domain, sel, answer.join(), keyFiles.get(sel), today)));
              out.addAll(discovery.join());
              return out;
            });
  }

  /** The wildcard probe, then (if it allows) the built-in selectors the policy does not declare. */
  private CompletableFuture<List<Finding>> discover(DomainContext ctx, Set<String> declaredNames) {
    DnsClient dns = ctx.dns();
    String domain = ctx.name();
    String probeName = (probeLabel.get() + "._domainkey." + domain).toLowerCase(Locale.ROOT);
    return dns.query(probeName, Type.TXT)
        .thenCompose(
            probe -> {
              List<Finding> stop = probeFindings(domain, probeName, probe);
              if (!stop.isEmpty()) {
                return CompletableFuture.completedFuture(stop);
              }
              Map<String, CompletableFuture<DnsAnswer>> discovered = new LinkedHashMap<>();
              for (String s : discoverySelectors) {
                if (!declaredNames.contains(s)) {
                  discovered.put(s, dns.query(s + "._domainkey." + domain, Type.TXT));
                }
              }
              return CompletableFuture.allOf(
                      discovered.values().toArray(new CompletableFuture<?>[0]))
                  .thenApply(done -> discoveryFindings(ctx, discovered));
            });
  }

  /**
   * What the random probe says: nothing when the list may be asked, else the one finding that says
   * why discovery stops.
   */
  private static List<Finding> probeFindings(String domain, String probeName, DnsAnswer probe) {
    if (probe instanceof DnsAnswer.Failure f) {
      // Without the probe a wildcard cannot be ruled out, and every "undeclared key" could be
      // one: say nothing rather than something false.
      return List.of(
          Finding.of(DkimCheck.DISCOVERY_INCOMPLETE, domain)
              .subject(probeName + " TXT")
              .message(
                  "selector discovery skipped for "
                      + domain
                      + ": the wildcard probe "
                      + probeName
                      + " failed ("
                      + f.describe()
                      + ")")
              .actual(f.describe())
              .build());
    }
    if (probe instanceof DnsAnswer.Records r && r.txt().stream().anyMatch(DkimModule::wildKey)) {
      return List.of(
          Finding.of(DkimCheck.WILDCARD_KEY, domain)
              .subject(probeName + " TXT")
              .message(
                  "a wildcard answers DKIM key queries at any selector of "
                      + domain
                      + " (a random selector, "
                      + probeName
                      + ", has a key record); selector discovery is off for this domain")
              .actual(String.join(" | ", r.txt()))
              .remediation(
                  "publish keys only at the selectors in use and remove the wildcard under"
                      + " _domainkey."
                      + domain)
              .build());
    }
    return List.of();
  }

  /**
   * A wildcard record that would make every selector look like a key: a key record or a broken one.
   * Text that is no key does not count, nor does a revoked key ({@code *._domainkey TXT "v=DKIM1;
   * p="}, M3AAWG's advice for parked domains), which discovery never reports.
   */
  private static boolean wildKey(String text) {
    ParsedRecord parsed = KeyRecordParser.parse(text);
    return !(parsed instanceof NotAKey)
        && !(parsed instanceof ParsedRecord.KeyRecord k && k.revoked());
  }

  private List<Finding> discoveryFindings(
      DomainContext ctx, Map<String, CompletableFuture<DnsAnswer>> discovered) {
    String domain = ctx.name();
    List<Finding> out = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    String reason = null;
    for (Map.Entry<String, CompletableFuture<DnsAnswer>> e : discovered.entrySet()) {
      DnsAnswer answer = e.getValue().join();
      if (answer instanceof DnsAnswer.Failure f) {
        failed.add(answer.name());
        reason = f.describe();
        continue;
      }
      out.addAll(SelectorCheck.discovered(domain, e.getKey(), answer, ctx.domain().parked()));
    }
    if (!failed.isEmpty()) {
      out.add(
          Finding.of(DkimCheck.DISCOVERY_INCOMPLETE, domain)
              .subject(failed.get(0) + " TXT")
              .message(
                  failed.size()
                      + " of "
                      + discovered.size()
                      + " selector probes of "
                      + domain
                      + " failed ("
                      + reason
                      + "): "
                      + String.join(", ", failed.subList(0, Math.min(5, failed.size())))
                      + (failed.size() > 5 ? ", ..." : ""))
              .actual(reason)
              .build());
    }
    return out;
  }

  // ------------------------------------------------------------------ generate

  @Override
  public CompletableFuture<Artifacts> generate(DomainContext ctx) {
    List<GeneratedRecord> records = new ArrayList<>();
    for (DkimSelector s : ctx.domain().dkim().values()) {
      DeclaredSelector sel = new DeclaredSelector(s, null);
      if (selectorProblem(sel.name(), ctx.name()) != null) {
        continue;
      }
      String name = sel.dnsName(ctx.name());
      if (s.revoked()) {
        records.add(txt(name, DkimRecordText.REVOKED));
      } else if (s.cname() != null) {
        // the key lives in the provider's zone; this zone only delegates to it
        records.add(
            new GeneratedRecord(
                name,
                "CNAME",
                GeneratedRecord.DEFAULT_TTL,
                SelectorCheck.normalise(s.cname()) + ".",
                Protocol.DKIM));
      } else if (s.publicKeyPath() != null
          && KeyFile.read(s.publicKeyPath()) instanceof KeyFile.Loaded loaded) {
        // An unreadable key file writes nothing: lint, which runs before generate, reports it.
        records.add(txt(name, DkimRecordText.of(loaded.key(), s.testing())));
      }
    }
    return CompletableFuture.completedFuture(Artifacts.ofRecords(records));
  }

  private static GeneratedRecord txt(String name, String value) {
    return new GeneratedRecord(name, "TXT", GeneratedRecord.DEFAULT_TTL, value, Protocol.DKIM);
  }

  // ------------------------------------------------------------------ shared

  /**
   * The selectors under {@code dkim:} plus those the domain's senders name. The policy loader
   * already copies senders' selectors into {@code dkim:}; they are added here too so that a policy
   * built another way means the same. A selector a sender names is attributed to that sender in
   * messages ("selector google (sender google-workspace)").
   */
  static List<DeclaredSelector> declaredSelectors(DomainContext ctx) {
    Map<String, String> senderOf = new LinkedHashMap<>();
    Map<String, Sender> senders = new LinkedHashMap<>();
    Policy policy = ctx.policy();
    if (policy != null) {
      for (String senderName : ctx.domain().senders()) {
        Sender sender = policy.senders().get(senderName);
        if (sender != null) {
          senders.put(senderName, sender);
          sender.dkimSelectors().forEach(x -> senderOf.putIfAbsent(lower(x), senderName));
        }
      }
    }
    Map<String, DeclaredSelector> out = new LinkedHashMap<>();
    for (DkimSelector s : ctx.domain().dkim().values()) {
      String key = lower(s.selector());
      out.putIfAbsent(key, new DeclaredSelector(s, senderOf.get(key)));
    }
    senders.forEach(
        (senderName, sender) -> {
          KeyPositions at = sender.position() == null ? null : KeyPositions.of(sender.position());
          for (String selector : sender.dkimSelectors()) {
            out.putIfAbsent(
                lower(selector),
                new DeclaredSelector(
                    new DkimSelector(selector, null, null, null, false, null, false, null, at),
                    senderName));
          }
        });
    return List.copyOf(out.values());
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * Null when {@code selector._domainkey.domain} is a name DNS can carry. Selectors are {@code
   * sub-domain *("." sub-domain)} (RFC 6376 §3.1); '_' is tolerated as DNS allows it.
   */
  static String selectorProblem(String selector, String domain) {
    if (selector.isEmpty()) {
      return "it is empty";
    }
    for (String label : selector.split("\\.", -1)) {
      if (label.isEmpty()) {
        return "it has an empty label";
      }
      if (label.length() > 63) {
        return "the label '" + label.substring(0, 10) + "...' is longer than 63 characters";
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_';
        if (!ok) {
          return "it contains '" + c + "'";
        }
      }
    }
    int length = (selector + "._domainkey." + domain).length();
    if (length > 253) {
      return "the name "
          + selector
          + "._domainkey."
          + domain
          + " is "
          + length
          + " characters long (at most 253)";
    }
    return null;
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** 16 random letters and digits: no real selector is ever this. */
  static String randomLabel() {
    StringBuilder s = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      s.append(LABEL_CHARS.charAt(RANDOM.nextInt(LABEL_CHARS.length())));
    }
    return s.toString();
  }
}
