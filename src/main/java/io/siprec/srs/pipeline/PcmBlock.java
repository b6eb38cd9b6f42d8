package io.siprec.srs.pipeline;

/**
 * Samples on their way from the decode stage to the chunk stage, with where they belong on the
 * stream's timeline. Each stage that makes blocks owns one and refills it for every block; the
 * samples are in the receive thread's scratch arrays. Borrowed by the stage it is handed to for the
 * call only.
 */
public final class PcmBlock {
  /** What the samples are. */
  public enum Kind {
    /** Decoded from a packet (one block per packet). */
    DECODED,
    /** Made up for lost packets (codec concealment or FEC). */
    CONCEALED,
    /** Made up for signalled silence (RFC 3389). */
    COMFORT_NOISE,
    /**
     * The end of a run of converted audio (a gap, another codec, a pause, the end): the resample
     * stage fills it with what its filter still holds.
     */
    RUN_END
  }

  public Kind kind;
  public short[] samples;
  public int offset;
  public int count;

  /** Samples per second of {@link #samples}. */
  public int rate;

  /** Output-rate timeline position of the first sample. */
  public long position;

  /** The first block of a run of converted audio: the resampler starts afresh. */
  public boolean startsRun;

  /** At most this many output samples are to be made of the block. */
  public int outputLimit;

  /** The resampler's delay in output samples (set by the resample stage). */
  public int delay;

  /** End of the audio on the timeline before this block (-1: none yet). */
  public long expectedBefore;

  /** Capture time (wall clock) of the end of the packet the block belongs to. */
  public long packetEndMillis;

  /**
   * Timeline position of the end of that packet, or -1 when the block ends with it (a decoded
   * packet): a concealed piece ends earlier than the packet after the hole.
   */
  public long packetEnd;

  /** Copies the description (not the samples) of {@code other}. */
  public void describeAs(PcmBlock other) {
    kind = other.kind;
    position = other.position;
    startsRun = other.startsRun;
    outputLimit = other.outputLimit;
    expectedBefore = other.expectedBefore;
    packetEndMillis = other.packetEndMillis;
    packetEnd = other.packetEnd;
  }
}
