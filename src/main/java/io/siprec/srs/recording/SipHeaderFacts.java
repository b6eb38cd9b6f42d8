package io.siprec.srs.recording;

import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.RecordingMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the headers of a recording INVITE say about the recorded call: ids a CRM knows it by, and,
 * when there is no metadata, its participants.
 */
public final class SipHeaderFacts {
  /** Header name -> identifier name in events. */
  private static final Map<String, String> CALL_ID_HEADERS =
      Map.of(
          "User-to-User", "userToUser",
          "X-Genesys-CallUUID", "genesysCallUuid",
          "X-GenesysConversationID", "genesysConversationId",
          "X-GenesysAgentID", "genesysAgentId",
          "Cisco-GUID", "ciscoGuid",
          "Session-ID", "sipSessionId",
          "x-audc-call-id", "audiocodesCallId",
          "X-AccountId", "accountId");

  private static final Pattern MEDIA_INDEX =
      Pattern.compile("(?i);\\s*media-index\\s*=\\s*\"?(\\d+)\"?");

  private SipHeaderFacts() {}

  /**
   * @param header all values of a header by name (empty list when absent)
   */
  public static Map<String, String> callIdentifiers(Function<String, List<String>> header) {
    Map<String, String> ids = new TreeMap<>();
    CALL_ID_HEADERS.forEach(
        (name, key) ->
            header.apply(name).stream()
                .findFirst()
                .filter(v -> !v.isBlank() && !v.equals("(null)"))
                .ifPresent(v -> ids.put(key, v.strip())));
    return ids;
  }

  /**
   * Participants for a session without metadata. Cisco network-based recording names them in {@code
   * X-Cisco-Recording-Participant} headers with a media index; other plain (non-SIPREC) recording
   * INVITEs carry the recorded call's parties in From and To. A SIPREC INVITE without metadata gets
   * none: its From/To are the SRC and us, and metadata may follow in the dialog.
   */
  public static Optional<RecordingMetadata> participants(
      Function<String, List<String>> header, boolean siprec, String from, String to) {
    List<Participant> participants = new ArrayList<>();
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    int next = 0;
    for (String value : header.apply("X-Cisco-Recording-Participant")) {
      Matcher m = MEDIA_INDEX.matcher(value);
      byIndex.put(m.find() ? Integer.parseInt(m.group(1)) : 1000 + next, uri(value));
      next++;
    }
    if (!byIndex.isEmpty()) {
      byIndex.forEach(
          (index, aor) ->
              participants.add(
                  new Participant(
                      "media-index-" + index,
                      aor,
                      "",
                      ParticipantRole.UNKNOWN,
                      List.of(),
                      List.of(),
                      Map.of())));
      return Optional.of(fromHeaders(participants, "Cisco network-based recording headers"));
    }
    if (siprec || from == null || to == null) {
      return Optional.empty();
    }
    participants.add(
        new Participant(
            "from",
            uri(from),
            displayName(from),
            ParticipantRole.CALLER,
            List.of(),
            List.of(),
            Map.of()));
    participants.add(
        new Participant(
            "to",
            uri(to),
            displayName(to),
            ParticipantRole.CALLEE,
            List.of(),
            List.of(),
            Map.of()));
    return Optional.of(fromHeaders(participants, "From/To of a plain recording INVITE"));
  }

  private static RecordingMetadata fromHeaders(List<Participant> participants, String dialect) {
    return new RecordingMetadata(
        false,
        dialect,
        "",
        List.of(),
        participants,
        List.of(),
        AssociationRule.SIP_HEADERS,
        new LinkedHashMap<>(),
        Set.of(),
        Set.of(),
        List.of(),
        "");
  }

  private static String uri(String nameAddr) {
    int lt = nameAddr.indexOf('<');
    int gt = nameAddr.indexOf('>', lt + 1);
    if (lt >= 0 && gt > lt) {
      return nameAddr.substring(lt + 1, gt).strip();
    }
    int semicolon = nameAddr.indexOf(';');
    return (semicolon < 0 ? nameAddr : nameAddr.substring(0, semicolon)).strip();
  }

  private static String displayName(String nameAddr) {
    int lt = nameAddr.indexOf('<');
    return lt <= 0 ? "" : nameAddr.substring(0, lt).replace("\"", "").strip();
  }
}
