package io.siprec.srs.session;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the SRC asks us to record on one m= line, after codec negotiation.
 *
 * @param mediaIndex position of the m= line in the offer, from 0; the answer keeps the order
 * @param label the stream's label; {@link StreamLabel#ofIndex} when the offer had none
 * @param formats accepted payload formats; empty means the line is rejected (answered with port 0)
 * @param paused the SRC is not sending now ({@code a=inactive}, or the old {@code c=0.0.0.0} hold)
 * @param remote where the SRC says it sends from, or null when the offer does not say
 * @param srtp the SRC's SRTP keying for an RTP/SAVP line, or null for plain RTP
 * @param media the m= line's media type as offered ({@code audio}, {@code video}, {@code text},
 *     {@code application}, ...): a line we do not record keeps it, so the session still shows it
 */
public record StreamRequest(
    int mediaIndex,
    StreamLabel label,
    List<PayloadFormat> formats,
    boolean paused,
    InetSocketAddress remote,
    SrtpParameters srtp,
    String media) {

  public StreamRequest {
    if (mediaIndex < 0) {
      throw new IllegalArgumentException("media index must not be negative");
    }
    formats = List.copyOf(formats);
    media = media == null || media.isEmpty() ? "audio" : media;
  }

  /** An audio stream. */
  public StreamRequest(
      int mediaIndex,
      StreamLabel label,
      List<PayloadFormat> formats,
      boolean paused,
      InetSocketAddress remote,
      SrtpParameters srtp) {
    this(mediaIndex, label, formats, paused, remote, srtp, "audio");
  }

  /** A plain RTP stream. */
  public StreamRequest(
      int mediaIndex,
      StreamLabel label,
      List<PayloadFormat> formats,
      boolean paused,
      InetSocketAddress remote) {
    this(mediaIndex, label, formats, paused, remote, null);
  }

  public boolean rejected() {
    return formats.isEmpty();
  }
}
