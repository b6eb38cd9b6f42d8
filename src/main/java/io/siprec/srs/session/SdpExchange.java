package io.siprec.srs.session;

import java.time.Instant;

/**
 * One offer/answer exchange of the recording dialog, as the text that went over the wire, for
 * operators who compare it with an SBC trace. Key material (SDES inline keys) is masked by the
 * signalling layer before the text gets here: nothing downstream may show a key.
 *
 * @param receivedIn the request that carried the offer: INVITE, re-INVITE or UPDATE
 * @param offer the SRC's offer
 * @param answer our answer
 */
public record SdpExchange(Instant at, String receivedIn, String offer, String answer) {
  /**
   * Characters kept of each side. A SIPREC offer is a few hundred bytes per stream; a body can be
   * 256 KiB, and the console keeps sessions after they end, so a long one is cut here.
   */
  public static final int MAX_TEXT = 8 * 1024;

  public SdpExchange {
    offer = bounded(offer);
    answer = bounded(answer);
  }

  private static String bounded(String sdp) {
    if (sdp.length() <= MAX_TEXT) {
      return sdp;
    }
    return sdp.substring(0, MAX_TEXT)
        + "\n... ("
        + (sdp.length() - MAX_TEXT)
        + " more characters not kept)";
  }
}
