package io.siprec.srs.pipeline;

/**
 * Working sample arrays of a receive thread, shared by all its streams: nothing in them outlives
 * one packet, so a stream does not carry 35 kB of its own and a packet does not touch a cold copy.
 */
public final class PcmScratch {
  /** Native samples one call may produce: 120 ms at 48 kHz, or 1.5 kB of G.722. */
  public static final int MAX_NATIVE = 5760;

  private static final ThreadLocal<PcmScratch> OF_THREAD = ThreadLocal.withInitial(PcmScratch::new);

  /** Decoded (or made-up) samples at the codec's rate. */
  public final short[] nativeSamples = new short[MAX_NATIVE];

  /** The same converted to the output rate. */
  public final short[] outputSamples = new short[MAX_NATIVE * 2 + 16];

  private PcmScratch() {}

  /** The calling thread's. */
  public static PcmScratch get() {
    return OF_THREAD.get();
  }
}
