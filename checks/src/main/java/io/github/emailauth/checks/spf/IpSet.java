package io.github.emailauth.checks.spf;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An immutable set of IPv4 and IPv6 addresses, kept as sorted, disjoint, non-adjacent ranges per
 * family. Set algebra is exact (nothing is widened), and {@link #networks()} gives the smallest
 * list of CIDR networks that covers exactly the set, in a deterministic order: that is what makes a
 * flattened record the same bytes for the same meaning, however the source records were written.
 *
 * <p>The two families never mix: an IPv4 client is matched by ip4 networks only (RFC 7208 §5), so
 * the set of everything is "all of IPv4 and all of IPv6".
 */
public final class IpSet {
  private static final BigInteger MAX4 = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final BigInteger MAX6 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  public static final IpSet EMPTY = new IpSet(List.of(), List.of());
  public static final IpSet ALL =
      new IpSet(
          List.of(new Range(BigInteger.ZERO, MAX4)), List.of(new Range(BigInteger.ZERO, MAX6)));

  /** Inclusive bounds, as unsigned integers of the family's width. */
  record Range(BigInteger lo, BigInteger hi) {
    Range {
      if (lo.compareTo(hi) > 0) {
        throw new IllegalArgumentException("empty range " + lo + ".." + hi);
      }
    }
  }

  /**
   * One CIDR network with its host bits clear.
   *
   * @param address the network's first address
   * @param prefix 0-32 for IPv4, 0-128 for IPv6
   */
  public record Network(InetAddress address, int prefix) implements Comparable<Network> {
    public Network {
      Objects.requireNonNull(address, "address");
      int bits = address.getAddress().length * 8;
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + address);
      }
    }

    public boolean isIp4() {
      return address instanceof Inet4Address;
    }

    /** The ip4 or ip6 directive for this network with {@code qualifier}. */
    public SpfTerm.Mechanism term(Qualifier qualifier) {
      return isIp4()
          ? new SpfTerm.Ip4(qualifier, (Inet4Address) address, prefix)
          : new SpfTerm.Ip6(qualifier, (Inet6Address) address, prefix);
    }

    /** The first address after the network, or null at the end of the address space. */
    InetAddress after() {
      BigInteger next = last().add(BigInteger.ONE);
      return next.compareTo(isIp4() ? MAX4 : MAX6) > 0 ? null : toAddress(next, isIp4());
    }

    /** The address before the network, or null at the start of the address space. */
    InetAddress before() {
      BigInteger first = toInteger(address);
      return first.signum() == 0 ? null : toAddress(first.subtract(BigInteger.ONE), isIp4());
    }

    /** The network's last address. */
    InetAddress lastAddress() {
      return toAddress(last(), isIp4());
    }

    private BigInteger last() {
      int bits = isIp4() ? 32 : 128;
      return toInteger(address)
          .add(BigInteger.ONE.shiftLeft(bits - prefix))
          .subtract(BigInteger.ONE);
    }

    @Override
    public int compareTo(Network o) {
      if (isIp4() != o.isIp4()) {
        return isIp4() ? -1 : 1;
      }
      int c = toInteger(address).compareTo(toInteger(o.address));
      return c != 0 ? c : Integer.compare(prefix, o.prefix);
    }

    /** {@code 192.0.2.0/24}, {@code 2001:db8::/32} (RFC 5952 text). */
    @Override
    public String toString() {
      return InetAddresses.toAddrString(address) + "/" + prefix;
    }
  }

  private final List<Range> v4;
  private final List<Range> v6;

  private IpSet(List<Range> v4, List<Range> v6) {
    this.v4 = v4;
    this.v6 = v6;
  }

  /** The network {@code address/prefix}; host bits of {@code address} are ignored, as §5.6 says. */
  public static IpSet of(InetAddress address, int prefix) {
    boolean ip4 = address instanceof Inet4Address;
    int bits = ip4 ? 32 : 128;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + address);
    }
    BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
    BigInteger lo = toInteger(address).divide(size).multiply(size);
    Range r = new Range(lo, lo.add(size).subtract(BigInteger.ONE));
    return ip4 ? new IpSet(List.of(r), List.of()) : new IpSet(List.of(), List.of(r));
  }

  /** The union of the given networks. */
  public static IpSet of(List<Network> networks) {
    IpSet out = EMPTY;
    for (Network n : networks) {
      out = out.union(of(n.address(), n.prefix()));
    }
    return out;
  }

  public boolean isEmpty() {
    return v4.isEmpty() && v6.isEmpty();
  }

  public boolean contains(InetAddress ip) {
    List<Range> ranges = ip instanceof Inet4Address ? v4 : v6;
    BigInteger x = toInteger(ip);
    for (Range r : ranges) {
      if (r.lo().compareTo(x) <= 0 && x.compareTo(r.hi()) <= 0) {
        return true;
      }
    }
    return false;
  }

  public IpSet union(IpSet other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    return new IpSet(union(v4, other.v4), union(v6, other.v6));
  }

  public IpSet intersect(IpSet other) {
    if (isEmpty() || other.isEmpty()) {
      return EMPTY;
    }
    return new IpSet(intersect(v4, other.v4), intersect(v6, other.v6));
  }

  public IpSet minus(IpSet other) {
    if (isEmpty() || other.isEmpty()) {
      return this;
    }
    return new IpSet(
        intersect(v4, complement(other.v4, MAX4)), intersect(v6, complement(other.v6, MAX6)));
  }

  /**
   * The fewest CIDR networks whose union is exactly this set: IPv4 before IPv6, each family in
   * address order. Adjacent and overlapping inputs come out merged ({@code 192.0.2.0/25} and {@code
   * 192.0.2.128/25} become {@code 192.0.2.0/24}); nothing outside the set is added.
   */
  public List<Network> networks() {
    List<Network> out = new ArrayList<>();
    for (Range r : v4) {
      cidrs(r, 32, out);
    }
    for (Range r : v6) {
      cidrs(r, 128, out);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpSet s && v4.equals(s.v4) && v6.equals(s.v6);
  }

  @Override
  public int hashCode() {
    return Objects.hash(v4, v6);
  }

  /** The networks, space-separated: {@code 192.0.2.0/24 2001:db8::/32}; "(none)" when empty. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "(none)";
    }
    List<String> parts = new ArrayList<>();
    for (Network n : networks()) {
      parts.add(n.toString());
    }
    return String.join(" ", parts);
  }

  // ---- range algebra on sorted, disjoint, non-adjacent lists ---------------------------------

  private static List<Range> union(List<Range> a, List<Range> b) {
    List<Range> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    all.sort(Comparator.comparing(Range::lo));
    List<Range> out = new ArrayList<>();
    BigInteger lo = null;
    BigInteger hi = null;
    for (Range r : all) {
      if (lo == null) {
        lo = r.lo();
        hi = r.hi();
      } else if (r.lo().compareTo(hi.add(BigInteger.ONE)) <= 0) {
        // overlapping or adjacent: one range
        hi = hi.max(r.hi());
      } else {
        out.add(new Range(lo, hi));
        lo = r.lo();
        hi = r.hi();
      }
    }
    if (lo != null) {
      out.add(new Range(lo, hi));
    }
    return Collections.unmodifiableList(out);
  }

  private static List<Range> intersect(List<Range> a, List<Range> b) {
    List<Range> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      Range x = a.get(i);
      Range y = b.get(j);
      BigInteger lo = x.lo().max(y.lo());
      BigInteger hi = x.hi().min(y.hi());
      if (lo.compareTo(hi) <= 0) {
        out.add(new Range(lo, hi));
      }
      if (x.hi().compareTo(y.hi()) < 0) {
        i++;
      } else {
        j++;
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static List<Range> complement(List<Range> a, BigInteger max) {
    List<Range> out = new ArrayList<>();
    BigInteger next = BigInteger.ZERO;
    for (Range r : a) {
      if (r.lo().compareTo(next) > 0) {
        out.add(new Range(next, r.lo().subtract(BigInteger.ONE)));
      }
      next = r.hi().add(BigInteger.ONE);
    }
    if (next.compareTo(max) <= 0) {
      out.add(new Range(next, max));
    }
    return out;
  }

  /** Cuts {@code r} into the largest aligned blocks, left to right. */
  private static void cidrs(Range r, int bits, List<Network> out) {
    BigInteger lo = r.lo();
    while (lo.compareTo(r.hi()) <= 0) {
      int k = lo.signum() == 0 ? bits : Math.min(bits, lo.getLowestSetBit());
      BigInteger span = r.hi().subtract(lo).add(BigInteger.ONE);
      // the largest block that starts aligned at lo and ends inside the range
      while (k > 0 && BigInteger.ONE.shiftLeft(k).compareTo(span) > 0) {
        k--;
      }
      out.add(new Network(toAddress(lo, bits == 32), bits - k));
      lo = lo.add(BigInteger.ONE.shiftLeft(k));
    }
  }

  static BigInteger toInteger(InetAddress ip) {
    return new BigInteger(1, ip.getAddress());
  }

  static InetAddress toAddress(BigInteger value, boolean ip4) {
    int len = ip4 ? 4 : 16;
    byte[] raw = value.toByteArray();
    byte[] out = new byte[len];
    // toByteArray may carry a leading sign byte, or be shorter than the address
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    try {
      // InetAddress.getByAddress would turn an IPv4-mapped IPv6 address into IPv4
      return ip4 ? InetAddress.getByAddress(out) : Inet6Address.getByAddress(null, out, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(Arrays.toString(out), e);
    }
  }
}
