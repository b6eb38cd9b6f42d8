package io.siprec.srs.session;

/** Read-only port to the session-event feed's figures, for the console and the metrics. */
public interface EventFeedFigures {
  /** Events handed to the broker. */
  long published();

  /** Events lost to a full backlog. */
  long lost();

  /** Events waiting for the broker. */
  int backlog();

  boolean isConnected();
}
