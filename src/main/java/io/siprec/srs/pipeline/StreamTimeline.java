package io.siprec.srs.pipeline;

/**
 * Places each packet of a stream on the stream's timeline: a position in output samples, where 0 is
 * the first sample of the first packet. RTP timestamps give the position while they can be trusted;
 * the wall clock takes over where they cannot:
 *
 * <ul>
 *   <li>timestamps wrap at 2^32: positions keep growing;
 *   <li>a new SSRC (SRC fail-over, a restarted leg) starts a new timestamp space: the stream
 *       continues where the wall clock says it is, never before the last position used;
 *   <li>after a silence of more than a second (a pause, an unsignalled stop) the timestamp jump
 *       must agree with the wall clock within a second, else the wall clock wins (SRCs that freeze
 *       or reset timestamps across a pause would otherwise squeeze the pause out of the timeline);
 *   <li>so must a jump between two packets that is larger than the time between them plus a second
 *       (a corrupt or forged timestamp must not move the stream by hours).
 * </ul>
 *
 * <p>Use: {@link #position} for a packet, then {@link #placed} with where its audio ended.
 * Single-threaded: owned by the stream's receive thread.
 */
public final class StreamTimeline {
  private static final long WALL_CHECK_AFTER_NANOS = 1_000_000_000L;
  private static final long TOLERANCE_NANOS = 1_000_000_000L;

  private boolean started;
  private long ssrc;
  private long lastTimestamp;
  private long extendedTimestamp;
  private long anchorExtended;
  private long anchorPosition;
  private long lastArrivalNanos;
  private long endPosition; // just after the furthest sample placed so far
  private long lastDuration; // samples of the last packet placed
  private int reanchors;
  private int audioClockRate;

  /**
   * @param timestamp the packet's RTP timestamp (0..2^32-1)
   * @param clockRate the payload format's RTP clock rate
   * @param outputRate samples per second on the timeline
   * @return the timeline position of the packet's first sample
   */
  public long position(
      long ssrc, long timestamp, int clockRate, int outputRate, long arrivalNanos) {
    if (!started) {
      started = true;
      anchor(ssrc, timestamp, 0);
    } else if (ssrc != this.ssrc) {
      reanchors++;
      anchor(ssrc, timestamp, wallClockPosition(arrivalNanos, outputRate));
    } else {
      int delta = (int) (timestamp - lastTimestamp); // signed distance modulo 2^32
      extendedTimestamp += delta;
      lastTimestamp = timestamp;
      // A timestamp that moved further than the time since the last packet (and the tolerance)
      // allows is checked against the wall clock too. Found by fuzzing: one packet 7 hours ahead
      // put the timeline there, every later packet was then late and dropped, and the archive
      // wrote 7 hours of silence.
      long allowedDelta =
          (long) clockRate
              * (Math.max(0, arrivalNanos - lastArrivalNanos) + TOLERANCE_NANOS)
              / 1_000_000_000L;
      if (arrivalNanos - lastArrivalNanos > WALL_CHECK_AFTER_NANOS
          || Math.abs((long) delta) > allowedDelta) {
        long byTimestamp = at(clockRate, outputRate);
        long byWallClock = wallClockPosition(arrivalNanos, outputRate);
        long toleranceSamples = TOLERANCE_NANOS * outputRate / 1_000_000_000L;
        if (Math.abs(byTimestamp - byWallClock) > toleranceSamples) {
          reanchors++;
          anchor(ssrc, timestamp, byWallClock);
        }
      }
    }
    if (arrivalNanos > lastArrivalNanos || lastArrivalNanos == 0) {
      lastArrivalNanos = arrivalNanos;
    }
    return at(clockRate, outputRate);
  }

  /**
   * Where a timestamp of the current source falls, without moving anything: for events (DTMF) that
   * refer back to a timestamp already seen.
   */
  public long positionOf(long timestamp, int clockRate, int outputRate) {
    long ext = extendedTimestamp + (int) (timestamp - lastTimestamp);
    return anchorPosition + (ext - anchorExtended) * outputRate / clockRate;
  }

  /**
   * The RTP timestamp (modulo 2^32) of the current source at a timeline position: the inverse of
   * {@link #position}, for mapping published audio back to RTP (and RTCP) time.
   */
  public long timestampAt(long position, int clockRate, int outputRate) {
    return (anchorExtended + (position - anchorPosition) * clockRate / outputRate) & 0xffffffffL;
  }

  /** The packet placed at {@code position} ended at {@code end}. */
  public void placed(long position, long end) {
    lastDuration = Math.max(0, end - position);
    endPosition = Math.max(endPosition, end);
  }

  /** The RTP clock rate of the audio decoded last (the decode stage says; 0 before any). */
  public void audioClockRate(int clockRate) {
    this.audioClockRate = clockRate;
  }

  public int audioClockRate() {
    return audioClockRate;
  }

  /** How often the timeline had to be re-anchored (SSRC changes, timestamp jumps). */
  public int reanchors() {
    return reanchors;
  }

  private long at(int clockRate, int outputRate) {
    return anchorPosition + (extendedTimestamp - anchorExtended) * outputRate / clockRate;
  }

  private void anchor(long ssrc, long timestamp, long position) {
    this.ssrc = ssrc;
    this.lastTimestamp = timestamp;
    this.extendedTimestamp = timestamp;
    this.anchorExtended = timestamp;
    this.anchorPosition = position;
  }

  /** Where a packet arriving now should start: after what we have, by the time that has passed. */
  private long wallClockPosition(long arrivalNanos, int outputRate) {
    long elapsed = Math.max(0, arrivalNanos - lastArrivalNanos);
    long elapsedSamples = elapsed * outputRate / 1_000_000_000L;
    // The previous packet arrived when its last sample was captured; this one likewise.
    return Math.max(endPosition, endPosition + elapsedSamples - lastDuration);
  }
}
