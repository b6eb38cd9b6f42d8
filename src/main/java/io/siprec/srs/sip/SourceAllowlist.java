package io.siprec.srs.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers may send us SIP: literal addresses or CIDR ranges, IPv4 and IPv6. Empty means
 * everyone (the default, for a server bound to loopback). Matching is on the packet's source
 * address, never on anything a header claims.
 */
final class SourceAllowlist {
  private record Range(byte[] network, int prefixBits) {}

  private final List<Range> ranges;

  private SourceAllowlist(List<Range> ranges) {
    this.ranges = ranges;
  }

  static SourceAllowlist anyone() {
    return new SourceAllowlist(List.of());
  }

  /** @throws IllegalArgumentException naming the entry that is neither an address nor a CIDR range */
  static SourceAllowlist of(List<String> entries) {
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
    return new SourceAllowlist(List.copyOf(ranges));
  }

  boolean allowsEveryone() {
    return ranges.isEmpty();
  }

  boolean allows(String remoteAddress) {
    if (ranges.isEmpty()) {
      return true;
    }
    byte[] address = literal(remoteAddress);
    if (address == null) {
      return false;
    }
    for (Range r : ranges) {
      if (r.network().length == address.length && matches(r, address)) {
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

  /** The bytes of a literal IPv4/IPv6 address; null for anything else (never a DNS lookup). */
  private static byte[] literal(String address) {
    String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    if (!a.matches("[0-9.]+|[0-9a-fA-F:.]+") || !(a.contains(".") || a.contains(":"))) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(a).getAddress();
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
