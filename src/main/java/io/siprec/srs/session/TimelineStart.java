package io.siprec.srs.session;

/**
 * Where a stream's chunks start: chunk number and timeline position of its first chunk. Zero for a
 * new stream. A stream that a re-INVITE removed (port 0) and a later one adds back under the same
 * label goes on from where it stopped, moved on by the time it was away: its chunks form one JMS
 * group per label, closed by the removed stream's last chunk, which must not be reused from 0, and
 * the archive's file of the label must not be written over from its start.
 *
 * @param firstSequence number of the first chunk
 * @param firstSample position of the first chunk's first sample, in output samples
 */
public record TimelineStart(long firstSequence, long firstSample) {
  public static final TimelineStart ZERO = new TimelineStart(0, 0);

  public TimelineStart {
    if (firstSequence < 0 || firstSample < 0) {
      throw new IllegalArgumentException("a timeline starts at 0 or later");
    }
  }

  /**
   * Where a stream that ended at {@code end} goes on after {@code awayMillis} without it.
   *
   * @param end the removed stream's end (next chunk number, position just past its last sample)
   * @param sampleRate the output rate of that stream's timeline
   */
  public static TimelineStart after(TimelineStart end, long awayMillis, int sampleRate) {
    return new TimelineStart(
        end.firstSequence(),
        end.firstSample() + Math.max(0, awayMillis) * Math.max(0, sampleRate) / 1000);
  }
}
