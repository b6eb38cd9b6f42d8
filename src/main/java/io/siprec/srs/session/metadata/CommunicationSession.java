package io.siprec.srs.session.metadata;

import java.util.List;

/**
 * The recorded call (RFC 7865 {@code <session>}): the ids a CRM knows it by, and when the SRC says
 * it was tied to the recording session and released from it (RFC 7865 {@code
 * <sessionrecordingassoc>}). A persistent recording session (RFC 7866 §6.1) records several of them
 * in turn.
 *
 * @param sipSessionIds RFC 7989 Session-ID values ({@code local;remote=...})
 * @param startTime as written by the SRC (it may lack a zone, or be from 1970); empty if absent
 * @param associateTime {@code sessionrecordingassoc/associate-time} as written; empty if absent
 * @param disassociateTime {@code sessionrecordingassoc/disassociate-time} as written; empty while
 *     the communication session is recorded
 */
public record CommunicationSession(
    String id,
    List<String> sipSessionIds,
    String groupRef,
    String startTime,
    String stopTime,
    String associateTime,
    String disassociateTime) {

  public CommunicationSession {
    id = id == null ? "" : id;
    sipSessionIds = List.copyOf(sipSessionIds);
    groupRef = groupRef == null ? "" : groupRef;
    startTime = startTime == null ? "" : startTime;
    stopTime = stopTime == null ? "" : stopTime;
    associateTime = associateTime == null ? "" : associateTime;
    disassociateTime = disassociateTime == null ? "" : disassociateTime;
  }

  /** A session the SRC wrote no {@code sessionrecordingassoc} for. */
  public CommunicationSession(
      String id, List<String> sipSessionIds, String groupRef, String startTime, String stopTime) {
    this(id, sipSessionIds, groupRef, startTime, stopTime, "", "");
  }

  /**
   * True once the SRC said the communication session is no longer recorded here: a {@code
   * disassociate-time} (RFC 7865 §6.7) or a {@code stop-time} (§6.3).
   */
  public boolean isOver() {
    return !disassociateTime.isEmpty() || !stopTime.isEmpty();
  }

  /**
   * This session described again by a partial update: what the update leaves out stays as it was (a
   * partial document may carry only the {@code sessionrecordingassoc}).
   */
  public CommunicationSession updatedBy(CommunicationSession update) {
    return new CommunicationSession(
        id,
        update.sipSessionIds.isEmpty() ? sipSessionIds : update.sipSessionIds,
        update.groupRef.isEmpty() ? groupRef : update.groupRef,
        update.startTime.isEmpty() ? startTime : update.startTime,
        update.stopTime.isEmpty() ? stopTime : update.stopTime,
        update.associateTime.isEmpty() ? associateTime : update.associateTime,
        update.disassociateTime.isEmpty() ? disassociateTime : update.disassociateTime);
  }
}
