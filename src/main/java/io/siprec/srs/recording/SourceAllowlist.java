package io.siprec.srs.recording;

import io.siprec.srs.config.AddressRanges;
import java.util.List;

/**
 * Which peers may send us SIP: literal addresses or CIDR ranges, IPv4 and IPv6. Empty means
 * everyone (the default, for a server bound to loopback). Matching is on the packet's source
 * address, never on anything a header claims.
 */
final class SourceAllowlist {
  private final AddressRanges ranges;

  private SourceAllowlist(AddressRanges ranges) {
    this.ranges = ranges;
  }

  static SourceAllowlist anyone() {
    return new SourceAllowlist(AddressRanges.none());
  }

  /**
   * @throws IllegalArgumentException naming the entry that is neither an address nor a CIDR range
   */
  static SourceAllowlist of(List<String> entries) {
    return new SourceAllowlist(AddressRanges.of(entries));
  }

  boolean allowsEveryone() {
    return ranges.isEmpty();
  }

  boolean allows(String remoteAddress) {
    return ranges.isEmpty() || ranges.contains(remoteAddress);
  }
}
