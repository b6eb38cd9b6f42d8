package io.siprec.srs.pipeline;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns one RTP payload into 16-bit linear PCM: what the decode-and-conceal stage needs of a codec.
 * It sits here, where it is used; the codecs in {@code media/codec} implement it. One instance per
 * stream and payload format (decoders keep state); used by one thread at a time. Allocates nothing
 * per call.
 */
public interface Decoder {

  /** Output sample rate in Hz (G.722 decodes to 16000 although its RTP clock says 8000). */
  int sampleRate();

  /** Output samples for this payload, without decoding it; -1 if its length is impossible. */
  int samplesIn(int payloadLength);

  /**
   * Decodes {@code length} payload bytes at absolute index {@code offset} of {@code payload} into
   * {@code out} from {@code outOffset}. Borrows the buffer.
   *
   * @return samples written, or -1 if the payload could not be decoded (counted as a decode error)
   */
  int decode(ByteBuffer payload, int offset, int length, short[] out, int outOffset);

  /**
   * Fills in audio that was lost: the codec's packet-loss concealment where it has one (Opus,
   * G.729; for G.711 that of its Appendix I), silence otherwise (G.722). Consecutive calls continue
   * one loss; the next {@link #decode} may change the start of its output to join the concealment
   * smoothly (G.711).
   *
   * @return samples written (exactly {@code samples})
   */
  default int conceal(short[] out, int outOffset, int samples) {
    Arrays.fill(out, outOffset, outOffset + samples, (short) 0);
    return samples;
  }

  /**
   * True after a silence-descriptor frame (G.729 Annex B SID, RFC 3389 CN): the SRC sends nothing
   * until speech resumes, and {@link #conceal} gives comfort noise for as long as that lasts.
   */
  default boolean inDiscontinuousTransmission() {
    return false;
  }

  /**
   * Recovers the frame just before this payload from redundancy it carries (Opus in-band FEC).
   *
   * @return samples recovered into {@code out}, or 0 when the payload carries none
   */
  default int recoverPrevious(
      ByteBuffer payload, int offset, int length, short[] out, int outOffset, int samples) {
    return 0;
  }
}
