package io.siprec.srs.offer.sdp;

import io.siprec.srs.session.PayloadFormat;
import java.util.List;

/**
 * Writes our SDP answer (RFC 3264 §6): one m= line per offered line, same order; accepted lines
 * carry our port, the accepted formats, the offer's label and our direction (recvonly, or inactive
 * where the SRC is not sending); refused lines get port 0 and keep the offer's formats and
 * transport (an RTP/SAVP line is never answered RTP/AVP). SRTP lines carry our a=crypto. An offered
 * {@code a=mid} is echoed on its line, {@code a=rtcp-mux} accepted on a recorded line.
 */
public final class SdpAnswer {
  private SdpAnswer() {}

  /**
   * @param localPorts our port for each line, in m= order (ignored for rejected lines)
   * @param address the media address to advertise (c= line)
   * @param sessionId our o= session id, stable for the dialog
   * @param version our o= version, increased with every answer in the dialog
   */
  public static String write(
      OfferNegotiation.Outcome outcome,
      List<Integer> localPorts,
      String address,
      long sessionId,
      long version) {
    String addressType = address.indexOf(':') >= 0 ? "IP6" : "IP4";
    StringBuilder sdp = new StringBuilder(512);
    line(sdp, "v=0");
    line(sdp, "o=SiprecSrs " + sessionId + " " + version + " IN " + addressType + " " + address);
    line(sdp, "s=SiprecSrs");
    line(sdp, "c=IN " + addressType + " " + address);
    line(sdp, "t=0 0");
    List<OfferNegotiation.Line> lines = outcome.lines();
    for (int i = 0; i < lines.size(); i++) {
      OfferNegotiation.Line l = lines.get(i);
      MediaDescription offered = l.offer();
      if (l.request().rejected()) {
        line(
            sdp,
            "m="
                + offered.type()
                + " 0 "
                + offered.protocol()
                + " "
                + String.join(" ", offered.formats()));
        mid(sdp, offered);
        if (l.labelled()) {
          line(sdp, "a=label:" + l.request().label().value());
        }
        continue;
      }
      StringBuilder m =
          new StringBuilder("m=audio ")
              .append(localPorts.get(i))
              .append(' ')
              .append(offered.protocol());
      for (PayloadFormat f : l.request().formats()) {
        m.append(' ').append(f.payloadType());
      }
      line(sdp, m.toString());
      for (PayloadFormat f : l.request().formats()) {
        String rtpmap =
            "a=rtpmap:" + f.payloadType() + " " + f.encoding().sdpName() + "/" + f.clockRate();
        line(sdp, f.channels() > 1 ? rtpmap + "/" + f.channels() : rtpmap);
        if (!f.fmtp().isEmpty()) {
          line(sdp, "a=fmtp:" + f.payloadType() + " " + f.fmtp());
        }
      }
      if (l.answerCrypto() != null) {
        line(sdp, "a=crypto:" + l.answerCrypto());
      }
      mid(sdp, offered);
      if (l.labelled()) {
        line(sdp, "a=label:" + l.request().label().value());
      }
      if (!offered.attributes("rtcp-mux").isEmpty()) {
        // RFC 5761 §5.1.1: we take RTCP on the RTP port, so we say so; the SRC may then send it
        // there (it is read there whether or not this is answered).
        line(sdp, "a=rtcp-mux");
      }
      line(sdp, "a=" + l.answerDirection().attribute());
    }
    return sdp.toString();
  }

  /**
   * RFC 5888's offer/answer rules: an answer to an offer with {@code a=mid} carries the same
   * identification on the corresponding line. ICE attributes ({@code a=candidate}, {@code
   * a=ice-ufrag}, ...) are not answered: we are no ICE agent, and an answer without them tells an
   * SRC that offered ICE to send to the addresses of c= and m=, its default candidate (RFC 8839).
   */
  private static void mid(StringBuilder sdp, MediaDescription offered) {
    offered.attribute("mid").filter(v -> !v.isBlank()).ifPresent(v -> line(sdp, "a=mid:" + v));
  }

  private static void line(StringBuilder sdp, String line) {
    sdp.append(line).append("\r\n");
  }
}
