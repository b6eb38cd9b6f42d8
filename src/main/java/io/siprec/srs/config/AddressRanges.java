package io.siprec.srs.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of an {@link Setting.Kind#ADDRESS_RANGES} setting: literal addresses and CIDR ranges
 * (RFC 4632 section 3.1 prefix notation), IPv4 and IPv6. Matching is on literal addresses only,
 * never a DNS lookup. What an empty list means is the user's to say (everyone may send SIP; no
 * proxy is trusted).
 */
public final class AddressRanges {
  private record Range(byte[] network, int prefixBits) {}

  private final List<Range> ranges;

  private AddressRanges(List<Range> ranges) {
    this.ranges = ranges;
  }

  public static AddressRanges none() {
    return new AddressRanges(List.of());
  }

  /**
   * @throws IllegalArgumentException naming the entry that is neither an address nor a CIDR range
   */
  public static AddressRanges of(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException("not a literal address or CIDR range: " + entry);
      }
      int bits = bytes.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad prefix length in " + entry);
        }
        if (bits < 0 || bits > bytes.length * 8) {
          throw new IllegalArgumentException("prefix length out of range in " + entry);
        }
      }
      ranges.add(new Range(bytes, bits));
    }
    return new AddressRanges(List.copyOf(ranges));
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether the literal address lies in one of the ranges; false for anything not an address. */
  public boolean contains(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Range r : ranges) {
      if (r.network().length == bytes.length && matches(r, bytes)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Range r, byte[] address) {
    int full = r.prefixBits() / 8;
    for (int i = 0; i < full; i++) {
      if (r.network()[i] != address[i]) {
        return false;
      }
    }
    int rest = r.prefixBits() % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (r.network()[full] & mask) == (address[full] & mask);
  }

  /**
   * The bytes of a literal IPv4/IPv6 address (IPv6 may be in brackets); null for anything else,
   * never a DNS lookup.
   */
  public static byte[] literal(String address) {
    if (address == null) {
      return null;
    }
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    if (!a.matches("[0-9.]+|[0-9a-fA-F:.]+") || !(a.contains(".") || a.contains(":"))) {
      return null;
    }
    try {
      return InetAddress.getByName(a).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
