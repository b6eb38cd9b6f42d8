package io.siprec.srs.session;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Who is heard on one recorded stream: usually one participant; all of them on a mixed stream;
 * nobody known when the SRC did not say.
 *
 * @param streamId the metadata's stream id, or empty when no metadata stream matched
 * @param rule how the senders were found
 */
public record StreamAttribution(String label, String streamId, List<Participant> senders, AssociationRule rule) {

  public static final StreamAttribution UNKNOWN = new StreamAttribution("", "", List.of(), AssociationRule.NONE);

  public StreamAttribution {
    senders = List.copyOf(senders);
  }

  /** caller, callee, mixed (several senders) or unknown. */
  public String roleName() {
    if (senders.size() > 1) {
      return "mixed";
    }
    if (senders.isEmpty()) {
      return "unknown";
    }
    return senders.get(0).role().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Participant ids, comma-separated (more than one on a mixed stream). */
  public String participantIds() {
    return senders.stream().map(Participant::id).collect(Collectors.joining(","));
  }

  public String participantAors() {
    return senders.stream().map(Participant::aor).collect(Collectors.joining(","));
  }

  public String participantNames() {
    return senders.stream().map(Participant::displayName).collect(Collectors.joining(","));
  }
}
