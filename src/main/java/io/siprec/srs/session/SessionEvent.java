package io.siprec.srs.session;

import io.siprec.srs.session.metadata.MetadataChange;
import io.siprec.srs.session.metadata.MetadataProblem;
import java.time.Duration;
import java.time.Instant;

/** Something that happened to a recording session, published to the events destination. */
public sealed interface SessionEvent {

  RecordingSessionId sessionId();

  Instant at();

  record SessionStarted(RecordingSessionId sessionId, Instant at, SessionSnapshot session)
      implements SessionEvent {}

  record MetadataUpdated(
      RecordingSessionId sessionId,
      Instant at,
      String receivedIn,
      boolean partialUpdate,
      MetadataChange change,
      SessionSnapshot session)
      implements SessionEvent {}

  /**
   * Metadata arrived in the dialog (re-INVITE, UPDATE, BYE) and could not be read: the request was
   * answered as usual and the session keeps its last good metadata.
   */
  record MetadataProblemFound(
      RecordingSessionId sessionId, Instant at, MetadataProblem problem, SessionSnapshot session)
      implements SessionEvent {}

  /**
   * A communication session (the recorded call) was associated with this recording session after it
   * began: a persistent recording session (RFC 7866 §6.1) moving on to its next call, told by
   * metadata in a re-INVITE, UPDATE or BYE (RFC 7865 §6.7 {@code sessionrecordingassoc}).
   *
   * @param receivedIn the request that said so
   */
  record CommunicationStarted(
      RecordingSessionId sessionId,
      Instant at,
      String receivedIn,
      RecordedCommunication communication)
      implements SessionEvent {}

  /**
   * A communication session was disassociated while the recording session goes on ({@code
   * disassociate-time}, {@code stop-time}, or left out of a complete snapshot). The streams keep
   * recording: the audio of the next one follows on the same timeline.
   */
  record CommunicationEnded(
      RecordingSessionId sessionId,
      Instant at,
      String receivedIn,
      RecordedCommunication communication)
      implements SessionEvent {}

  record StreamPaused(RecordingSessionId sessionId, Instant at, StreamLabel label, PauseCause cause)
      implements SessionEvent {}

  /**
   * @param cause what was lifted (the stream may have been paused for both reasons in turn)
   */
  record StreamResumed(
      RecordingSessionId sessionId,
      Instant at,
      StreamLabel label,
      Duration pausedFor,
      PauseCause cause)
      implements SessionEvent {}

  /**
   * A re-INVITE or UPDATE added a stream to the recording (a new m= line: a conference, a consult
   * call), or made a line refused before recordable. Its chunks start at {@code start}: 0 for a new
   * label, where that label stopped for a stream added back.
   */
  record StreamAdded(
      RecordingSessionId sessionId,
      Instant at,
      SessionSnapshot.StreamSnapshot stream,
      TimelineStart start)
      implements SessionEvent {}

  /**
   * A re-INVITE or UPDATE removed a stream (port 0, RFC 3264 §8.2): its last chunk is published and
   * its port released; {@code stream} holds its final figures. The others go on.
   */
  record StreamRemoved(
      RecordingSessionId sessionId, Instant at, SessionSnapshot.StreamSnapshot stream)
      implements SessionEvent {}

  record DtmfReceived(RecordingSessionId sessionId, Instant at, StreamLabel label, DtmfTone tone)
      implements SessionEvent {}

  /** A recording stream received nothing for a while without any signalling. */
  record StreamSilent(RecordingSessionId sessionId, Instant at, StreamLabel label, long quietMillis)
      implements SessionEvent {}

  /** A silent stream receives again. */
  record StreamActive(RecordingSessionId sessionId, Instant at, StreamLabel label)
      implements SessionEvent {}

  record SessionEnded(
      RecordingSessionId sessionId,
      Instant at,
      EndReason reason,
      Duration duration,
      SessionSnapshot session)
      implements SessionEvent {}

  /**
   * A session of another node that died before it could end it: published by a node that noticed,
   * as "session ended" with reason {@link EndReason#NODE_LOST}. No snapshot: only the lost node had
   * it.
   *
   * @param lostNode the node that was recording it
   * @param lastHeard when that node was last heard from
   * @param reportedBy the node that noticed
   */
  record SessionLost(
      RecordingSessionId sessionId,
      Instant at,
      NodeId lostNode,
      Instant lastHeard,
      NodeId reportedBy)
      implements SessionEvent {}
}
