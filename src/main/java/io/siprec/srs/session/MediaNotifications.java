package io.siprec.srs.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Turns what the media engine notices (DTMF, a stream gone quiet) into session events. */
@ApplicationScoped
public class MediaNotifications implements MediaEvents {
  private SessionEvents events;
  private Clock clock;

  protected MediaNotifications() {
    // for CDI proxies
  }

  @Inject
  public MediaNotifications(SessionEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone) {
    events.publish(new SessionEvent.DtmfReceived(session, clock.instant(), label, tone));
  }

  @Override
  public void silence(
      RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis) {
    events.publish(
        silent
            ? new SessionEvent.StreamSilent(session, clock.instant(), label, quietMillis)
            : new SessionEvent.StreamActive(session, clock.instant(), label));
  }
}
