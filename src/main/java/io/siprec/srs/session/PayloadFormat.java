package io.siprec.srs.session;

/**
 * One accepted RTP payload type of a stream: what arriving packets with this payload type number
 * carry. The SRC picks the number (dynamic types differ per offer), so decoding goes by this map.
 *
 * @param fmtp the offer's format parameters, empty when none (kept to echo in the answer)
 */
public record PayloadFormat(
    int payloadType, AudioEncoding encoding, int clockRate, int channels, String fmtp) {
  public PayloadFormat {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("RTP payload type out of range: " + payloadType);
    }
    if (clockRate <= 0 || channels <= 0) {
      throw new IllegalArgumentException("clock rate and channels must be positive");
    }
    fmtp = fmtp == null ? "" : fmtp;
  }
}
