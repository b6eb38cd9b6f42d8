package io.siprec.srs.media.codec;

import io.github.jaredmdobson.concentus.OpusException;
import io.siprec.srs.pipeline.Decoder;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Opus (RFC 6716, RTP per RFC 7587) through concentus, a pure-Java port of libopus. Always decodes
 * at 48 kHz, mono (a stereo stream is mixed down by the decoder): concentus returns silence when
 * created for 8, 12 or 16 kHz, so lower output rates come from our resampler. Uses the codec's own
 * packet-loss concealment and its in-band FEC.
 */
public final class OpusDecoder implements Decoder {
  public static final int RATE = 48000;

  /** The longest Opus packet: 120 ms at 48 kHz. */
  private static final int MAX_SAMPLES = 5760;

  private static final int MAX_PAYLOAD = 1500;

  private final io.github.jaredmdobson.concentus.OpusDecoder decoder;
  private final byte[] scratch = new byte[MAX_PAYLOAD];

  /**
   * Concentus decodes into this, at offset 0, and we copy: found by fuzzing (DecoderFuzzTest), a
   * decode after a concealment writes its transition from index 0 of the array whatever offset it
   * is given, i.e. before {@code outOffset}.
   */
  private final short[] pcm = new short[MAX_SAMPLES];

  public OpusDecoder() {
    try {
      decoder = new io.github.jaredmdobson.concentus.OpusDecoder(RATE, 1);
    } catch (OpusException e) {
      throw new IllegalStateException("cannot create an Opus decoder", e);
    }
  }

  @Override
  public int sampleRate() {
    return RATE;
  }

  @Override
  public int samplesIn(int payloadLength) {
    // The duration is in the TOC byte; this is only a bound for buffer checks.
    return payloadLength <= 0 || payloadLength > MAX_PAYLOAD ? -1 : MAX_SAMPLES;
  }

  @Override
  public int decode(ByteBuffer payload, int offset, int length, short[] out, int outOffset) {
    if (length <= 0 || length > MAX_PAYLOAD) {
      return -1;
    }
    payload.get(offset, scratch, 0, length);
    try {
      int n = decoder.decode(scratch, 0, length, pcm, 0, MAX_SAMPLES, false);
      if (n > 0) {
        System.arraycopy(pcm, 0, out, outOffset, n);
      }
      return n;
    } catch (OpusException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public int conceal(short[] out, int outOffset, int samples) {
    int done = 0;
    try {
      // The codec conceals in whole 2.5 ms frames (120 samples), at most 120 ms per call.
      while (samples - done >= 120) {
        int want = Math.min(MAX_SAMPLES, samples - done);
        want -= want % 120;
        int n = decoder.decode(null, 0, 0, pcm, 0, want, false);
        if (n <= 0) {
          break;
        }
        n = Math.min(n, samples - done);
        System.arraycopy(pcm, 0, out, outOffset + done, n);
        done += n;
      }
    } catch (OpusException | RuntimeException e) {
      // what is left becomes silence
    }
    Arrays.fill(out, outOffset + done, outOffset + samples, (short) 0);
    return samples;
  }

  @Override
  public int recoverPrevious(
      ByteBuffer payload, int offset, int length, short[] out, int outOffset, int samples) {
    if (length <= 0
        || length > MAX_PAYLOAD
        || samples <= 0
        || samples > MAX_SAMPLES
        || samples % 120 != 0) {
      return 0;
    }
    payload.get(offset, scratch, 0, length);
    try {
      int n = decoder.decode(scratch, 0, length, pcm, 0, samples, true);
      if (n > 0) {
        System.arraycopy(pcm, 0, out, outOffset, Math.min(n, samples));
      }
      return Math.max(0, Math.min(n, samples));
    } catch (OpusException | RuntimeException e) {
      return 0;
    }
  }
}
