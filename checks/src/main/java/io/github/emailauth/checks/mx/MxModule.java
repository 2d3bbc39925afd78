package io.github.emailauth.checks.mx;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.ProtocolModule;
import io.github.emailauth.policy.MxHost;
import io.github.emailauth.policy.MxPolicy;
import io.github.emailauth.policy.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * MX: the declared set of exchanges against the published one (order, case and the trailing dot do
 * not matter), the null MX of RFC 7505 for domains that take no mail, and exchanges that cannot
 * work: aliases, IP literals, names with no address.
 */
public final class MxModule implements ProtocolModule {
  @Override
  public Protocol protocol() {
    return Protocol.MX;
  }

  @Override
  public List<? extends CheckDefinition> checks() {
    return List.of(MxCheck.values());
  }

  /**
   * The declared set. A parked domain without an explicit mx section still means the null MX; the
   * loader normally writes it out, and this keeps the module right if it did not.
   */
  private static MxPolicy declared(DomainContext ctx) {
    MxPolicy mx = ctx.domain().mx();
    if (mx == null && ctx.domain().parked()) {
      return new MxPolicy(
          List.of(new MxHost(0, MxHost.ROOT, ctx.domain().position())),
          io.github.emailauth.policy.KeyPositions.of(ctx.domain().position()));
    }
    return mx;
  }

  private static List<Mx> hosts(MxPolicy p) {
    return p.hosts().stream().map(Mx::of).toList();
  }

  @Override
  public List<Finding> lint(DomainContext ctx) {
    MxPolicy declared = declared(ctx);
    if (declared == null) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    String subject = ctx.name() + " MX";
    String problem = Mx.nullMxProblem(hosts(declared));
    if (problem != null) {
      out.add(
          Finding.of(MxCheck.NULL_MX_INVALID, ctx.name())
              .subject(subject)
              .message("declared: " + problem)
              .location(section(declared))
              .build());
    }
    for (MxHost h : declared.hosts()) {
      if (Mx.of(h).isIpLiteral()) {
        out.add(
            Finding.of(MxCheck.IP_LITERAL, ctx.name())
                .subject(subject)
                .message(
                    "declared MX "
                        + h.host()
                        + " is an IP address; an MX exchange must be a host name with A/AAAA"
                        + " records (RFC 5321 §5.1)")
                .location(h.position() == null ? section(declared) : h.position())
                .build());
      }
    }
    return out;
  }

  @Override
  public CompletableFuture<Artifacts> generate(DomainContext ctx) {
    MxPolicy declared = declared(ctx);
    if (declared == null) {
      return CompletableFuture.completedFuture(Artifacts.EMPTY);
    }
    List<GeneratedRecord> records = new ArrayList<>();
    for (Mx mx : hosts(declared)) {
      records.add(
          new GeneratedRecord(
              ctx.name(), "MX", GeneratedRecord.DEFAULT_TTL, mx.toString(), Protocol.MX));
    }
    return CompletableFuture.completedFuture(Artifacts.ofRecords(records));
  }

  @Override
  public CompletableFuture<List<Finding>> verify(DomainContext ctx) {
    String domain = ctx.name();
    MxPolicy declared = declared(ctx);
    DnsClient dns = ctx.dns();
    return dns.query(domain, Type.MX)
        .thenCompose(
            answer -> {
              List<Finding> out = new ArrayList<>();
              if (answer instanceof DnsAnswer.Failure f) {
                out.add(
                    unverifiable(domain, f, "the MX records of " + domain + " could not be read"));
                return CompletableFuture.completedFuture(out);
              }
              List<Mx> live =
                  answer instanceof DnsAnswer.Records r
                      ? r.ofType(MXRecord.class).stream().map(Mx::of).toList()
                      : List.of();
              String problem = Mx.nullMxProblem(live);
              if (problem != null) {
                out.add(
                    Finding.of(MxCheck.NULL_MX_INVALID, domain)
                        .subject(answer.subject())
                        .message(problem)
                        .actual(joined(live))
                        .expected(declared == null ? null : joined(hosts(declared)))
                        .remediation(
                            Mx.nullMxFix(
                                domain,
                                live,
                                declared == null
                                    ? null
                                    : hosts(declared).stream().anyMatch(Mx::isNull)))
                        .location(declared == null ? null : section(declared))
                        .build());
              }
              if (declared != null) {
                drift(domain, declared, answer, live).ifPresent(out::add);
              }
              return exchanges(dns, domain, declared, live)
                  .thenApply(
                      more -> {
                        out.addAll(more);
                        return out;
                      });
            });
  }

  private static java.util.Optional<Finding> drift(
      String domain, MxPolicy declared, DnsAnswer answer, List<Mx> live) {
    List<Mx> want = hosts(declared);
    Mx.Difference diff = Mx.compare(want, live);
    if (diff.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    if (answer instanceof DnsAnswer.NxDomain) {
      parts.add(domain + " does not exist (NXDOMAIN)");
    } else if (live.isEmpty()) {
      parts.add("no MX published");
    }
    if (!diff.missing().isEmpty()) {
      parts.add(
          "missing " + diff.missing().stream().map(Mx::toString).collect(Collectors.joining(", ")));
    }
    if (!diff.extra().isEmpty()) {
      parts.add(
          "not declared "
              + diff.extra().stream().map(Mx::toString).collect(Collectors.joining(", ")));
    }
    String message = String.join("; ", parts);
    if (declared.isNullMx()) {
      message = "declared a null MX (RFC 7505: the domain accepts no mail): " + message;
    }
    List<String> fix = new ArrayList<>();
    diff.missing().forEach(m -> fix.add("publish " + domain + " MX " + m));
    diff.extra().forEach(m -> fix.add("delete " + domain + " MX " + m));
    SourcePosition location = section(declared);
    if (!diff.missing().isEmpty()) {
      Mx first = diff.missing().get(0);
      for (MxHost h : declared.hosts()) {
        if (Mx.of(h).equals(first) && h.position() != null) {
          location = h.position();
        }
      }
    }
    return java.util.Optional.of(
        Finding.of(MxCheck.DRIFT, domain)
            .subject(domain + " MX")
            .message(message)
            .expected(joined(want))
            .actual(live.isEmpty() ? null : joined(live))
            .remediation(String.join("; ", fix))
            .location(location)
            .build());
  }

  /** Each published exchange must be a host name with an address of its own, not an alias. */
  private static CompletableFuture<List<Finding>> exchanges(
      DnsClient dns, String domain, MxPolicy declared, List<Mx> live) {
    List<CompletableFuture<List<Finding>>> checks = new ArrayList<>();
    for (Mx mx : live.stream().distinct().sorted().toList()) {
      if (mx.isNull()) {
        continue;
      }
      SourcePosition location = declared == null ? null : position(declared, mx);
      if (mx.isIpLiteral()) {
        checks.add(
            CompletableFuture.completedFuture(
                List.of(
                    Finding.of(MxCheck.IP_LITERAL, domain)
                        .subject(domain + " MX")
                        .message(
                            "MX "
                                + mx
                                + " names an IP address; an MX exchange must be a host name with"
                                + " A/AAAA records (RFC 5321 §5.1), and senders look it up as a"
                                + " name that does not exist")
                        .actual(mx.toString())
                        .remediation(
                            "give the server a name (mx1."
                                + domain
                                + " A "
                                + mx.host()
                                + ") and"
                                + " publish "
                                + domain
                                + " MX "
                                + mx.preference()
                                + " mx1."
                                + domain
                                + ".")
                        .location(location)
                        .build())));
        continue;
      }
      CompletableFuture<DnsAnswer> a = dns.query(mx.host(), Type.A);
      CompletableFuture<DnsAnswer> aaaa = dns.query(mx.host(), Type.AAAA);
      checks.add(a.thenCombine(aaaa, (x, y) -> address(domain, mx, x, y, location)));
    }
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> checks.stream().flatMap(c -> c.join().stream()).collect(Collectors.toList()));
  }

  private static List<Finding> address(
      String domain, Mx mx, DnsAnswer a, DnsAnswer aaaa, SourcePosition location) {
    List<Finding> out = new ArrayList<>();
    List<String> chain = !a.cnameChain().isEmpty() ? a.cnameChain() : aaaa.cnameChain();
    if (!chain.isEmpty()) {
      out.add(
          Finding.of(MxCheck.CNAME, domain)
              .subject(mx.host() + " CNAME")
              .message(
                  "MX "
                      + mx
                      + " is an alias ("
                      + mx.host()
                      + " -> "
                      + String.join(" -> ", chain)
                      + "); an MX must name the host itself (RFC 5321 §5.1, RFC 2181 §10.3), and"
                      + " some senders refuse aliases")
              .actual(mx.toString())
              .remediation(
                  "publish "
                      + domain
                      + " MX "
                      + mx.preference()
                      + " "
                      + chain.get(chain.size() - 1)
                      + ".")
              .location(location)
              .build());
    }
    boolean hasAddress = a instanceof DnsAnswer.Records || aaaa instanceof DnsAnswer.Records;
    if (hasAddress) {
      return out;
    }
    DnsAnswer failed =
        a instanceof DnsAnswer.Failure ? a : aaaa instanceof DnsAnswer.Failure ? aaaa : null;
    if (failed != null) {
      out.add(
          unverifiable(
              domain, (DnsAnswer.Failure) failed, "could not look up the address of MX " + mx));
      return out;
    }
    out.add(
        Finding.of(MxCheck.NO_ADDRESS, domain)
            .subject(mx.host() + " A/AAAA")
            .message(
                "MX "
                    + mx
                    + (a instanceof DnsAnswer.NxDomain
                        ? ": " + mx.host() + " does not exist (NXDOMAIN)"
                        : ": " + mx.host() + " has no A or AAAA record")
                    + ", so mail for "
                    + domain
                    + " cannot be delivered to it (RFC 5321 §5.1)")
            .actual(mx.toString())
            .remediation("publish an A or AAAA record for " + mx.host() + " or remove this MX")
            .location(location)
            .build());
    return out;
  }

  private static Finding unverifiable(String domain, DnsAnswer.Failure f, String what) {
    return Finding.of(MxCheck.UNVERIFIABLE, domain)
        .subject(f.subject())
        .message(what + ": " + f.describe())
        .remediation("check that the name servers of " + f.name() + " answer, then run again")
        .build();
  }

  private static SourcePosition section(MxPolicy declared) {
    return declared.positions() == null ? null : declared.positions().section();
  }

  private static SourcePosition position(MxPolicy declared, Mx mx) {
    for (MxHost h : declared.hosts()) {
      if (Mx.of(h).host().equals(mx.host()) && h.position() != null) {
        return h.position();
      }
    }
    return section(declared);
  }

  private static String joined(List<Mx> set) {
    return set.stream().sorted().map(Mx::toString).collect(Collectors.joining(", "));
  }
}
