package io.github.emailauth.checks.spf;

import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A flattened SPF record set: the record at the domain itself, then {@code _spf1.<domain>}, {@code
 * _spf2.<domain>}, ... which it includes. Besides the text to publish it keeps the meaning it was
 * built from ({@link #parts()}), so that a later flattening can be compared by meaning and the
 * difference named network by network.
 *
 * @param domain the domain whose record this is
 * @param records the apex record first, then the sub-records in order
 * @param parts the meaning, in evaluation order: sets of addresses decided by flattened terms, and
 *     the terms kept as they were between them
 * @param sources for each flattened term of the declared record, the addresses it authorises on its
 *     own (to say which provider added a network)
 * @param lookups DNS-querying terms a receiver evaluates in the worst case (§4.6.4), kept terms'
 *     own includes counted through
 */
public record FlattenedChain(
    String domain, List<Record> records, List<Part> parts, List<Source> sources, int lookups) {
  public FlattenedChain {
    Objects.requireNonNull(domain, "domain");
    records = List.copyOf(records);
    parts = List.copyOf(parts);
    sources = List.copyOf(sources);
    if (records.isEmpty() || !records.get(0).name().equals(domain)) {
      throw new IllegalArgumentException("the first record must be the apex record");
    }
  }

  /** One TXT record of the chain. */
  public record Record(String name, String text) {
    public Record {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }

    /** The record's length in octets (every byte of it is ASCII). */
    public int bytes() {
      return text.getBytes(StandardCharsets.US_ASCII).length;
    }

    /**
     * The TXT character-strings to publish: cut between terms so that each is at most 255 octets
     * and a reader sees whole terms; a string after the first starts with the separating space,
     * because strings are joined with nothing between them (RFC 7208 §3.3).
     */
    public List<String> strings() {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String piece : pieces(text)) {
        if (current.length() > 0 && current.length() + piece.length() > SpfFlattener.MAX_STRING) {
          out.add(current.toString());
          current.setLength(0);
        }
        current.append(piece);
      }
      out.add(current.toString());
      return out;
    }

    /** "v=spf1", then " term" for each term. */
    private static List<String> pieces(String text) {
      List<String> out = new ArrayList<>();
      int start = 0;
      int space;
      while ((space = text.indexOf(' ', start + 1)) > 0) {
        out.add(text.substring(start, space));
        start = space;
      }
      out.add(text.substring(start));
      return out;
    }
  }

  /** A step of the flattened meaning. */
  public sealed interface Part permits Decided, Kept {}

  /**
   * Addresses whose result flattened terms decide at this point of the evaluation, by result.
   * {@code total} is true for the last part when it ends with {@code all} (or an implicit neutral):
   * then every address that gets this far is decided here.
   */
  public record Decided(Map<SpfResult, IpSet> results, boolean total) implements Part {
    public Decided {
      EnumMap<SpfResult, IpSet> copy = new EnumMap<>(SpfResult.class);
      results.forEach(
          (r, s) -> {
            if (!s.isEmpty()) {
              copy.put(r, s);
            }
          });
      results = Collections.unmodifiableMap(copy);
    }

    public IpSet get(SpfResult result) {
      return results.getOrDefault(result, IpSet.EMPTY);
    }
  }

  /**
   * A term of the declared record that is published as it is, and why it cannot be flattened
   * without changing what it means.
   */
  public record Kept(String term, String reason) implements Part {
    public Kept {
      Objects.requireNonNull(term, "term");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The addresses one flattened term of the declared record authorises on its own. */
  public record Source(String term, IpSet authorized) {}

  /** The apex record. */
  public Record apex() {
    return records.get(0);
  }

  /** The terms kept unflattened, in order. */
  public List<Kept> kept() {
    List<Kept> out = new ArrayList<>();
    for (Part p : parts) {
      if (p instanceof Kept k) {
        out.add(k);
      }
    }
    return out;
  }

  /** Every address a flattened term authorises (kept terms may authorise more). */
  public IpSet authorized() {
    IpSet out = IpSet.EMPTY;
    for (Part p : parts) {
      if (p instanceof Decided d) {
        out = out.union(d.get(SpfResult.PASS));
      }
    }
    return out;
  }

  /** The records to publish, each a TXT record of {@code ttl} seconds. */
  public List<GeneratedRecord> generatedRecords(long ttl) {
    List<GeneratedRecord> out = new ArrayList<>();
    for (Record r : records) {
      out.add(new GeneratedRecord(r.name(), "TXT", ttl, r.text(), Protocol.SPF));
    }
    return out;
  }
}
