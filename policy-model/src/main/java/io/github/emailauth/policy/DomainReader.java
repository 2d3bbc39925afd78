package io.github.emailauth.policy;

import io.github.emailauth.policy.YNode.Entry;
import io.github.emailauth.policy.YNode.YMap;
import io.github.emailauth.policy.YNode.YScalar;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one domain's sections (or the {@code defaults} section) into the model. Each read method
 * reports what is wrong and returns null for a section it could not build; the caller throws once
 * at the end if anything was reported.
 */
final class DomainReader {
  /** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
  static final long MAX_STS_AGE = 31_557_600L;

  /** One week: long enough to protect, short enough to recover from a mistake. */
  static final long DEFAULT_STS_AGE = 604_800L;

  static final String DEFAULT_BIMI_SELECTOR = "default";

  private static final Pattern STS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  static final Map<String, DmarcMode> DMARC_MODES =
      words("none", DmarcMode.NONE, "quarantine", DmarcMode.QUARANTINE, "reject", DmarcMode.REJECT);
  static final Map<String, Alignment> ALIGNMENTS =
      words(
          "relaxed",
          Alignment.RELAXED,
          "strict",
          Alignment.STRICT,
          "r",
          Alignment.RELAXED,
          "s",
          Alignment.STRICT);
  static final Map<String, SpfAll> SPF_ALLS =
      words(
          "fail",
          SpfAll.FAIL,
          "softfail",
          SpfAll.SOFTFAIL,
          "neutral",
          SpfAll.NEUTRAL,
          "pass",
          SpfAll.PASS);
  static final Map<String, StsMode> STS_MODES =
      words("enforce", StsMode.ENFORCE, "testing", StsMode.TESTING, "none", StsMode.NONE);
  static final Map<String, Profile> PROFILES =
      words("standard", Profile.STANDARD, "parked", Profile.PARKED);
  static final List<String> PSD_VALUES = List.of("y", "n", "u");

  /**
   * Keys of {@code defaults} that a parked domain inherits: the profile itself and DMARC, whose
   * reporting addresses still apply (its policy words are overridden, not contradicted).
   */
  static final List<String> PARKED_INHERITS = List.of("profile", "dmarc");

  private final Values values;
  private final Problems problems;
  private final Path baseDir;
  private final Map<String, Sender> senders;
  private final Map<Entry, Object> strictCache = new IdentityHashMap<>();
  private final Map<Entry, Object> lenientCache = new IdentityHashMap<>();

  DomainReader(Values values, Path baseDir, Map<String, Sender> senders) {
    this.values = values;
    this.problems = values.problems;
    this.baseDir = baseDir;
    this.senders = senders;
  }

  /** Checks {@code defaults} on its own, so its mistakes show even when no domain uses them. */
  void checkDefaults(YMap defaults, SourcePosition position) {
    YMap effective = merge(null, defaults);
    Section section =
        new Section(effective, PolicyShape.DOMAIN, "for a domain", position, problems);
    profile(section);
    senderNames(section);
    readSections(section, true, false);
    section.finish();
  }

  /** The effective declaration of one domain: defaults merged in, a parked profile expanded. */
  DomainPolicy read(String name, SourcePosition position, YMap own, YMap defaults) {
    YMap ownOrEmpty = own == null ? new YMap(Map.of(), position) : own;
    Entry profileEntry = profileEntry(ownOrEmpty, defaults);
    boolean parked =
        profileEntry != null
            && profileEntry.value() instanceof YScalar s
            && "parked".equalsIgnoreCase(s.text().trim());
    YMap inherited = defaults;
    if (parked && defaults != null) {
      // A parked domain sends and receives nothing: of the shared defaults only DMARC's
      // reporting addresses still make sense; MX, SPF, DKIM keys and senders would contradict it.
      Map<String, Entry> kept = new LinkedHashMap<>();
      for (String key : PARKED_INHERITS) {
        if (defaults.entry(key) != null) {
          kept.put(key, defaults.entry(key));
        }
      }
      inherited = new YMap(kept, defaults.position());
    }
    YMap effective = merge(inherited, ownOrEmpty);
    Section section =
        new Section(effective, PolicyShape.DOMAIN, "for a domain", position, problems);
    Profile profile = profile(section);
    List<Entry> senderRefs = senderNames(section);
    Sections read = readSections(section, false, parked);
    section.finish();

    List<String> senderList = new ArrayList<>();
    for (Entry ref : senderRefs) {
      senderList.add(ref.key());
    }
    // A copy: the map read may be shared with other domains, and senders add to it. Copies count
    // against the read limit: 100,000 inherited selectors times 50,000 domains must not fit.
    if (read.dkim != null) {
      problems.spend(read.dkim.size());
    }
    Map<String, DkimSelector> dkim =
        read.dkim == null ? new LinkedHashMap<>() : new LinkedHashMap<>(read.dkim);
    if (profile == Profile.PARKED) {
      SourcePosition at = section.keyPosition("profile");
      // Only what the domain itself says can contradict its profile; a `policy: none` from
      // defaults is simply overridden.
      Set<String> ownDmarc =
          ownOrEmpty.entry("dmarc") != null && ownOrEmpty.entry("dmarc").value() instanceof YMap m
              ? m.entries().keySet()
              : Set.of();
      return parked(name, position, at, section, senderList, read, dkim, ownDmarc);
    }
    addSenderSelectors(dkim, senderRefs);
    return new DomainPolicy(
        name,
        position,
        profile == null ? Profile.STANDARD : profile,
        senderList,
        read.mx,
        read.spf,
        dkim,
        read.dmarc,
        read.mtaSts,
        read.tlsRpt,
        read.bimi);
  }

  private static Entry profileEntry(YMap own, YMap defaults) {
    Entry e = own.entry("profile");
    if (e != null) {
      return e;
    }
    return defaults == null ? null : defaults.entry("profile");
  }

  /** The sections of a domain as read; any may be null (not declared, or not valid). */
  private static final class Sections {
    MxPolicy mx;
    SpfPolicy spf;
    Map<String, DkimSelector> dkim;
    DmarcPolicy dmarc;
    MtaStsPolicy mtaSts;
    TlsRptPolicy tlsRpt;
    BimiPolicy bimi;
  }

  private Sections readSections(Section domain, boolean partial, boolean parked) {
    boolean lenient = partial || parked;
    Sections s = new Sections();
    Entry e;
    if ((e = domain.entry("mx")) != null) {
      s.mx = cached(e, false, this::mx);
    }
    if ((e = domain.entry("spf")) != null) {
      s.spf = cached(e, lenient, entry -> spf(entry, lenient));
    }
    if ((e = domain.entry("dkim")) != null) {
      s.dkim = cached(e, false, this::dkim);
    }
    if ((e = domain.entry("dmarc")) != null) {
      s.dmarc = cached(e, lenient, entry -> dmarc(entry, lenient));
    }
    if ((e = domain.entry("mtaSts")) != null) {
      s.mtaSts = cached(e, partial, entry -> mtaSts(entry, partial));
    }
    if ((e = domain.entry("tlsRpt")) != null) {
      s.tlsRpt = cached(e, partial, entry -> tlsRpt(entry, partial));
    }
    if ((e = domain.entry("bimi")) != null) {
      s.bimi = cached(e, false, this::bimi);
    }
    return s;
  }

  /**
   * A section inherited unchanged from {@code defaults} is the same {@link Entry} object in every
   * domain (see {@link #merge}); it is read once and the immutable result shared. Its problems were
   * reported the first time.
   */
  @SuppressWarnings("unchecked")
  private <T> T cached(Entry entry, boolean lenient, Function<Entry, T> reader) {
    Map<Entry, Object> cache = lenient ? lenientCache : strictCache;
    if (cache.containsKey(entry)) {
      return (T) cache.get(entry);
    }
    T value = reader.apply(entry);
    cache.put(entry, value);
    return value;
  }

  private Profile profile(Section domain) {
    YNode node = domain.get("profile");
    return node == null ? null : values.choice(node, "profile", "profile", PROFILES);
  }

  /** The domain's {@code senders}: each must name a declared sender. */
  private List<Entry> senderNames(Section domain) {
    List<Entry> refs = new ArrayList<>();
    YNode node = domain.get("senders");
    if (node == null) {
      return refs;
    }
    List<YNode> items = values.list(node, "senders");
    if (items == null) {
      return refs;
    }
    Set<String> listed = new HashSet<>();
    for (YNode item : items) {
      String name = values.word(item, "senders");
      if (name == null) {
        continue;
      }
      if (!senders.containsKey(name)) {
        problems.add(
            item.position(),
            "unknown sender `" + name + "`",
            senders.isEmpty()
                ? "declare it under the top-level `senders:`"
                : Suggest.didYouMean(name, senders.keySet()));
        continue;
      }
      if (!listed.add(name)) {
        problems.add(item.position(), "sender `" + name + "` is listed twice", "keep one");
        continue;
      }
      refs.add(new Entry(name, item.position(), item));
    }
    return refs;
  }

  /** Senders' DKIM selectors become declared selectors, unless the domain declares them itself. */
  private void addSenderSelectors(Map<String, DkimSelector> dkim, List<Entry> senderRefs) {
    for (Entry ref : senderRefs) {
      Sender sender = senders.get(ref.key());
      problems.spend(sender.dkimSelectors().size());
      for (String selector : sender.dkimSelectors()) {
        dkim.putIfAbsent(
            selector,
            new DkimSelector(
                selector,
                null,
                null,
                null,
                false,
                null,
                false,
                null,
                KeyPositions.of(ref.keyPosition())));
      }
    }
  }

  // ---------------------------------------------------------------- parked

  private DomainPolicy parked(
      String name,
      SourcePosition position,
      SourcePosition at,
      Section domain,
      List<String> senderList,
      Sections read,
      Map<String, DkimSelector> dkim,
      Set<String> ownDmarc) {
    if (!senderList.isEmpty()) {
      problems.add(
          domain.keyPosition("senders"),
          "a parked domain sends no mail, so it has no `senders`",
          "remove `senders` or use `profile: standard`");
    }
    if (read.mx != null && !read.mx.isNullMx()) {
      problems.add(
          domain.keyPosition("mx"),
          "a parked domain publishes the null MX `0 .` (RFC 7505); `mx` contradicts it",
          "remove `mx`");
    }
    if (read.spf != null
        && (!read.spf.mechanisms().isEmpty()
            || read.spf.redirect() != null
            || !read.spf.authorize().isEmpty()
            || (read.spf.all() != null && read.spf.all() != SpfAll.FAIL))) {
      problems.add(
          domain.keyPosition("spf"),
          "a parked domain publishes `v=spf1 -all`; this `spf` section contradicts it",
          "remove `spf`");
    }
    if (read.bimi != null) {
      problems.add(
          domain.keyPosition("bimi"),
          "a parked domain sends no mail, so a BIMI logo is never shown",
          "remove `bimi`");
    }
    for (DkimSelector selector : dkim.values()) {
      if (!selector.revoked()) {
        problems.add(
            selector.positions().section(),
            "a parked domain has no DKIM keys; selector `"
                + selector.selector()
                + "` is not revoked",
            "remove it, or set `revoked: true` to keep publishing an empty key");
      }
    }
    MxPolicy mx = new MxPolicy(List.of(new MxHost(0, MxHost.ROOT, at)), KeyPositions.of(at));
    List<String> deny = read.spf == null ? List.of() : read.spf.deny();
    SpfPolicy spf =
        new SpfPolicy(List.of(), SpfAll.FAIL, null, false, List.of(), deny, KeyPositions.of(at));
    DmarcPolicy dmarc = parkedDmarc(read.dmarc, at, ownDmarc);
    return new DomainPolicy(
        name,
        position,
        Profile.PARKED,
        List.of(),
        mx,
        spf,
        dkim,
        dmarc,
        read.mtaSts,
        read.tlsRpt,
        null);
  }

  /** p=reject and sp=reject, whatever else (rua, ruf, alignment) was declared stays. */
  private DmarcPolicy parkedDmarc(DmarcPolicy declared, SourcePosition at, Set<String> own) {
    if (declared == null) {
      return new DmarcPolicy(
          DmarcMode.REJECT,
          DmarcMode.REJECT,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          new KeyPositions(at, Map.of("policy", at, "subdomainPolicy", at)));
    }
    KeyPositions p = declared.positions();
    if (own.contains("policy")) {
      check(declared.policy(), p.at("policy"), "policy");
    }
    if (own.contains("subdomainPolicy")) {
      check(declared.subdomainPolicy(), p.at("subdomainPolicy"), "subdomainPolicy");
    }
    DmarcMode np = declared.nonExistentPolicy();
    if (own.contains("nonExistentPolicy")) {
      check(np, p.at("nonExistentPolicy"), "nonExistentPolicy");
    } else if (np != null && np != DmarcMode.REJECT) {
      // An inherited np weaker than reject would undo the profile for non-existent names.
      np = null;
    }
    Map<String, SourcePosition> keys = new LinkedHashMap<>(p.keys());
    keys.put("policy", at);
    keys.put("subdomainPolicy", at);
    return new DmarcPolicy(
        DmarcMode.REJECT,
        DmarcMode.REJECT,
        np,
        declared.spfAlignment(),
        declared.dkimAlignment(),
        declared.rua(),
        declared.ruf(),
        declared.failureOptions(),
        declared.testing(),
        declared.psd(),
        declared.cname(),
        new KeyPositions(p.section(), keys));
  }

  private void check(DmarcMode mode, SourcePosition at, String key) {
    if (mode != null && mode != DmarcMode.REJECT) {
      problems.add(
          at,
          "a parked domain has DMARC `" + key + "` reject, not " + mode.tag(),
          "remove `" + key + "`; `profile: parked` sets it");
    }
  }

  // ---------------------------------------------------------------- mx

  private MxPolicy mx(Entry entry) {
    List<YNode> items = values.list(entry.value(), "mx");
    if (items == null) {
      return null;
    }
    List<MxHost> hosts = new ArrayList<>();
    Map<String, MxHost> byName = new HashMap<>();
    boolean ok = true;
    for (YNode item : items) {
      MxHost host = mxHost(item);
      if (host == null) {
        ok = false;
        continue;
      }
      MxHost same = byName.putIfAbsent(host.host(), host);
      if (same != null) {
        problems.add(
            item.position(),
            "MX host `" + host.host() + "` is listed twice",
            "it is already at line " + same.position().line() + "; keep one");
        ok = false;
        continue;
      }
      hosts.add(host);
    }
    boolean hasNull = hosts.stream().anyMatch(MxHost::isNullMx);
    if (hasNull && (hosts.size() > 1 || hosts.get(0).preference() != 0)) {
      MxHost nullMx = hosts.stream().filter(MxHost::isNullMx).findFirst().orElseThrow();
      problems.add(
          nullMx.position(),
          "the null MX `0 .` must be the only MX, with preference 0 (RFC 7505 §3)",
          hosts.size() > 1 ? "remove the other MX entries, or the null MX" : "write `0 .`");
      ok = false;
    }
    return ok ? new MxPolicy(hosts, KeyPositions.of(entry.keyPosition())) : null;
  }

  private MxHost mxHost(YNode item) {
    if (item instanceof YMap map) {
      Section s = new Section(map, PolicyShape.MX_HOST, "in an MX entry", map.position(), problems);
      YNode pref = s.get("preference");
      YNode host = s.get("host");
      s.finish();
      if (pref == null || host == null) {
        problems.add(
            map.position(),
            "an MX entry needs `preference` and `host`",
            "write `{ preference: 10, host: mx1.example.com }` or `10 mx1.example.com.`");
        return null;
      }
      Long p = values.number(pref, "preference", 0, 65535);
      String h = values.word(host, "host");
      String name = h == null ? null : mxName(h, host.position());
      return p == null || name == null ? null : new MxHost(p.intValue(), name, map.position());
    }
    String text = values.word(item, "mx");
    if (text == null) {
      return null;
    }
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 2 || !parts[0].matches("[0-9]{1,5}")) {
      problems.add(
          item.position(),
          "`" + text + "` is not an MX entry",
          "write the preference and the host, as in `10 mx1.example.com.`");
      return null;
    }
    int preference = Integer.parseInt(parts[0]);
    if (preference > 65535) {
      problems.add(
          item.position(), "MX preference must be between 0 and 65535, not " + preference, null);
      return null;
    }
    String name = mxName(parts[1], item.position());
    return name == null ? null : new MxHost(preference, name, item.position());
  }

  private String mxName(String host, SourcePosition at) {
    if (host.equals(".")) {
      return MxHost.ROOT;
    }
    if (Names.isIpAddress(host)) {
      problems.add(
          at,
          "MX host `" + host + "` is an IP address; an MX names a host (RFC 5321 §5.1)",
          "name the host, and give it an A/AAAA record");
      return null;
    }
    return hostName(host, at, "MX host");
  }

  // ---------------------------------------------------------------- spf

  private SpfPolicy spf(Entry entry, boolean partial) {
    Section s = section(entry, "spf", PolicyShape.SPF);
    if (s == null) {
      return null;
    }
    List<String> mechanisms =
        s.read("mechanisms", List.of(), n -> values.each(n, "mechanisms", this::spfTerm));
    SpfAll all = s.read("all", this::spfAll);
    boolean allowPass = flag(s, "allowPassAll");
    if (all == SpfAll.PASS && !allowPass) {
      problems.add(
          s.get("all").position(),
          "`all: pass` (+all) lets every host on the internet send as this domain",
          "use `fail`; if you really mean it, add `allowPassAll: true`");
    }
    // A macro (%{d}) is expanded at evaluation time; it cannot be checked as a name here.
    String redirect =
        s.read(
            "redirect",
            n -> {
              String text = values.word(n, "redirect");
              return text != null && text.contains("%")
                  ? text
                  : dnsName(text, n, "redirect domain");
            });
    if (all != null && redirect != null) {
      problems.add(
          s.keyPosition("redirect"),
          "`redirect` has no effect when `all` is set (RFC 7208 §6.1)",
          "remove `all` or `redirect`");
    }
    if (!partial && all == null && redirect == null && !s.has("all") && !s.has("redirect")) {
      problems.add(
          entry.keyPosition(),
          "`spf` needs `all` or `redirect`",
          "add `all: fail` (or softfail while you roll out)");
    }
    boolean flatten = flag(s, "flatten");
    List<String> authorize =
        s.read("authorize", List.of(), n -> values.each(n, "authorize", this::ip));
    List<String> deny = s.read("deny", List.of(), n -> values.each(n, "deny", this::ip));
    s.finish();
    if (mechanisms == null || authorize == null || deny == null) {
      return null;
    }
    return new SpfPolicy(mechanisms, all, redirect, flatten, authorize, deny, s.positions());
  }

  private SpfAll spfAll(YNode n) {
    String text = values.text(n, "all");
    if (text == null) {
      return null;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    String meant =
        switch (t) {
          case "-all", "-" -> "fail";
          case "~all", "~" -> "softfail";
          case "?all", "?" -> "neutral";
          case "+all", "+" -> "pass";
          default -> null;
        };
    if (meant != null) {
      problems.add(
          n.position(),
          "unknown `all` value `" + text + "`",
          "write the word: `all: " + meant + "`");
      return null;
    }
    return values.choice(n, "all", "`all` value", SPF_ALLS);
  }

  String spfTerm(YNode item) {
    String text = values.text(item, "mechanisms");
    if (text == null) {
      return null;
    }
    try {
      return SpfTerms.check(text);
    } catch (Names.Invalid e) {
      problems.add(item.position(), "bad SPF term: " + e.getMessage(), null);
      return null;
    }
  }

  private String ip(YNode item) {
    String text = values.word(item, "address");
    if (text == null) {
      return null;
    }
    try {
      return Names.ipAddress(text.trim());
    } catch (Names.Invalid e) {
      problems.add(
          item.position(),
          "`" + text + "` is not an IP address: " + e.getMessage(),
          text.contains("/")
              ? "list single addresses here; networks belong in `mechanisms` (ip4:, ip6:)"
              : "write an IPv4 (192.0.2.10) or IPv6 (2001:db8::10) address; names are not looked"
                  + " up");
      return null;
    }
  }

  // ---------------------------------------------------------------- dkim

  private Map<String, DkimSelector> dkim(Entry entry) {
    YMap map = values.map(entry.value(), "dkim");
    if (map == null) {
      return null;
    }
    problems.spend(map.entries().size());
    Map<String, DkimSelector> out = new LinkedHashMap<>();
    Map<String, SourcePosition> seen = new LinkedHashMap<>();
    for (Entry e : map.entries().values()) {
      String name = selectorName(e.key(), e.keyPosition(), "DKIM selector");
      if (name == null) {
        continue;
      }
      SourcePosition first = seen.putIfAbsent(name, e.keyPosition());
      if (first != null) {
        problems.add(
            e.keyPosition(),
            "DKIM selector `" + e.key() + "` is the same as the one at line " + first.line(),
            "keep one");
        continue;
      }
      DkimSelector selector = dkimSelector(name, e);
      if (selector != null) {
        out.put(name, selector);
      }
    }
    return out;
  }

  private DkimSelector dkimSelector(String name, Entry e) {
    YMap map;
    if (e.value() instanceof YScalar s && s.isNull()) {
      // `s2025:` with nothing after it: the selector is declared, with no expectations.
      map = new YMap(Map.of(), e.keyPosition());
    } else {
      map = values.map(e.value(), "dkim." + e.key());
      if (map == null) {
        return null;
      }
    }
    Section s =
        new Section(
            map,
            PolicyShape.DKIM_SELECTOR,
            "in DKIM selector `" + e.key() + "`",
            e.keyPosition(),
            problems);
    String publicKey = s.read("publicKey", n -> values.word(n, "publicKey"));
    Path publicKeyPath =
        publicKey == null
            ? null
            : s.read("publicKey", n -> existingFile(publicKey, n.position(), "public key file"));
    Long bits = s.read("minBits", n -> values.number(n, "minBits", 1024, 16384));
    Integer minBits = bits == null ? null : bits.intValue();
    boolean revoked = flag(s, "revoked");
    LocalDate retireAfter = s.read("retireAfter", n -> values.date(n, "retireAfter"));
    boolean testing = flag(s, "testing");
    String cname = s.read("cname", n -> dnsName(values.word(n, "cname"), n, "CNAME target"));
    s.finish();
    if (revoked && publicKey != null) {
      problems.add(
          s.keyPosition("publicKey"),
          "a revoked selector publishes an empty key (`p=`), so `publicKey` contradicts `revoked:"
              + " true`",
          "remove `publicKey`");
      s.fail();
    }
    return s.ok()
        ? new DkimSelector(
            name,
            publicKey,
            publicKeyPath,
            minBits,
            revoked,
            retireAfter,
            testing,
            cname,
            s.positions())
        : null;
  }

  // ---------------------------------------------------------------- dmarc

  private DmarcPolicy dmarc(Entry entry, boolean partial) {
    Section s = section(entry, "dmarc", PolicyShape.DMARC);
    if (s == null) {
      return null;
    }
    DmarcMode policy = dmarcMode(s, "policy");
    if (!s.has("policy") && !partial) {
      problems.add(
          entry.keyPosition(),
          "`dmarc` needs `policy`",
          "add `policy: reject` (or none/quarantine while you roll out)");
      s.fail();
    }
    DmarcMode sp = dmarcMode(s, "subdomainPolicy");
    DmarcMode np = dmarcMode(s, "nonExistentPolicy");
    Alignment spfAlign = null;
    Alignment dkimAlign = null;
    Map<String, SourcePosition> nested = new LinkedHashMap<>();
    YMap am = s.read("alignment", n -> values.map(n, "alignment"));
    if (am != null) {
      Section a =
          new Section(
              am, PolicyShape.ALIGNMENT, "in `alignment`", s.keyPosition("alignment"), problems);
      spfAlign = a.read("spf", n -> values.choice(n, "spf", "alignment mode", ALIGNMENTS));
      if (a.has("spf")) {
        nested.put("alignment.spf", a.keyPosition("spf"));
      }
      dkimAlign = a.read("dkim", n -> values.choice(n, "dkim", "alignment mode", ALIGNMENTS));
      if (a.has("dkim")) {
        nested.put("alignment.dkim", a.keyPosition("dkim"));
      }
      a.finish();
      if (!a.ok()) {
        s.fail();
      }
    }
    List<String> rua = s.read("rua", n -> values.each(n, "rua", item -> mailto(item, "rua")));
    List<String> ruf = s.read("ruf", n -> values.each(n, "ruf", item -> mailto(item, "ruf")));
    String fo = s.read("failureOptions", this::failureOptions);
    Boolean testing = s.read("testing", n -> values.bool(n, "testing"));
    String psd = s.read("psd", this::psd);
    String cname = s.read("cname", n -> dnsName(values.word(n, "cname"), n, "CNAME target"));
    s.finish();
    return s.ok()
        ? new DmarcPolicy(
            policy,
            sp,
            np,
            spfAlign,
            dkimAlign,
            rua,
            ruf,
            fo,
            testing,
            psd,
            cname,
            s.positions(nested))
        : null;
  }

  private DmarcMode dmarcMode(Section s, String key) {
    return s.read(key, n -> values.choice(n, key, "DMARC policy", DMARC_MODES));
  }

  /** {@code psd}: y, n or u (RFC 9989). */
  private String psd(YNode n) {
    String text = values.text(n, "psd");
    if (text == null) {
      return null;
    }
    String psd = text.trim().toLowerCase(Locale.ROOT);
    if (!PSD_VALUES.contains(psd)) {
      problems.add(n.position(), "unknown `psd` value `" + text + "`", "use y, n or u (RFC 9989)");
      return null;
    }
    return psd;
  }

  private String mailto(YNode item, String key) {
    String text = values.word(item, key);
    if (text == null) {
      return null;
    }
    try {
      return Uris.mailto(text.trim(), true);
    } catch (Names.Invalid e) {
      problems.add(
          item.position(),
          "bad `" + key + "` URI `" + text + "`: " + e.getMessage(),
          text.contains("@") && !text.contains(":")
              ? "write `mailto:" + text.trim() + "`"
              : "DMARC reports go to `mailto:` addresses, like mailto:dmarc@example.com");
      return null;
    }
  }

  /** {@code fo}: 0, 1, d and s joined by ':', each at most once, 0 and 1 not together. */
  private String failureOptions(YNode n) {
    String text = values.text(n, "failureOptions");
    if (text == null) {
      return null;
    }
    List<String> seen = new ArrayList<>();
    for (String raw : text.split(":", -1)) {
      String option = raw.trim().toLowerCase(Locale.ROOT);
      if (!List.of("0", "1", "d", "s").contains(option)) {
        problems.add(
            n.position(),
            "bad `failureOptions` `" + text + "`: `" + raw.trim() + "` is not 0, 1, d or s",
            "join options with `:`, as in `1:d`");
        return null;
      }
      if (seen.contains(option)) {
        problems.add(
            n.position(), "bad `failureOptions` `" + text + "`: `" + option + "` twice", null);
        return null;
      }
      seen.add(option);
    }
    if (seen.contains("0") && seen.contains("1")) {
      problems.add(
          n.position(),
          "bad `failureOptions` `"
              + text
              + "`: 0 (all failed) and 1 (any failed) exclude each other",
          "keep one of them");
      return null;
    }
    return String.join(":", seen);
  }

  // ---------------------------------------------------------------- mta-sts, tls-rpt, bimi

  private MtaStsPolicy mtaSts(Entry entry, boolean partial) {
    Section s = section(entry, "mtaSts", PolicyShape.MTA_STS);
    if (s == null) {
      return null;
    }
    StsMode mode = s.read("mode", n -> values.choice(n, "mode", "MTA-STS mode", STS_MODES));
    if (!s.has("mode") && !partial) {
      problems.add(
          entry.keyPosition(), "`mtaSts` needs `mode`", "add `mode: testing`, then `enforce`");
      s.fail();
    }
    List<String> mx = s.read("mx", List.of(), n -> values.each(n, "mx", this::mxPattern));
    if (!partial && mode != null && mode != StsMode.NONE && mx != null && mx.isEmpty()) {
      problems.add(
          s.keyPosition("mx"),
          "MTA-STS mode " + mode.word() + " needs at least one `mx` pattern (RFC 8461 §3.2)",
          "list the MX host names, e.g. `mx: [mx1.example.com, \"*.mail.example.net\"]`");
      s.fail();
    }
    Long maxAge =
        s.read("maxAge", DEFAULT_STS_AGE, n -> values.number(n, "maxAge", 0, MAX_STS_AGE));
    String id = s.read("id", this::stsId);
    s.finish();
    return s.ok() && mode != null ? new MtaStsPolicy(mode, mx, maxAge, id, s.positions()) : null;
  }

  private String stsId(YNode n) {
    String id = values.text(n, "id");
    if (id != null && !STS_ID.matcher(id).matches()) {
      problems.add(
          n.position(),
          "MTA-STS `id` `" + id + "` must be 1 to 32 letters and digits (RFC 8461 §3.1)",
          null);
      return null;
    }
    return id;
  }

  private String mxPattern(YNode item) {
    String text = values.word(item, "mx");
    if (text == null) {
      return null;
    }
    try {
      return Names.mxPattern(text.trim());
    } catch (Names.Invalid e) {
      problems.add(
          item.position(),
          "`" + text + "` is not a valid MTA-STS mx pattern: " + e.getMessage(),
          null);
      return null;
    }
  }

  private TlsRptPolicy tlsRpt(Entry entry, boolean partial) {
    Section s = section(entry, "tlsRpt", PolicyShape.TLS_RPT);
    if (s == null) {
      return null;
    }
    YNode n = s.get("rua");
    s.finish();
    if (n == null) {
      if (!partial) {
        problems.add(
            entry.keyPosition(), "`tlsRpt` needs `rua`", "add `rua: [mailto:tlsrpt@example.com]`");
      }
      return null;
    }
    List<YNode> items = values.list(n, "rua");
    if (items == null) {
      return null;
    }
    if (items.isEmpty() && !partial) {
      problems.add(n.position(), "`tlsRpt.rua` needs at least one URI (RFC 8460 §3)", null);
    }
    List<String> rua = new ArrayList<>();
    for (YNode item : items) {
      String uri = reportUri(item);
      if (uri != null) {
        rua.add(uri);
      }
    }
    return new TlsRptPolicy(rua, s.positions());
  }

  private String reportUri(YNode item) {
    String text = values.word(item, "rua");
    if (text == null) {
      return null;
    }
    try {
      return Uris.reportUri(text.trim());
    } catch (Names.Invalid e) {
      problems.add(
          item.position(),
          "bad `rua` URI `" + text + "`: " + e.getMessage(),
          "use mailto:tlsrpt@example.com or https://reports.example.com/tlsrpt");
      return null;
    }
  }

  private BimiPolicy bimi(Entry entry) {
    Section s = section(entry, "bimi", PolicyShape.BIMI);
    if (s == null) {
      return null;
    }
    String selector =
        s.read(
            "selector",
            DEFAULT_BIMI_SELECTOR,
            n -> {
              String text = values.word(n, "selector");
              return text == null ? null : selectorName(text, n.position(), "BIMI selector");
            });
    String logo = s.read("logo", n -> https(n, "logo"));
    String logoFile = s.read("logoFile", n -> values.word(n, "logoFile"));
    if (logoFile != null) {
      s.read("logoFile", n -> existingFile(logoFile, n.position(), "logo file"));
    }
    String authority = s.read("authority", n -> https(n, "authority"));
    String authorityFile = s.read("authorityFile", n -> values.word(n, "authorityFile"));
    if (authorityFile != null) {
      s.read("authorityFile", n -> existingFile(authorityFile, n.position(), "authority file"));
    }
    s.finish();
    if (authority != null && !s.has("logo")) {
      problems.add(
          s.keyPosition("authority"),
          "`authority` (a=) needs `logo` (l=): the certificate vouches for a logo",
          "add `logo: https://...svg`");
      s.fail();
    }
    return s.ok()
        ? new BimiPolicy(selector, logo, logoFile, authority, authorityFile, s.positions())
        : null;
  }

  private String https(YNode n, String key) {
    String text = values.word(n, key);
    if (text == null) {
      return null;
    }
    try {
      return Uris.https(text.trim());
    } catch (Names.Invalid e) {
      problems.add(
          n.position(),
          "bad `" + key + "` URL `" + text + "`: " + e.getMessage(),
          "BIMI fetches over https://");
      return null;
    }
  }

  // ---------------------------------------------------------------- shared

  /**
   * The mapping under {@code key} read against {@code shape}, or null (reported) when it is not a
   * mapping.
   */
  private Section section(Entry entry, String key, PolicyShape.Fields shape) {
    YMap map = values.map(entry.value(), key);
    return map == null
        ? null
        : new Section(map, shape, "in `" + key + "`", entry.keyPosition(), problems);
  }

  /** A true/false key: false when it is not written or not a boolean (the latter reported). */
  private boolean flag(Section s, String key) {
    return Boolean.TRUE.equals(s.read(key, n -> values.bool(n, key)));
  }

  /** {@code text} (read from {@code n}; null when that failed) as a DNS name, or null. */
  private String dnsName(String text, YNode n, String what) {
    return text == null ? null : dnsName(text, n.position(), what);
  }

  String hostName(String text, SourcePosition at, String what) {
    try {
      return Names.hostName(text.trim());
    } catch (Names.Invalid e) {
      problems.add(
          at, what + " `" + text + "` is not a valid domain name: " + e.getMessage(), null);
      return null;
    }
  }

  private String dnsName(String text, SourcePosition at, String what) {
    try {
      return Names.dnsName(text.trim());
    } catch (Names.Invalid e) {
      problems.add(
          at, what + " `" + text + "` is not a valid domain name: " + e.getMessage(), null);
      return null;
    }
  }

  String selectorName(String text, SourcePosition at, String what) {
    try {
      return Names.selector(text);
    } catch (Names.Invalid e) {
      problems.add(
          at,
          what + " `" + text + "` is not valid: " + e.getMessage(),
          "a selector is DNS labels of letters, digits and hyphens, joined by dots");
      return null;
    }
  }

  private Path existingFile(String text, SourcePosition at, String what) {
    Path path;
    try {
      path = baseDir.resolve(text).normalize();
    } catch (InvalidPathException e) {
      problems.add(at, what + " `" + text + "` is not a valid path: " + e.getReason(), null);
      return null;
    }
    if (!Files.isRegularFile(path)) {
      problems.add(
          at,
          what + " `" + text + "` does not exist",
          "paths are relative to the policy file's folder; looked for " + path.toAbsolutePath());
      return null;
    }
    return path;
  }

  // ---------------------------------------------------------------- merge

  /**
   * {@code defaults} deep-merged under {@code own}: own keys win, mappings merge key by key, lists
   * and single values replace. A domain section written empty ({@code tlsRpt: ~}) drops the
   * inherited section; empty sections are then left out.
   */
  static YMap merge(YMap defaults, YMap own) {
    Map<String, Entry> out = new LinkedHashMap<>();
    if (defaults != null) {
      for (Entry d : defaults.entries().values()) {
        if (!isNull(d.value())) {
          out.put(d.key(), d);
        }
      }
    }
    for (Entry o : own.entries().values()) {
      if (isNull(o.value())) {
        out.remove(o.key());
        continue;
      }
      Entry d = out.get(o.key());
      if (d != null && d.value() instanceof YMap dm && o.value() instanceof YMap om) {
        out.put(o.key(), new Entry(o.key(), o.keyPosition(), deepMerge(dm, om)));
      } else {
        out.put(o.key(), o);
      }
    }
    return new YMap(out, own.position());
  }

  private static YMap deepMerge(YMap base, YMap over) {
    Map<String, Entry> out = new LinkedHashMap<>(base.entries());
    for (Entry o : over.entries().values()) {
      Entry b = out.get(o.key());
      if (b != null && b.value() instanceof YMap bm && o.value() instanceof YMap om) {
        out.put(o.key(), new Entry(o.key(), o.keyPosition(), deepMerge(bm, om)));
      } else {
        out.put(o.key(), o);
      }
    }
    return new YMap(out, over.position());
  }

  private static boolean isNull(YNode node) {
    return node instanceof YScalar s && s.isNull();
  }

  private static <E> Map<String, E> words(Object... pairs) {
    Map<String, E> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      E value = (E) pairs[i + 1];
      map.put((String) pairs[i], value);
    }
    return map;
  }
}
