package io.siprec.srs.session.metadata;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who is heard on one recorded stream: usually one participant; all of them on a mixed stream;
 * nobody known when the SRC did not say.
 *
 * @param streamId the metadata's stream id, or empty when no metadata stream matched
 * @param rule how the senders were found
 */
public record StreamAttribution(
    String label, String streamId, List<Participant> senders, AssociationRule rule) {

  public static final StreamAttribution UNKNOWN =
      new StreamAttribution("", "", List.of(), AssociationRule.NONE);

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
    return switch (senders.get(0).role()) {
      case CALLER -> "caller";
      case CALLEE -> "callee";
      case UNKNOWN -> "unknown";
    };
  }

  // Read for every audio chunk: one sender (the usual case) costs no allocation.

  /** Participant ids, comma-separated (more than one on a mixed stream). */
  public String participantIds() {
    return joined(Participant::id);
  }

  public String participantAors() {
    return joined(Participant::aor);
  }

  public String participantNames() {
    return joined(Participant::displayName);
  }

  private String joined(Function<Participant, String> field) {
    return switch (senders.size()) {
      case 0 -> "";
      case 1 -> String.valueOf(field.apply(senders.get(0))); // as joining() writes a null
      default -> senders.stream().map(field).collect(Collectors.joining(","));
    };
  }
}
