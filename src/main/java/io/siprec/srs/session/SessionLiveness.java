package io.siprec.srs.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends sessions whose SRC is gone without a BYE, so they do not hold ports and a place forever:
 *
 * <ul>
 *   <li>an RFC 4028 session timer the SRC asked for ran out without a refresh ({@link
 *       EndReason#SESSION_EXPIRED});
 *   <li>no RTP on any recording stream and no request in the dialog for the idle timeout, or, when
 *       every stream is paused (a hold can be long), no request for the paused timeout ({@link
 *       EndReason#SRC_SILENT}).
 * </ul>
 *
 * Either way we send BYE (the SRC may still be there and should know) and end the session, which
 * publishes "session ended" with the reason. Checked once a second.
 */
public final class SessionLiveness implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLiveness.class);

  private final SessionRegistry registry;
  private final RecordingService recordings;
  private final SignallingControl signalling;
  private final Duration idleTimeout;
  private final Duration pausedTimeout;
  private final LongSupplier nanoClock;
  private ScheduledExecutorService timer;

  /**
   * @param idleTimeout or pausedTimeout: zero turns that check off
   */
  public SessionLiveness(
      SessionRegistry registry,
      RecordingService recordings,
      SignallingControl signalling,
      Duration idleTimeout,
      Duration pausedTimeout,
      LongSupplier nanoClock) {
    this.registry = registry;
    this.recordings = recordings;
    this.signalling = signalling;
    this.idleTimeout = idleTimeout;
    this.pausedTimeout = pausedTimeout;
    this.nanoClock = nanoClock;
  }

  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-liveness");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  /** One round: ends what is dead. Public for tests. */
  public void check() {
    long now = nanoClock.getAsLong();
    for (RecordingSession session : registry.active()) {
      try {
        EndReason reason = deadFor(session, now);
        if (reason != null) {
          LOG.warn(
              "session {} (call-id {}): {}; sending BYE and ending it",
              session.id(),
              session.callId(),
              reason == EndReason.SESSION_EXPIRED
                  ? "session timer expired without a refresh"
                  : "nothing received from the SRC for too long");
          signalling.hangUp(session.id());
          recordings.end(session.id(), reason);
        }
      } catch (RuntimeException e) {
        LOG.error("liveness check of session {} failed", session.id(), e);
      }
    }
  }

  private EndReason deadFor(RecordingSession session, long now) {
    if (session.timerExpired(now)) {
      return EndReason.SESSION_EXPIRED;
    }
    Duration sinceSignalling = Duration.ofNanos(now - session.lastSignallingNanos());
    Duration mediaQuiet = session.mediaQuietFor();
    if (mediaQuiet == null) {
      return !pausedTimeout.isZero() && sinceSignalling.compareTo(pausedTimeout) > 0
          ? EndReason.SRC_SILENT
          : null;
    }
    Duration quiet = mediaQuiet.compareTo(sinceSignalling) < 0 ? mediaQuiet : sinceSignalling;
    return !idleTimeout.isZero() && quiet.compareTo(idleTimeout) > 0 ? EndReason.SRC_SILENT : null;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
