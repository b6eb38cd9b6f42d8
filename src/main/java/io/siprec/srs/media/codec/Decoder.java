package io.siprec.srs.media.codec;

import java.nio.ByteBuffer;

/**
 * Turns one RTP payload into 16-bit linear PCM. One instance per stream (decoders keep state);
 * used by one thread at a time.
 */
public interface Decoder {

  /** Output sample rate in Hz (G.722 decodes to 16000 although its RTP clock says 8000). */
  int sampleRate();

  /** Output samples for this payload, without decoding it; -1 if its length is impossible. */
  int samplesIn(int payloadLength);

  /**
   * Decodes {@code length} payload bytes at absolute index {@code offset} of {@code payload} into
   * {@code out} from {@code outOffset}. Borrows the buffer; allocates nothing.
   *
   * @return samples written
   */
  int decode(ByteBuffer payload, int offset, int length, short[] out, int outOffset);
}
