package io.siprec.srs.session;

import java.util.Locale;
import java.util.Optional;

/**
 * The RTP payload formats the server knows, by their SDP encoding name (RFC 3551, RFC 4733, RFC
 * 7587). Knowing one does not mean it is enabled: negotiation decides which are accepted.
 */
public enum AudioEncoding {
  PCMU("PCMU", 8000, 0, true),
  PCMA("PCMA", 8000, 8, true),
  /** 64 kbit/s wideband; RFC 3551 gives it an 8000 Hz RTP clock although it samples at 16 kHz. */
  G722("G722", 8000, 9, true),
  /** G.729 and G.729A, with Annex B silence frames when the SRC uses them. */
  G729("G729", 8000, 18, true),
  /** RFC 7587: always written opus/48000/2, whatever the audio inside. */
  OPUS("opus", 48000, -1, true),
  /** RFC 4733 named telephone events (DTMF): not audio, but accepted alongside it. */
  TELEPHONE_EVENT("telephone-event", 8000, -1, false),
  /** RFC 3389 comfort noise. */
  CN("CN", 8000, 13, false);

  private final String sdpName;
  private final int clockRate;
  private final int staticPayloadType;
  private final boolean audio;

  AudioEncoding(String sdpName, int clockRate, int staticPayloadType, boolean audio) {
    this.sdpName = sdpName;
    this.clockRate = clockRate;
    this.staticPayloadType = staticPayloadType;
    this.audio = audio;
  }

  public String sdpName() {
    return sdpName;
  }

  /** RTP clock rate as written in rtpmap. */
  public int clockRate() {
    return clockRate;
  }

  /** The RFC 3551 static payload type, or -1 for formats that are always dynamic. */
  public int staticPayloadType() {
    return staticPayloadType;
  }

  /** True for formats that carry sound (as opposed to events or comfort-noise parameters). */
  public boolean isAudio() {
    return audio;
  }

  /** Matches an rtpmap encoding name and clock rate, case-insensitively as RFC 4566 asks. */
  public static Optional<AudioEncoding> bySdpName(String name, int clockRate) {
    for (AudioEncoding e : values()) {
      if (e.sdpName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
          && e.clockRate == clockRate) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  public static Optional<AudioEncoding> byStaticPayloadType(int payloadType) {
    for (AudioEncoding e : values()) {
      if (e.staticPayloadType == payloadType && payloadType >= 0) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
