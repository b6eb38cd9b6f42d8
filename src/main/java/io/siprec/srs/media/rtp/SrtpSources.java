package io.siprec.srs.media.rtp;

/**
 * Per-SSRC crypto state of one stream (RFC 4568 §6.4.1, "late binding"): the first packet of a new
 * SSRC that authenticates creates its context, with a rollover counter of zero (§6.4). A few are
 * kept, least recently used first to go, so that an SRC fail-over to a new SSRC and back keeps each
 * source's rollover counter and replay list. Nothing is allocated after construction.
 */
final class SrtpSources {
  /** Sources one stream remembers. */
  static final int KEPT = 4;

  /** One source's state: RFC 3711 §3.3.1's ROC and s_l, and its replay list. */
  static final class Source {
    long ssrc;
    boolean started;
    long rollover;
    int highestSequence;
    long lastUse;
    final SrtpReplayWindow window;

    Source(int windowSize) {
      window = new SrtpReplayWindow(windowSize);
    }

    /**
     * RFC 3711 §3.3.1 (Appendix A): the rollover counter this sequence number most likely belongs
     * to.
     */
    long estimateRollover(int sequence) {
      if (!started) {
        return 0; // RFC 4568 §6.4: every SSRC starts with ROC 0
      }
      if (highestSequence < 32768) {
        return sequence - highestSequence > 32768 ? rollover - 1 : rollover;
      }
      return highestSequence - 32768 > sequence ? rollover + 1 : rollover;
    }
  }

  private final Source[] sources = new Source[KEPT];
  private Source candidate;
  private long clock;

  SrtpSources(int windowSize) {
    for (int i = 0; i < KEPT; i++) {
      sources[i] = new Source(windowSize);
    }
    candidate = new Source(windowSize);
  }

  /** The state of {@code ssrc}, or a fresh one that becomes its state once {@link #accepted}. */
  Source find(long ssrc) {
    for (Source s : sources) {
      if (s.started && s.ssrc == ssrc) {
        return s;
      }
    }
    candidate.ssrc = ssrc;
    candidate.started = false;
    candidate.rollover = 0;
    candidate.highestSequence = 0;
    candidate.window.reset();
    return candidate;
  }

  /** A packet of {@code s} at this rollover, sequence number and index authenticated. */
  void accepted(Source s, long rollover, int sequence, long index) {
    if (s == candidate) {
      int victim = 0; // a free place, else the source unused longest
      for (int i = 0; i < KEPT; i++) {
        if (!sources[i].started) {
          victim = i;
          break;
        }
        if (sources[i].lastUse < sources[victim].lastUse) {
          victim = i;
        }
      }
      candidate = sources[victim];
      sources[victim] = s;
      s.started = true;
      s.rollover = rollover;
      s.highestSequence = sequence;
    } else if (rollover > s.rollover) {
      s.rollover = rollover;
      s.highestSequence = sequence;
    } else if (rollover == s.rollover && sequence > s.highestSequence) {
      s.highestSequence = sequence;
    }
    s.window.accept(index);
    s.lastUse = ++clock;
  }
}
