package io.siprec.srs.delivery.archive;

import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.RecordingMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Session snapshots with just what retention and erasure look at. */
final class SnapshotFixture {
  private SnapshotFixture() {}

  static Participant participant(String aor, ParticipantRole role, Map<String, String> attributes) {
    return new Participant("p-" + aor.hashCode(), aor, "", role, List.of(), List.of(), attributes);
  }

  static SessionSnapshot snapshot(
      String srcAddress,
      String userAgent,
      String vendor,
      List<Participant> participants,
      Map<String, String> callIdentifiers) {
    RecordingMetadata metadata =
        participants.isEmpty() && callIdentifiers.isEmpty()
            ? null
            : new RecordingMetadata(
                false,
                "RFC 7865",
                "",
                List.of(),
                participants,
                List.of(),
                AssociationRule.PARTICIPANT_STREAM_ASSOC,
                callIdentifiers,
                Set.of(),
                Set.of(),
                List.of(),
                "");
    return new SessionSnapshot(
        RecordingSessionId.random(),
        "call-1",
        srcAddress,
        userAgent,
        vendor,
        true,
        Instant.parse("2026-12-02T09:00:00Z"),
        null,
        List.of(),
        metadata,
        List.of(),
        Map.of(),
        List.of(),
        null,
        List.of(),
        null);
  }
}
