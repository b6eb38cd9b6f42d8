package io.siprec.srs.session;

import java.time.Instant;
import java.util.List;

/**
 * One communication session (the recorded call, RFC 7866 "CS") as this recording session recorded
 * it: from when we learnt it was associated to when we learnt it was disassociated. A persistent
 * recording session has several in turn, on the same streams.
 *
 * @param id its {@code session_id} in the metadata
 * @param startedAt when it was associated with the recording session: the session's start, or the
 *     request whose metadata added it
 * @param endedAt when the metadata said it was over; null while it is recorded
 */
public record RecordedCommunication(
    String id, List<String> sipSessionIds, Instant startedAt, Instant endedAt) {

  public RecordedCommunication {
    sipSessionIds = List.copyOf(sipSessionIds);
  }

  public boolean isOngoing() {
    return endedAt == null;
  }

  RecordedCommunication endedAt(Instant at) {
    return new RecordedCommunication(id, sipSessionIds, startedAt, at);
  }
}
