package io.github.emailauth.checks.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers from RFC 1035 master files, so a zone kept in git can be verified before it is deployed.
 * Semantics are those of an authoritative server for the loaded zones ({@link ZoneData}): NXDOMAIN,
 * NODATA, empty non-terminals, CNAME chains and wildcards behave as on the wire.
 *
 * <p>Each file is one zone. Its origin is the first {@code $ORIGIN} before any record, else the
 * file name without {@code .zone} or {@code .db} ({@code example.com.zone} → {@code example.com});
 * an SOA record declares its owner a zone too. SOA and NS records are not required. Records without
 * a TTL and no {@code $TTL} get 3600. {@code $INCLUDE} is refused: a zone under review should be
 * readable on its own.
 *
 * <p>Names outside every loaded zone go to the optional fallback client (live DNS); without one
 * they are a {@link DnsAnswer.Failure} with reason ERROR, never NXDOMAIN: the files say nothing
 * about them.
 */
public final class ZoneFileDnsClient extends BaseDnsClient {
  private static final long DEFAULT_TTL = 3600;
  private static final Pattern LINE = Pattern.compile(":(\\d+): ");
  private static final Set<Integer> ALLOWED_WITH_CNAME =
      Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.KEY, Type.SIG);

  private final ZoneData data;
  private final DnsClient fallback;

  private ZoneFileDnsClient(ZoneData data, DnsClient fallback) {
    this.data = data;
    this.fallback = fallback;
  }

  /**
   * Loads {@code files}; several files for one zone are merged.
   *
   * @param fallback asked for names outside the loaded zones; null to report them as failures
   * @throws ZoneFileException naming the file (and line, for syntax errors) of the first problem
   */
  public static ZoneFileDnsClient load(List<Path> files, DnsClient fallback)
      throws ZoneFileException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no zone files given");
    }
    ZoneData data = new ZoneData();
    for (Path file : files) {
      loadFile(file, data);
    }
    return new ZoneFileDnsClient(data, fallback);
  }

  /** The zone apexes loaded, lower case without the trailing dot. */
  public List<String> zones() {
    List<String> out = new ArrayList<>();
    for (Name apex : data.zones()) {
      out.add(Names.text(apex));
    }
    return out;
  }

  @Override
  CompletableFuture<Hop> hop(Name name, int type) {
    String text = Names.text(name);
    if (!data.inZones(name)) {
      if (fallback == null) {
        return CompletableFuture.completedFuture(
            Hop.done(
                new DnsAnswer.Failure(
                    text,
                    type,
                    List.of(),
                    DnsAnswer.Reason.ERROR,
                    // the name may be an alias target, not the question: say which name
                    text
                        + " is not in the loaded zone files ("
                        + String.join(", ", zones())
                        + "); name servers, when given, answer for names outside them")));
      }
      sent.increment();
      return fallback.query(text, type).thenApply(Hop::done);
    }
    sent.increment();
    ZoneData.Result r = data.lookup(name, type, true);
    List<String> chain = r.chain();
    DnsAnswer answer =
        switch (r.status()) {
          case RECORDS -> new DnsAnswer.Records(text, type, chain, r.records());
          case NODATA, PARTIAL -> new DnsAnswer.NoData(text, type, chain);
          case NXDOMAIN -> new DnsAnswer.NxDomain(text, type, chain);
          case LOOP ->
              new DnsAnswer.Failure(
                  text,
                  type,
                  chain,
                  DnsAnswer.Reason.MALFORMED,
                  "CNAME loop or overlong chain in the zone files at " + Names.text(r.last()));
          case OUTSIDE -> throw new IllegalStateException("checked above: " + name);
        };
    // PARTIAL: the chain leaves the loaded zones; the base class continues at its end.
    Name next = r.status() == ZoneData.Status.PARTIAL ? r.last() : null;
    return CompletableFuture.completedFuture(new Hop(answer, next));
  }

  @Override
  public void close() {
    super.close();
    if (fallback != null) {
      fallback.close();
    }
  }

  // ---- loading ----

  /** RFC 1035 §3.2.1: RDLENGTH is a 16-bit count. */
  static final int MAX_RDATA = 65535;

  private static void loadFile(Path file, ZoneData data) throws ZoneFileException {
    Name origin = originOf(file);
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(file.toString(), origin, DEFAULT_TTL)) {
      master.disableIncludes(true);
      Record r;
      while ((r = master.nextRecord()) != null) {
        // dnsjava accepts any number of TXT strings in one record, but RDATA is at most 65535
        // bytes on the wire; such a record cannot be served and breaks hashing in ZoneData.
        if (r.rdataToWireCanonical().length > MAX_RDATA) {
          throw new ZoneFileException(
              file,
              0,
              "record "
                  + r.getName()
                  + " "
                  + Type.string(r.getType())
                  + " is longer than "
                  + MAX_RDATA
                  + " bytes of data, the most DNS can carry",
              null);
        }
        records.add(r);
      }
    } catch (TextParseException e) {
      throw syntax(file, e);
    } catch (IOException e) {
      if (e instanceof ZoneFileException z) {
        throw z;
      }
      // dnsjava reports syntax errors as plain IOExceptions too, with file:line: in the message
      if (LINE.matcher(String.valueOf(e.getMessage())).find()) {
        throw syntax(file, e);
      }
      throw new ZoneFileException(file, 0, "cannot read: " + e, e);
    } catch (RuntimeException e) {
      throw new ZoneFileException(file, 0, "cannot parse: " + e.getMessage(), e);
    }

    Set<Name> apexes = new LinkedHashSet<>();
    apexes.add(origin);
    for (Record r : records) {
      if (r.getType() == Type.SOA) {
        apexes.add(r.getName());
      }
    }
    Map<Name, Set<Integer>> typesAt = new HashMap<>();
    for (Record r : records) {
      if (apexes.stream().noneMatch(apex -> r.getName().subdomain(apex))) {
        throw new ZoneFileException(
            file,
            0,
            "record "
                + Names.text(r.getName())
                + " "
                + Type.string(r.getType())
                + " is outside the zone "
                + Names.text(origin),
            null);
      }
      typesAt.computeIfAbsent(r.getName(), n -> new LinkedHashSet<>()).add(r.getType());
    }
    for (Map.Entry<Name, Set<Integer>> e : typesAt.entrySet()) {
      Set<Integer> types = e.getValue();
      if (types.contains(Type.CNAME)
          && types.stream().anyMatch(t -> t != Type.CNAME && !ALLOWED_WITH_CNAME.contains(t))) {
        // RFC 1034 §3.6.2, RFC 2181 §10.1: a name server would refuse to load this zone.
        throw new ZoneFileException(
            file, 0, "CNAME and other data at " + Names.text(e.getKey()), null);
      }
    }
    apexes.forEach(data::addZone);
    records.forEach(data::add);
  }

  private static ZoneFileException syntax(Path file, IOException e) {
    String message = String.valueOf(e.getMessage());
    Matcher m = LINE.matcher(message);
    int line = 0;
    String detail = message;
    if (m.find()) {
      line = Integer.parseInt(m.group(1));
      detail = message.substring(m.end());
    }
    return new ZoneFileException(file, line, detail, e);
  }

  /**
   * The first {@code $ORIGIN} before any record, else derived from the file name. Every {@code
   * $ORIGIN} must be absolute: RFC 1035 reads a relative one against the current origin but dnsjava
   * reads it against the root, and a zone must not mean two different things.
   */
  /**
   * The most records the {@code $GENERATE} lines of one file may make. dnsjava expands a range
   * eagerly, so {@code $GENERATE 1-2147483647} would make two billion records and never finish.
   */
  static final long MAX_GENERATED = 100_000;

  private static final Pattern GENERATE_RANGE =
      Pattern.compile("(\\d{1,10})-(\\d{1,10})(?:/(\\d{1,10}))?");

  /** Records a {@code $GENERATE} range makes; 0 when unreadable (dnsjava then reports it). */
  private static long generatedCount(String range) {
    Matcher m = GENERATE_RANGE.matcher(range);
    if (!m.matches()) {
      return 0;
    }
    long start = Long.parseLong(m.group(1));
    long stop = Long.parseLong(m.group(2));
    long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
    if (step == 0 || stop < start) {
      return 0;
    }
    return (stop - start) / step + 1;
  }

  static Name originOf(Path file) throws ZoneFileException {
    Name fromName = originFromFileName(file);
    Name declared = null;
    boolean recordsStarted = false;
    long generated = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        String content = stripComment(line).trim();
        if (content.isEmpty()) {
          continue;
        }
        String[] words = content.split("\\s+");
        String directive = words[0].toUpperCase(Locale.ROOT);
        if (directive.equals("$ORIGIN")) {
          if (words.length < 2) {
            throw new ZoneFileException(file, number, "$ORIGIN without a name", null);
          }
          if (!words[1].endsWith(".")) {
            throw new ZoneFileException(
                file,
                number,
                "relative $ORIGIN '" + words[1] + "': write it absolute, ending in '.'",
                null);
          }
          if (declared == null && !recordsStarted) {
            try {
              declared = Name.fromString(words[1]);
            } catch (TextParseException e) {
              throw new ZoneFileException(file, number, "bad $ORIGIN: " + e.getMessage(), e);
            }
          }
        } else if (directive.equals("$GENERATE") && words.length >= 2) {
          generated += generatedCount(words[1]);
          if (generated > MAX_GENERATED) {
            throw new ZoneFileException(
                file,
                number,
                "$GENERATE lines make more than "
                    + MAX_GENERATED
                    + " records; a zone kept in git has no need for so many",
                null);
          }
        } else if (!directive.startsWith("$")) {
          recordsStarted = true; // a later $ORIGIN only changes how names are written
        }
      }
    } catch (IOException e) {
      if (e instanceof ZoneFileException z) {
        throw z;
      }
      throw new ZoneFileException(file, 0, "cannot read: " + e, e);
    }
    if (declared != null) {
      return declared;
    }
    if (fromName == null) {
      throw new ZoneFileException(
          file,
          0,
          "no $ORIGIN and the file name is not a domain name; add $ORIGIN or name the file"
              + " <zone>.zone",
          null);
    }
    return fromName;
  }

  private static Name originFromFileName(Path file) {
    Path fileName = file.getFileName();
    if (fileName == null) {
      return null;
    }
    String name = fileName.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : List.of(".zone", ".db")) {
      if (lower.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    try {
      return Names.parse(name);
    } catch (TextParseException e) {
      return null;
    }
  }

  /** Drops a {@code ;} comment that is not inside a quoted string. */
  private static String stripComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
