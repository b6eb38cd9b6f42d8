package io.siprec.srs.session;

import java.util.Map;

/**
 * Read-only port to the real-time audio feed's figures (the chunks published to consumers), for the
 * console and the metrics.
 */
public interface AudioFeedFigures {
  /** Chunks handed to the broker. */
  long published();

  /** Chunks dropped because the backlog was full, plus those the broker never got. */
  long dropped();

  /**
   * Chunks dropped so far by reason (every reason, from zero); they add up to {@link #dropped()}.
   */
  Map<String, Long> droppedByReason();

  /** Chunks of this session that were dropped (backlog full or the broker never got them). */
  long dropped(RecordingSessionId session);

  /** Chunks waiting for the broker. */
  int backlog();

  boolean isConnected();

  /** Chunks can still wait for the broker: its backlog has room. */
  boolean isBuffering();

  /** Mean time from a chunk's completion to its send, over every chunk sent, in milliseconds. */
  double chunkLatencyMeanMillis();

  /** Longest time from a chunk's completion to its send lately, in milliseconds. */
  double chunkLatencyMaxMillis();

  /**
   * How long the chunk that has waited longest for the broker has been waiting, in seconds; 0 when
   * none waits. A backlog can be short and still old: this says how late the feed is now.
   */
  double oldestWaitingSeconds();
}
