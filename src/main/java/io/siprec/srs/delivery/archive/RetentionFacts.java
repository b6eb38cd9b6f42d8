package io.siprec.srs.delivery.archive;

import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.metadata.Participant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What a retention rule looks at, taken from a session's last snapshot. Values are never null; a
 * session the archive saw no snapshot of has none (only a rule without conditions matches it).
 *
 * @param src the SRC's IP address
 * @param userAgent the SRC's User-Agent
 * @param vendor the SRC vendor detected (cisco, oracle, ...)
 * @param route the events queue {@code srs.jms.events-routes} sends the session to: its tenant
 * @param aors every participant's address of record
 * @param roles every participant's role (caller, callee, unknown)
 * @param fields named values of the metadata: participant attributes from vendor extensions, the
 *     SRC's call identifiers and the SIP call identifiers, by name
 */
record RetentionFacts(
    String src,
    String userAgent,
    String vendor,
    String route,
    List<String> aors,
    List<String> roles,
    Map<String, List<String>> fields) {

  static final RetentionFacts NONE =
      new RetentionFacts("", "", "", "", List.of(), List.of(), Map.of());

  RetentionFacts {
    aors = List.copyOf(aors);
    roles = List.copyOf(roles);
    fields = Map.copyOf(fields);
  }

  static RetentionFacts of(SessionSnapshot s, Function<SessionSnapshot, String> route) {
    List<String> aors = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (s.metadata() != null) {
      for (Participant p : s.metadata().participants()) {
        if (!p.aor().isEmpty()) {
          aors.add(p.aor());
        }
        roles.add(p.role().name().toLowerCase(Locale.ROOT));
        p.attributes().forEach((k, v) -> add(fields, k, v));
      }
      s.metadata().callIdentifiers().forEach((k, v) -> add(fields, k, v));
    }
    s.sipCallIdentifiers().forEach((k, v) -> add(fields, k, v));
    return new RetentionFacts(
        hostOf(nonNull(s.srcAddress())),
        nonNull(s.userAgent()),
        nonNull(s.srcVendor()),
        nonNull(route.apply(s)),
        aors,
        roles,
        fields);
  }

  private static void add(Map<String, List<String>> fields, String name, String value) {
    if (name != null && value != null) {
      fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /** "10.0.0.5:5060/udp" to "10.0.0.5", "[2001:db8::5]:5060/udp" to "2001:db8::5". */
  static String hostOf(String srcAddress) {
    int slash = srcAddress.indexOf('/');
    String hostPort = slash < 0 ? srcAddress : srcAddress.substring(0, slash);
    int bracket = hostPort.indexOf(']');
    if (hostPort.startsWith("[") && bracket > 0) {
      return hostPort.substring(1, bracket);
    }
    int colon = hostPort.indexOf(':');
    // One colon: host:port. More: a bare IPv6 address without a port.
    return colon < 0 || colon != hostPort.lastIndexOf(':')
        ? hostPort
        : hostPort.substring(0, colon);
  }
}
