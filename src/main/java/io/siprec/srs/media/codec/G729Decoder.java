package io.siprec.srs.media.codec;

import io.siprec.srs.pipeline.ComfortNoiseSource;
import io.siprec.srs.pipeline.Decoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jitsi.impl.neomedia.codec.audio.g729.SrsG729Bridge;

/**
 * G.729 and G.729A (RFC 3551: 10-octet frames, several per packet) through libjitsi's pure-Java
 * decoder, and Annex B silence suppression: a packet may end with a 2-octet SID frame, after which
 * the SRC sends nothing until speech resumes. For that time we generate comfort noise at the level
 * the SID's 5-bit energy index gives (0: silence; else 2 dB per step, 12 dB at index 1): white
 * noise, not Annex B's spectrally shaped noise, within a few dB of bcg729's level. Lost frames go
 * through the decoder's own erasure concealment.
 */
public final class G729Decoder implements Decoder {
  private static final int FRAME_OCTETS = 10;
  private static final int FRAME_SAMPLES = 80;
  private static final short SYNC = 0x6b21;
  private static final short ONE = 0x0081;
  private static final short ZERO = 0x007f;

  private SrsG729Bridge decoder = new SrsG729Bridge();
  private final short[] serial = new short[82];
  private final short[] frame = new short[FRAME_SAMPLES];
  private final ComfortNoiseSource noise = new ComfortNoiseSource();
  private boolean dtx;

  @Override
  public int sampleRate() {
    return 8000;
  }

  @Override
  public int samplesIn(int payloadLength) {
    int frames = payloadLength / FRAME_OCTETS;
    int rest = payloadLength % FRAME_OCTETS;
    if (rest != 0 && rest != 2 || payloadLength == 0) {
      return -1;
    }
    return (frames + (rest == 2 ? 1 : 0)) * FRAME_SAMPLES;
  }

  @Override
  public int decode(ByteBuffer payload, int offset, int length, short[] out, int outOffset) {
    if (samplesIn(length) < 0) {
      return -1;
    }
    int o = outOffset;
    int frames = length / FRAME_OCTETS;
    for (int f = 0; f < frames; f++) {
      serial[0] = SYNC;
      serial[1] = 80;
      for (int bit = 0; bit < 80; bit++) {
        int octet = payload.get(offset + f * FRAME_OCTETS + bit / 8) & 0xff;
        serial[2 + bit] = ((octet >> (7 - bit % 8)) & 1) == 1 ? ONE : ZERO;
      }
      if (!decodeFrame()) {
        return -1;
      }
      System.arraycopy(frame, 0, out, o, FRAME_SAMPLES);
      o += FRAME_SAMPLES;
      dtx = false;
    }
    if (length % FRAME_OCTETS == 2) {
      int sid =
          (payload.get(offset + length - 2) & 0xff) << 8
              | (payload.get(offset + length - 1) & 0xff);
      int energyIndex = (sid >> 1) & 0x1f; // the last 5 of its 15 bits
      noise.level(energyIndex == 0 ? 0 : Math.pow(10, (2 * energyIndex + 10) / 20.0));
      dtx = true;
      noise.fill(out, o, FRAME_SAMPLES);
      o += FRAME_SAMPLES;
    }
    return o - outOffset;
  }

  @Override
  public int conceal(short[] out, int outOffset, int samples) {
    if (dtx) {
      noise.fill(out, outOffset, samples);
      return samples;
    }
    int done = 0;
    while (done < samples) {
      serial[0] = SYNC;
      serial[1] = 80;
      Arrays.fill(serial, 2, 82, (short) 0); // an erased frame
      if (!decodeFrame()) {
        Arrays.fill(frame, (short) 0);
      }
      int n = Math.min(FRAME_SAMPLES, samples - done);
      System.arraycopy(frame, 0, out, outOffset + done, n);
      done += n;
    }
    return samples;
  }

  /**
   * Decodes {@link #serial} into {@link #frame}. Found by fuzzing (DecoderFuzzTest): some bit
   * patterns make libjitsi's postfilter index out of its arrays; such a frame is a decode error,
   * and the decoder, whose state that left half updated, starts afresh.
   */
  private boolean decodeFrame() {
    try {
      decoder.decode(serial, frame);
      return true;
    } catch (RuntimeException e) {
      decoder = new SrsG729Bridge();
      return false;
    }
  }

  @Override
  public boolean inDiscontinuousTransmission() {
    return dtx;
  }
}
