package io.siprec.srs.session.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the SRC told us about the recorded call, normalised from whichever dialect it wrote: one
 * shape for RFC 7865, the pre-RFC namespace, draft-era BroadWorks metadata, or SIP headers when
 * there was no metadata at all. Immutable; a partial update is {@link #merge merged} into the last
 * complete snapshot.
 *
 * @param partial the document said {@code datamode partial}
 * @param dialect the metadata's shape, e.g. "RFC 7865", "pre-RFC namespace", "draft siprec
 *     (BroadWorks)"
 * @param associationRule how participants were tied to streams
 * @param callIdentifiers ids of the recorded call from the SRC (UCID, Genesys UUID, original
 *     Call-ID, original From/To, BroadWorks call id, ...), by name
 * @param associationsStated participants whose stream associations this document states (matters
 *     for merging)
 * @param departed participants the document says have left (disassociate-time)
 * @param warnings what did not fit (a stream the SDP lacks, an association to an unknown stream)
 * @param xml the document as received; empty for metadata from SIP headers
 * @param repairs what had to be repaired in the document to read it (empty for almost every SRC)
 */
public record RecordingMetadata(
    boolean partial,
    String dialect,
    String groupId,
    List<CommunicationSession> sessions,
    List<Participant> participants,
    List<MetadataStream> streams,
    AssociationRule associationRule,
    Map<String, String> callIdentifiers,
    Set<String> associationsStated,
    Set<String> departed,
    List<String> warnings,
    String xml,
    List<MetadataRepair> repairs) {

  public RecordingMetadata {
    groupId = groupId == null ? "" : groupId;
    sessions = List.copyOf(sessions);
    participants = List.copyOf(participants);
    streams = List.copyOf(streams);
    callIdentifiers = Collections.unmodifiableMap(new LinkedHashMap<>(callIdentifiers));
    associationsStated = Collections.unmodifiableSet(new LinkedHashSet<>(associationsStated));
    departed = Collections.unmodifiableSet(new LinkedHashSet<>(departed));
    warnings = List.copyOf(warnings);
    xml = xml == null ? "" : xml;
    repairs = List.copyOf(repairs);
  }

  /** Metadata that needed no repair. */
  public RecordingMetadata(
      boolean partial,
      String dialect,
      String groupId,
      List<CommunicationSession> sessions,
      List<Participant> participants,
      List<MetadataStream> streams,
      AssociationRule associationRule,
      Map<String, String> callIdentifiers,
      Set<String> associationsStated,
      Set<String> departed,
      List<String> warnings,
      String xml) {
    this(
        partial,
        dialect,
        groupId,
        sessions,
        participants,
        streams,
        associationRule,
        callIdentifiers,
        associationsStated,
        departed,
        warnings,
        xml,
        List.of());
  }

  /**
   * Applies an update. A complete document replaces this one; a partial one changes only what it
   * names: participants and streams by id (added or replaced), the stated associations (a held
   * party keeps only {@code recv}), departed participants removed (a transfer). The raw text and
   * the repairs are the update's: they describe the latest document.
   */
  public RecordingMetadata merge(RecordingMetadata update) {
    if (!update.partial()) {
      return update;
    }
    Map<String, Participant> participantsById = new LinkedHashMap<>();
    participants.forEach(p -> participantsById.put(p.id(), p));
    for (Participant p : update.participants()) {
      Participant old = participantsById.get(p.id());
      if (old == null) {
        participantsById.put(p.id(), p);
        continue;
      }
      boolean described = !p.aor().isEmpty() || !p.displayName().isEmpty();
      Participant merged =
          new Participant(
              p.id(),
              described ? p.aor() : old.aor(),
              described ? p.displayName() : old.displayName(),
              p.role() != ParticipantRole.UNKNOWN ? p.role() : old.role(),
              update.associationsStated().contains(p.id()) ? p.sends() : old.sends(),
              update.associationsStated().contains(p.id()) ? p.receives() : old.receives(),
              mergeMaps(old.attributes(), p.attributes()));
      participantsById.put(p.id(), merged);
    }
    update.departed().forEach(participantsById::remove);

    Map<String, MetadataStream> streamsById = new LinkedHashMap<>();
    streams.forEach(s -> streamsById.put(s.id(), s));
    update.streams().forEach(s -> streamsById.put(s.id(), s));
    Map<String, CommunicationSession> sessionsById = new LinkedHashMap<>();
    sessions.forEach(s -> sessionsById.put(s.id(), s));
    update.sessions().forEach(s -> sessionsById.merge(s.id(), s, CommunicationSession::updatedBy));

    List<String> mergedWarnings = new ArrayList<>(warnings);
    update.warnings().stream()
        .filter(w -> !mergedWarnings.contains(w))
        .forEach(mergedWarnings::add);
    AssociationRule rule =
        update.associationsStated().isEmpty() ? associationRule : update.associationRule();
    return new RecordingMetadata(
        false,
        dialect,
        update.groupId().isEmpty() ? groupId : update.groupId(),
        new ArrayList<>(sessionsById.values()),
        new ArrayList<>(participantsById.values()),
        new ArrayList<>(streamsById.values()),
        rule,
        mergeMaps(callIdentifiers, update.callIdentifiers()),
        Set.of(),
        Set.of(),
        mergedWarnings,
        update.xml(),
        update.repairs());
  }

  /**
   * Who sends each recorded stream. Streams are matched to the metadata by label; where the
   * metadata has no label for a stream (or no metadata at all), the unmatched streams and the
   * unlabelled metadata streams are paired in order. Senders come from the associations, or, with
   * the positional rule, the n-th participant sends the n-th stream; a stream every participant
   * sends (a single mixed stream) lists them all.
   *
   * @param sdpLabels the session's stream labels in m= line order
   */
  public Map<String, StreamAttribution> attribute(List<String> sdpLabels) {
    Map<String, MetadataStream> byLabel = new LinkedHashMap<>();
    List<MetadataStream> unlabelled = new ArrayList<>();
    for (MetadataStream s : streams) {
      if (s.label().isEmpty() || !sdpLabels.contains(s.label())) {
        unlabelled.add(s);
      } else {
        byLabel.putIfAbsent(s.label(), s);
      }
    }
    Map<String, StreamAttribution> out = new LinkedHashMap<>();
    int nextUnlabelled = 0;
    for (int i = 0; i < sdpLabels.size(); i++) {
      String label = sdpLabels.get(i);
      MetadataStream stream = byLabel.get(label);
      if (stream == null && nextUnlabelled < unlabelled.size()) {
        stream = unlabelled.get(nextUnlabelled++);
      }
      out.put(
          label,
          new StreamAttribution(
              label,
              stream == null ? "" : stream.id(),
              senders(stream, i, sdpLabels.size()),
              associationRule));
    }
    return out;
  }

  private List<Participant> senders(MetadataStream stream, int position, int streamCount) {
    if (associationRule == AssociationRule.POSITIONAL
        || associationRule == AssociationRule.SIP_HEADERS) {
      if (streamCount == 1 && participants.size() > 1) {
        return participants; // one stream for the whole call: everybody is on it
      }
      return position < participants.size() ? List.of(participants.get(position)) : List.of();
    }
    if (stream == null || stream.id().isEmpty()) {
      return List.of();
    }
    List<Participant> senders = new ArrayList<>();
    for (Participant p : participants) {
      if (p.sends().contains(stream.id())) {
        senders.add(p);
      }
    }
    return senders;
  }

  private static Map<String, String> mergeMaps(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new LinkedHashMap<>(a);
    out.putAll(b);
    return out;
  }
}
