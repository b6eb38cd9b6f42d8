package io.siprec.srs.session;

import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a search finds a call by and shows of it: one line of the console's result list, and one
 * entry of the archive's index. It holds only what search needs, no media and no SDP.
 *
 * @param state where the session is now: live, in the recent ended list, or only in the archive
 * @param endedAt null while live
 * @param endReason null while live
 * @param participants every participant the metadata or the streams name, with AOR and name
 * @param callIds the ids of the call beyond the Call-ID: UCID, Genesys UUID, X-headers, the
 *     recorded communication sessions' SIP session ids
 * @param problems what went wrong, each one of {@link #LOSS}, {@link #DROPS}, {@link #METADATA}
 * @param day the archive's day folder; empty when not (yet) archived
 */
public record CallSummary(
    RecordingSessionId id,
    State state,
    String callId,
    String srcAddress,
    String srcVendor,
    Instant startedAt,
    Instant endedAt,
    Duration duration,
    EndReason endReason,
    List<Party> participants,
    Map<String, String> callIds,
    double completeness,
    Set<String> problems,
    String day) {

  /** Packets never received on some stream. */
  public static final String LOSS = "loss";

  /** Chunks the audio feed had to drop. */
  public static final String DROPS = "drops";

  /** Metadata not read, or read only after repairs. */
  public static final String METADATA = "metadata";

  /** Where a session is, in the order a search prefers one view of it over another. */
  public enum State {
    LIVE,
    ENDED,
    ARCHIVED
  }

  /** A participant as search matches it. */
  public record Party(String aor, String name) {
    public Party {
      aor = aor == null ? "" : aor;
      name = name == null ? "" : name;
    }
  }

  public CallSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    callId = callId == null ? "" : callId;
    srcAddress = srcAddress == null ? "" : srcAddress;
    srcVendor = srcVendor == null ? "" : srcVendor;
    participants = List.copyOf(participants);
    callIds = Map.copyOf(callIds);
    problems = Set.copyOf(problems);
    day = day == null ? "" : day;
  }

  /**
   * @param endReason null while live
   * @param chunksDropped chunks of it the audio feed dropped
   */
  public static CallSummary of(
      SessionSnapshot s,
      State state,
      Duration duration,
      EndReason endReason,
      long chunksDropped,
      String day) {
    return of(s.id(), s, state, duration, endReason, chunksDropped, day);
  }

  /**
   * @param id the session's id as its folder or list knows it
   */
  public static CallSummary of(
      RecordingSessionId id,
      SessionSnapshot s,
      State state,
      Duration duration,
      EndReason endReason,
      long chunksDropped,
      String day) {
    List<Party> parties = new ArrayList<>();
    for (Participant p : participantsOf(s)) {
      parties.add(new Party(p.aor(), p.displayName()));
    }
    Map<String, String> ids = new LinkedHashMap<>(s.sipCallIdentifiers());
    if (s.metadata() != null) {
      s.metadata().callIdentifiers().forEach(ids::putIfAbsent);
    }
    for (RecordedCommunication c : s.communicationSessions()) {
      for (int i = 0; i < c.sipSessionIds().size(); i++) {
        ids.putIfAbsent("cs:" + c.id() + ":" + i, c.sipSessionIds().get(i));
      }
    }
    Set<String> problems = new LinkedHashSet<>();
    if (s.streams().stream().anyMatch(st -> st.statistics().packetsLost() > 0)) {
      problems.add(LOSS);
    }
    if (chunksDropped > 0) {
      problems.add(DROPS);
    }
    if (s.metadataProblem() != null
        || (s.metadata() != null && !s.metadata().repairs().isEmpty())) {
      problems.add(METADATA);
    }
    return new CallSummary(
        id,
        state,
        s.callId(),
        s.srcAddress(),
        s.srcVendor(),
        s.startedAt(),
        s.endedAt(),
        duration,
        endReason,
        parties,
        ids,
        s.completeness(),
        problems,
        day);
  }

  /** The same call seen from another place (an archived one found live or in the recent list). */
  public CallSummary in(State where) {
    return new CallSummary(
        id,
        where,
        callId,
        srcAddress,
        srcVendor,
        startedAt,
        endedAt,
        duration,
        endReason,
        participants,
        callIds,
        completeness,
        problems,
        day);
  }

  /** Everyone the metadata names; without metadata, whoever the streams say they carry. */
  public static List<Participant> participantsOf(SessionSnapshot s) {
    if (s.metadata() != null && !s.metadata().participants().isEmpty()) {
      return s.metadata().participants();
    }
    Map<String, Participant> seen = new LinkedHashMap<>();
    for (SessionSnapshot.StreamSnapshot stream : s.streams()) {
      StreamAttribution a = stream.attribution();
      a.senders().forEach(p -> seen.putIfAbsent(p.id() + "/" + p.aor(), p));
    }
    return List.copyOf(seen.values());
  }
}
