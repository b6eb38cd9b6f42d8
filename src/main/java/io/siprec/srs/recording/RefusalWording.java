package io.siprec.srs.recording;

import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.offer.sdp.MediaDescription;
import io.siprec.srs.offer.sdp.SdpParser;
import io.siprec.srs.offer.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an INVITE was refused, in words for the console's "last rejections": the option tags we do
 * not support (420), the codecs that were offered (488), the limit that was reached (503); for
 * anything else the reason phrase and the Warning text.
 */
public final class RefusalWording {
  /** RFC 3261 §20.43: warn-code SP warn-agent SP quoted-string; we want the quoted text. */
  private static final Pattern WARNING_TEXT = Pattern.compile("^\\d{3}\\s+\\S+\\s+\"(.*)\"\\s*$");

  /** RFC 3551 §6, Table 4: the static audio payload types, named as rtpmap would. */
  private static final Map<String, String> STATIC_AUDIO_TYPES =
      Map.ofEntries(
          Map.entry("0", "PCMU/8000"),
          Map.entry("3", "GSM/8000"),
          Map.entry("4", "G723/8000"),
          Map.entry("5", "DVI4/8000"),
          Map.entry("6", "DVI4/16000"),
          Map.entry("7", "LPC/8000"),
          Map.entry("8", "PCMA/8000"),
          Map.entry("9", "G722/8000"),
          Map.entry("10", "L16/44100/2"),
          Map.entry("11", "L16/44100"),
          Map.entry("12", "QCELP/8000"),
          Map.entry("13", "CN/8000"),
          Map.entry("14", "MPA/90000"),
          Map.entry("15", "G728/8000"),
          Map.entry("16", "DVI4/11025"),
          Map.entry("17", "DVI4/22050"),
          Map.entry("18", "G729/8000"));

  private RefusalWording() {}

  public static String describe(SipRequest request, Refused refused) {
    String warning = warningText(refused.header("Warning"));
    return switch (refused.status()) {
      case 420 ->
          "unsupported option tag "
              + orNone(refused.header("Unsupported"))
              + " in Require: "
              + orNone(String.join(", ", request.headerValues("Require")));
      case 488 ->
          refused.reason()
              + (warning == null ? "" : ": " + warning)
              + "; offered "
              + offeredCodecs(request);
      case 503 ->
          "limit reached: "
              + refused.reason()
              + (warning == null ? "" : " (" + warning + ")")
              + retryAfter(refused.header("Retry-After"));
      default -> refused.reason() + (warning == null ? "" : ": " + warning);
    };
  }

  /** "audio PCMU/8000 G729/8000; audio PCMU/8000", or why no codec can be named. */
  static String offeredCodecs(SipRequest request) {
    SessionDescription offer;
    try {
      byte[] sdp = SiprecBody.read(request.contentType(), request.body()).sdp().orElse(null);
      if (sdp == null) {
        return "no SDP";
      }
      offer = SdpParser.parse(sdp);
    } catch (RuntimeException e) {
      return "an SDP that cannot be read (" + e.getMessage() + ")";
    }
    if (offer.media().isEmpty()) {
      return "no media line";
    }
    List<String> lines = new ArrayList<>();
    for (MediaDescription m : offer.media()) {
      lines.add(m.type() + " " + m.protocol() + " " + String.join(" ", codecs(m)));
    }
    return String.join("; ", lines);
  }

  /** Each payload type as its rtpmap encoding, else its RFC 3551 static name, else its number. */
  private static List<String> codecs(MediaDescription m) {
    Map<String, String> rtpmaps = new LinkedHashMap<>();
    for (String value : m.attributes("rtpmap")) {
      String[] pt = value.trim().split("\\s+", 2);
      if (pt.length == 2) {
        rtpmaps.putIfAbsent(pt[0], pt[1]);
      }
    }
    List<String> out = new ArrayList<>();
    for (String format : m.formats()) {
      String name = rtpmaps.get(format);
      if (name == null) {
        name = STATIC_AUDIO_TYPES.get(format);
      }
      out.add(name == null ? "payload type " + format : name);
    }
    return out;
  }

  private static String warningText(String warning) {
    if (warning == null) {
      return null;
    }
    Matcher m = WARNING_TEXT.matcher(warning);
    return m.matches() ? m.group(1) : warning;
  }

  private static String retryAfter(String seconds) {
    return seconds == null ? "" : "; retry after " + seconds + " s";
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? "(none)" : value;
  }
}
