package org.jitsi.impl.neomedia.codec.audio.g729;

/**
 * Public access to libjitsi's package-private pure-Java G.729 decoder, for {@code
 * io.siprec.srs.media.codec.G729Decoder}. Not our namespace by choice: the decoder's class and
 * method are package-private. Lives beside libjitsi's classes, which the build unpacks into ours;
 * nothing of libjitsi's is in this repository.
 */
public final class SrsG729Bridge {
  private final Decoder decoder = new Decoder();

  /**
   * Decodes one 10 ms frame given as ITU-T serial words (sync, size 80, then one word per bit:
   * 0x0081 for 1, 0x007f for 0, 0 for an erased frame) into 80 samples.
   */
  public void decode(short[] serial, short[] out) {
    decoder.process(serial, out);
  }
}
