package io.siprec.srs.pipeline;

import io.siprec.srs.session.PayloadFormat;

/**
 * What the payload demux does with one negotiated payload type: its format and, for audio, its
 * decoder (kept, with its state, while the same format stays under the same number).
 */
public final class PayloadRoute {
  private final PayloadFormat format;
  private final Decoder decoder;

  private PayloadRoute(PayloadFormat format, Decoder decoder) {
    this.format = format;
    this.decoder = decoder;
  }

  public static PayloadRoute of(PayloadFormat format, Decoder decoder) {
    return new PayloadRoute(format, decoder);
  }

  public PayloadFormat format() {
    return format;
  }

  /** Null for telephone events, comfort noise and audio we cannot decode. */
  public Decoder decoder() {
    return decoder;
  }
}
