package io.siprec.srs.session.metadata;

import java.util.List;
import java.util.Map;

/**
 * A party of the recorded call, as the metadata (or the SIP headers) describe it.
 *
 * @param id the metadata's participant id
 * @param aor address of record as given (with or without scheme); may be empty
 * @param displayName may be empty
 * @param sends metadata stream ids this participant sends
 * @param receives metadata stream ids this participant receives
 * @param attributes named facts from vendor extensions (e.g. "request-uri", "realm", "callId")
 */
public record Participant(
    String id,
    String aor,
    String displayName,
    ParticipantRole role,
    List<String> sends,
    List<String> receives,
    Map<String, String> attributes) {

  public Participant {
    aor = aor == null ? "" : aor.strip();
    displayName = displayName == null ? "" : displayName.strip();
    sends = List.copyOf(sends);
    receives = List.copyOf(receives);
    attributes = Map.copyOf(attributes);
  }

  public Participant withAssociations(List<String> newSends, List<String> newReceives) {
    return new Participant(id, aor, displayName, role, newSends, newReceives, attributes);
  }

  public Participant withRole(ParticipantRole newRole) {
    return new Participant(id, aor, displayName, newRole, sends, receives, attributes);
  }
}
