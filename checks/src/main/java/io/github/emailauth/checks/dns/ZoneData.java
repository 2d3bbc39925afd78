package io.github.emailauth.checks.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Records held in memory and answered the way an authoritative server answers: NXDOMAIN only for a
 * name that has no records and no names below it, NODATA for an existing name or an empty
 * non-terminal without the type asked, CNAME chains followed inside the data, and wildcards with
 * RFC 4592 semantics (closest encloser, empty non-terminals block a wildcard).
 *
 * <p>The same lookup serves {@link ZoneFileDnsClient} and the loopback test server, so that what
 * the tests assert about the test server holds for verifying against zone files too.
 *
 * <p>Zones: when no apex is declared the data is one namespace and every name is inside it (the
 * test server). Once apexes are declared, a name below none of them is outside and a CNAME chain
 * that leaves them stops there ({@link Status#PARTIAL}) so the caller can ask elsewhere.
 *
 * <p>Thread-safe; lookups take a lock, which is cheap next to any network round trip.
 */
public final class ZoneData {
  /** A CNAME chain longer than this is treated as a loop; resolvers use similar limits. */
  public static final int MAX_CHAIN = 16;

  private static final Name WILDCARD = Name.fromConstantString("*");

  /** owner -> type -> RRset in insertion order. Name equality in dnsjava ignores case. */
  private final Map<Name, Map<Integer, LinkedHashSet<Record>>> nodes = new HashMap<>();

  /** Owner names and every ancestor of them: the names that "exist" for NXDOMAIN purposes. */
  private final Set<Name> existing = new HashSet<>();

  private final Set<Name> apexes = new LinkedHashSet<>();

  /** What a lookup found. */
  public enum Status {
    /** Records of the type asked, possibly behind {@link Result#cnames()}. */
    RECORDS,
    /** The final name exists without records of the type asked. */
    NODATA,
    /** The final name does not exist. */
    NXDOMAIN,
    /**
     * The chain ends at {@link Result#last()}, which was not looked up here: it is outside the
     * declared zones or delegated, or chasing was switched off.
     */
    PARTIAL,
    /** The CNAME chain loops or exceeds {@link #MAX_CHAIN}; {@code cnames} holds it so far. */
    LOOP,
    /**
     * The name asked is outside every declared zone, or delegated away from them (see {@link
     * #inZones}); nothing was looked up.
     */
    OUTSIDE
  }

  /**
   * The outcome of {@link #lookup}.
   *
   * @param cnames the CNAME records followed, in order, owners as asked (wildcards synthesized)
   * @param records the records of the type asked at the end of the chain (only for RECORDS)
   * @param last the name the chain ended at (the name asked when there was no CNAME)
   */
  public record Result(Status status, List<Record> cnames, List<Record> records, Name last) {
    public Result {
      Objects.requireNonNull(status);
      cnames = List.copyOf(cnames);
      records = List.copyOf(records);
      Objects.requireNonNull(last);
    }

    /** The CNAME targets in order, lower case without the trailing dot. */
    public List<String> chain() {
      List<String> out = new ArrayList<>(cnames.size());
      for (Record r : cnames) {
        out.add(Names.text(((CNAMERecord) r).getTarget()));
      }
      return out;
    }
  }

  /** Declares a zone apex; from then on names below no declared apex are outside. */
  public synchronized void addZone(Name apex) {
    requireAbsolute(apex);
    apexes.add(apex);
  }

  /** The declared apexes, in the order declared. */
  public synchronized List<Name> zones() {
    return List.copyOf(apexes);
  }

  /**
   * Adds a record; an identical record (same owner, type and data, TTL aside) is kept once, as an
   * RRset is a set.
   */
  public synchronized void add(Record record) {
    requireAbsolute(record.getName());
    if (record.getDClass() != DClass.IN) {
      throw new IllegalArgumentException("only class IN is served: " + record);
    }
    nodes
        .computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
        .computeIfAbsent(record.getType(), t -> new LinkedHashSet<>())
        .add(record);
    Name n = record.getName();
    while (existing.add(n) && n.labels() > 1) {
      n = new Name(n, 1);
    }
  }

  /**
   * Whether this data is authoritative for {@code name}: at or below a declared apex (always, when
   * none is declared) and not at or below a delegation (NS records below the closest apex that are
   * not themselves a loaded zone's apex). A delegated name belongs to another server, so saying
   * NXDOMAIN for it would be a false "missing".
   */
  public synchronized boolean inZones(Name name) {
    if (apexes.isEmpty()) {
      return true;
    }
    Name closest = null;
    for (Name apex : apexes) {
      if (name.subdomain(apex) && (closest == null || apex.labels() > closest.labels())) {
        closest = apex;
      }
    }
    if (closest == null) {
      return false;
    }
    for (Name n = name; n.labels() > closest.labels(); n = new Name(n, 1)) {
      Map<Integer, LinkedHashSet<Record>> node = nodes.get(n);
      if (node != null && node.containsKey(Type.NS)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the data holds anything at all. */
  public synchronized boolean isEmpty() {
    return nodes.isEmpty();
  }

  /**
   * Looks up {@code type} at {@code name}. With {@code chase}, CNAMEs are followed inside the
   * zones; without it the chain stops after the first CNAME with {@link Status#PARTIAL}. A question
   * for CNAME itself is answered with the CNAME record, never chased. {@link Type#ANY} returns
   * every record at the name.
   */
  public synchronized Result lookup(Name name, int type, boolean chase) {
    requireAbsolute(name);
    if (!inZones(name)) {
      return new Result(Status.OUTSIDE, List.of(), List.of(), name);
    }
    List<Record> cnames = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    Name current = name;
    while (true) {
      seen.add(current);
      Map<Integer, LinkedHashSet<Record>> node = nodes.get(current);
      Name owner = current;
      if (node == null && !existing.contains(current)) {
        node = wildcardFor(current);
        if (node == null) {
          return new Result(Status.NXDOMAIN, cnames, List.of(), current);
        }
      }
      if (node == null) {
        // An empty non-terminal: it exists because names below it do.
        return new Result(Status.NODATA, cnames, List.of(), current);
      }
      List<Record> found = select(node, type, owner);
      if (!found.isEmpty()) {
        return new Result(Status.RECORDS, cnames, found, current);
      }
      LinkedHashSet<Record> cname = node.get(Type.CNAME);
      if (cname == null || cname.isEmpty()) {
        return new Result(Status.NODATA, cnames, List.of(), current);
      }
      Record alias = cname.iterator().next().withName(owner);
      cnames.add(alias);
      Name target = ((CNAMERecord) alias).getTarget();
      if (seen.contains(target) || cnames.size() > MAX_CHAIN) {
        return new Result(Status.LOOP, cnames, List.of(), target);
      }
      if (!chase || !inZones(target)) {
        return new Result(Status.PARTIAL, cnames, List.of(), target);
      }
      current = target;
    }
  }

  private static List<Record> select(
      Map<Integer, LinkedHashSet<Record>> node, int type, Name owner) {
    List<Record> out = new ArrayList<>();
    if (type == Type.ANY) {
      node.values().forEach(set -> set.forEach(r -> out.add(r.withName(owner))));
    } else {
      LinkedHashSet<Record> set = node.get(type);
      if (set != null) {
        set.forEach(r -> out.add(r.withName(owner)));
      }
    }
    return out;
  }

  /**
   * RFC 4592 §3.3.1: find the closest encloser (the longest existing ancestor) and use the wildcard
   * directly below it, if there is one. An existing name in between (even an empty non-terminal) is
   * the closest encloser itself, which is why such names block a wildcard.
   */
  private Map<Integer, LinkedHashSet<Record>> wildcardFor(Name name) {
    for (int strip = 1; strip < name.labels(); strip++) {
      Name ancestor = new Name(name, strip);
      if (existing.contains(ancestor)) {
        try {
          return nodes.get(Name.concatenate(WILDCARD, ancestor));
        } catch (org.xbill.DNS.NameTooLongException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static void requireAbsolute(Name name) {
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("name must be absolute: " + name);
    }
  }
}
