package io.siprec.srs.session;

/** Port to the events destination. */
public interface SessionEvents {

  /** Queues the event for delivery without blocking the caller. */
  void publish(SessionEvent event);
}
