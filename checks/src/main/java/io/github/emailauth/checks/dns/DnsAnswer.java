package io.github.emailauth.checks.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The outcome of one DNS question. The four variants are kept apart on purpose: SPF void-lookup
 * counting and every "missing" finding depend on telling NXDOMAIN, NODATA and failure apart.
 *
 * <p>{@code name} is the name asked, lower case without a trailing dot. {@code cnameChain} lists
 * the CNAME targets followed from it, in order (empty when there was no alias), so a finding can
 * show a delegation such as {@code _dmarc.example.com -> example-com.dmarc.vendor.net}.
 */
public sealed interface DnsAnswer {
  String name();

  int type();

  List<String> cnameChain();

  /** The name exists and has records of the type asked (after following any CNAME chain). */
  record Records(String name, int type, List<String> cnameChain, List<Record> records)
      implements DnsAnswer {
    public Records {
      cnameChain = List.copyOf(cnameChain);
      records = List.copyOf(records);
      if (records.isEmpty()) {
        throw new IllegalArgumentException("Records needs at least one record; use NoData");
      }
    }

    /**
     * The TXT records of this answer, each one's character-strings joined raw with no separator
     * (RFC 7208 §3.3, RFC 6376 §3.6.2.2), decoded as UTF-8 so non-ASCII bytes survive.
     */
    public List<String> txt() {
      List<String> out = new ArrayList<>();
      for (Record r : records) {
        if (r instanceof TXTRecord txt) {
          StringBuilder joined = new StringBuilder();
          for (byte[] s : txt.getStringsAsByteArrays()) {
            joined.append(new String(s, StandardCharsets.UTF_8));
          }
          out.add(joined.toString());
        }
      }
      return out;
    }

    /** The records of the given type, cast. */
    public <T extends Record> List<T> ofType(Class<T> type) {
      List<T> out = new ArrayList<>();
      for (Record r : records) {
        if (type.isInstance(r)) {
          out.add(type.cast(r));
        }
      }
      return out;
    }
  }

  /** RCODE NXDOMAIN: the name does not exist. */
  record NxDomain(String name, int type, List<String> cnameChain) implements DnsAnswer {
    public NxDomain {
      cnameChain = List.copyOf(cnameChain);
    }
  }

  /** The name exists but has no records of this type (NOERROR with an empty answer). */
  record NoData(String name, int type, List<String> cnameChain) implements DnsAnswer {
    public NoData {
      cnameChain = List.copyOf(cnameChain);
    }
  }

  /**
   * No usable answer: timeout, SERVFAIL, REFUSED, a network error or a malformed response. The
   * name's state is unknown; checks report this as {@code unverifiable}, never as missing.
   */
  record Failure(String name, int type, List<String> cnameChain, Reason reason, String detail)
      implements DnsAnswer {
    public Failure {
      cnameChain = List.copyOf(cnameChain);
    }

    /** A one-line description for messages: "SERVFAIL from 192.0.2.53:53". */
    public String describe() {
      return reason.name() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /** Why a query failed. */
  enum Reason {
    TIMEOUT,
    SERVFAIL,
    REFUSED,
    /** A response that could not be used: bad format, wrong id, truncated beyond repair. */
    MALFORMED,
    /** Any other RCODE or a local network error. */
    ERROR
  }

  /** "TXT", "MX": the type's mnemonic, for messages. */
  default String typeName() {
    return Type.string(type());
  }

  /** "_dmarc.example.com TXT": the subject of a finding about this answer. */
  default String subject() {
    return name() + " " + typeName();
  }
}
