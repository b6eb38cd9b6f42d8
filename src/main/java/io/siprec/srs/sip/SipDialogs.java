package io.siprec.srs.sip;

import io.siprec.srs.recording.DialogState;
import io.siprec.srs.session.RecordingSessionId;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording dialogs as the container holds them: each SipSession carries the {@link
 * DialogState} of its recording (as attributes), the live ones are found by session id to hang up,
 * and a BYE we sent is waited for until the SRC answers it.
 */
final class SipDialogs {
  private static final Logger LOG = LoggerFactory.getLogger(SipDialogs.class);

  /** SipSession attributes (Strings and Longs only: the container may serialise them). */
  private static final String ATTR_ID = "srs.recordingSessionId";

  private static final String ATTR_SDP_SESSION = "srs.sdp.sessionId";
  private static final String ATTR_SDP_VERSION = "srs.sdp.version";
  private static final String ATTR_LAST_ANSWER = "srs.sdp.lastAnswer";

  private final ConcurrentHashMap<String, SipSession> live = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> byeAnswers =
      new ConcurrentHashMap<>();
  private final SipLadderCapture ladders;

  SipDialogs(SipLadderCapture ladders) {
    this.ladders = ladders;
  }

  /** A new recording dialog, kept before our 200 goes out (a CANCEL may come first). */
  void open(SipSession sipSession, DialogState state) {
    String id = state.id().value();
    sipSession.setAttribute(ATTR_ID, id);
    keep(sipSession, state);
    live.put(id, sipSession);
  }

  /** The dialog's state after a new answer in it. */
  void keep(SipSession sipSession, DialogState state) {
    sipSession.setAttribute(ATTR_SDP_SESSION, state.sdpSessionId());
    sipSession.setAttribute(ATTR_SDP_VERSION, state.sdpVersion());
    sipSession.setAttribute(ATTR_LAST_ANSWER, state.lastAnswer());
  }

  /** The recording a SipSession belongs to, if any. */
  static Optional<RecordingSessionId> recordingId(SipSession sipSession) {
    Object id = sipSession == null ? null : sipSession.getAttribute(ATTR_ID);
    return id instanceof String
        ? Optional.of(new RecordingSessionId((String) id))
        : Optional.empty();
  }

  /** The state of the recording dialog of a SipSession, if it is one. */
  static Optional<DialogState> state(SipSession sipSession) {
    return recordingId(sipSession)
        .map(
            id ->
                new DialogState(
                    id,
                    (Long) sipSession.getAttribute(ATTR_SDP_SESSION),
                    (Long) sipSession.getAttribute(ATTR_SDP_VERSION),
                    (String) sipSession.getAttribute(ATTR_LAST_ANSWER)));
  }

  /** The dialog ended (BYE, CANCEL) or never started (our answer was not sent). */
  void forget(RecordingSessionId id) {
    live.remove(id.value());
  }

  /** Sends BYE in a live dialog; completes when the SRC answered it (or it could not be sent). */
  CompletionStage<Void> hangUp(RecordingSessionId id) {
    SipSession sipSession = live.remove(id.value());
    if (sipSession == null || !sipSession.isValid()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> answered = new CompletableFuture<>();
    byeAnswers.put(id.value(), answered);
    try {
      ladders.send(sipSession.createRequest("BYE"));
      LOG.info("session {}: BYE sent", id);
    } catch (IOException | RuntimeException e) {
      LOG.warn("session {}: cannot send BYE: {}", id, e.getMessage());
      byeAnswers.remove(id.value());
      answered.complete(null);
    }
    return answered;
  }

  /** A final answer to a BYE we sent. */
  void byeAnswered(SipServletResponse resp) {
    recordingId(resp.getSession())
        .ifPresent(
            id -> {
              ladders.ended(resp);
              CompletableFuture<Void> answered = byeAnswers.remove(id.value());
              if (answered != null) {
                answered.complete(null);
              }
            });
  }

  /** The dialogs we could still hang up. */
  int live() {
    return live.size();
  }
}
