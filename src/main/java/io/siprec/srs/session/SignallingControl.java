package io.siprec.srs.session;

import java.util.concurrent.CompletionStage;

/** Port to the signalling layer, for what the core starts itself: ending a dialog. */
public interface SignallingControl {

  /**
   * Sends BYE in the session's dialog.
   *
   * @return completes when the SRC answered the BYE (or it could not be sent); never fails
   */
  CompletionStage<Void> hangUp(RecordingSessionId id);
}
