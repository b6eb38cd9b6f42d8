package io.siprec.srs.media.codec;

import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.session.PayloadFormat;
import java.util.Optional;

/** Creates the decoder for a negotiated payload format; one per stream and format. */
public final class Decoders {
  private Decoders() {}

  /** The decoder for an audio format, or empty for formats that carry no audio (events, CN). */
  public static Optional<Decoder> forFormat(PayloadFormat format) {
    switch (format.encoding()) {
      case PCMU:
        return Optional.of(G711Decoder.muLaw());
      case PCMA:
        return Optional.of(G711Decoder.aLaw());
      case G722:
        return Optional.of(new G722Decoder());
      case G729:
        return Optional.of(new G729Decoder());
      case OPUS:
        return Optional.of(new OpusDecoder());
      default:
        return Optional.empty();
    }
  }
}
