package io.siprec.srs.offer.sdp;

import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Decides, per m= line of an SRC's offer, what we record: which payload formats we accept, whether
 * the stream is paused, and under which label. A line we cannot record (not audio, an unsupported
 * transport, no acceptable codec, port 0) is rejected on its own; the offer as a whole is refused
 * only when no line is left.
 */
public final class OfferNegotiation {

  /** RFC 3261 §20.43 warning codes we use when refusing an offer. */
  public static final int WARN_INCOMPATIBLE_TRANSPORT = 302;

  public static final int WARN_MEDIA_TYPE_NOT_AVAILABLE = 304;
  public static final int WARN_INCOMPATIBLE_FORMAT = 305;

  private final CodecTable codecs;
  private final IntFunction<byte[]> keys;

  /** With SRTP answer keys from a secure random source. */
  public OfferNegotiation(CodecTable codecs) {
    this(codecs, new SecureRandomKeys());
  }

  /**
   * @param keys our key||salt for each SRTP stream we answer, of the octets asked for
   */
  public OfferNegotiation(CodecTable codecs, IntFunction<byte[]> keys) {
    this.codecs = codecs;
    this.keys = keys;
  }

  /**
   * The outcome for one m= line. {@code warning} is 0 unless the line was refused for a reason.
   *
   * @param answerCrypto our {@code a=crypto} value for an SRTP line (our own key), or null
   */
  public record Line(
      MediaDescription offer,
      StreamRequest request,
      Direction answerDirection,
      boolean labelled,
      int warning,
      String warningText,
      String answerCrypto) {

    Line(
        MediaDescription offer,
        StreamRequest request,
        Direction answerDirection,
        boolean labelled,
        int warning,
        String warningText) {
      this(offer, request, answerDirection, labelled, warning, warningText, null);
    }
  }

  private static final class SecureRandomKeys implements IntFunction<byte[]> {
    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] apply(int octets) {
      byte[] key = new byte[octets];
      random.nextBytes(key);
      return key;
    }
  }

  /** The outcome for a whole offer. */
  public record Outcome(SessionDescription offer, List<Line> lines) {
    public List<StreamRequest> requests() {
      return lines.stream().map(Line::request).toList();
    }

    public boolean anyAccepted() {
      return lines.stream().anyMatch(l -> !l.request().rejected());
    }

    /** The Warning code (RFC 3261 §20.43) for refusing the whole offer. */
    public int refusalWarning() {
      return lines.stream()
          .filter(l -> l.warning() != 0)
          .findFirst()
          .map(Line::warning)
          .orElse(WARN_MEDIA_TYPE_NOT_AVAILABLE);
    }

    /** The Warning text for refusing the whole offer. */
    public String refusalText() {
      return lines.stream()
          .filter(l -> l.warning() != 0)
          .findFirst()
          .map(Line::warningText)
          .orElse(lines.isEmpty() ? "No media stream offered" : "No media stream to record");
    }

    /**
     * For an answer that records some lines: one Warning (RFC 3261 §20.43) per line refused for a
     * reason (not those offered with port 0), naming the line, so the SRC's operator sees why a
     * stream is not recorded although the call is.
     */
    public List<LineWarning> lineWarnings() {
      List<LineWarning> warnings = new ArrayList<>();
      for (Line l : lines) {
        if (l.warning() != 0) {
          warnings.add(
              new LineWarning(
                  l.warning(),
                  "m= line "
                      + (l.offer().index() + 1)
                      + " (label "
                      + l.request().label().value()
                      + "): "
                      + l.warningText()));
        }
      }
      return warnings;
    }
  }

  /** A Warning code (RFC 3261 §20.43) and its text. */
  public record LineWarning(int code, String text) {}

  /**
   * An offer without m= lines gives an outcome without lines: nothing to record, like an offer
   * whose every line is refused.
   *
   * @throws SdpException for an offer with duplicate or invalid labels
   */
  public Outcome negotiate(SessionDescription offer) {
    Set<String> labels = new HashSet<>();
    List<Line> lines = new ArrayList<>();
    for (MediaDescription m : offer.media()) {
      Optional<String> labelValue = m.attribute("label");
      StreamLabel label;
      try {
        label = labelValue.map(StreamLabel::new).orElse(StreamLabel.ofIndex(m.index()));
      } catch (IllegalArgumentException e) {
        throw new SdpException(0, "m= line " + (m.index() + 1) + ": invalid a=label");
      }
      if (!labels.add(label.value())) {
        throw new SdpException(0, "duplicate a=label:" + label.value());
      }
      lines.add(negotiateLine(offer, m, label, labelValue.isPresent()));
    }
    return new Outcome(offer, lines);
  }

  private Line negotiateLine(
      SessionDescription offer, MediaDescription m, StreamLabel label, boolean labelled) {
    Direction direction = Direction.of(m, offer);
    SessionDescription.Connection connection =
        m.connection() != null ? m.connection() : offer.connection();
    boolean hold = connection != null && connection.isHold();
    boolean paused = hold || !direction.srcSends();
    InetSocketAddress remote =
        hold || connection == null ? null : literal(connection.address(), m.port());

    if (m.port() == 0) {
      return rejected(m, label, labelled, paused, 0, null);
    }
    if (!m.type().equalsIgnoreCase("audio")) {
      return rejected(
          m, label, labelled, paused, WARN_MEDIA_TYPE_NOT_AVAILABLE, "Media type not available");
    }
    String protocol = m.protocol().toUpperCase(Locale.ROOT);
    boolean secure = protocol.equals("RTP/SAVP") || protocol.equals("RTP/SAVPF");
    if (!secure && !protocol.equals("RTP/AVP") && !protocol.equals("RTP/AVPF")) {
      return rejected(
          m,
          label,
          labelled,
          paused,
          WARN_INCOMPATIBLE_TRANSPORT,
          "Incompatible transport protocol");
    }
    Sdes sdes = null;
    if (secure) {
      // RFC 4568 §5.1.2, §7.1.2: accept exactly one offered crypto attribute, or refuse the line
      // (port 0, with a Warning saying why); its transport stays RTP/SAVP in the answer.
      List<String> offered = m.attributes("crypto");
      Sdes.Choice choice = Sdes.choose(offered);
      sdes = choice.chosen();
      if (sdes == null) {
        return rejected(
            m,
            label,
            labelled,
            paused,
            WARN_INCOMPATIBLE_TRANSPORT,
            offered.isEmpty()
                ? m.protocol() + " without a=crypto (SDES keys): nothing else keys SRTP here"
                : "No usable SRTP crypto: " + String.join("; ", choice.refusals()));
      }
    }
    List<PayloadFormat> accepted = new ArrayList<>();
    boolean audio = false;
    // Found by fuzzing: a format list repeating "0" thousands of times against hundreds of a=fmtp
    // lines cost a pass over every attribute per repeat (quadratic: 4.5 s of CPU for a 52 KB offer)
    // and gave an answer with an rtpmap line per repeat. Attributes are now read once per line, and
    // each payload type is taken once.
    Map<String, String> fmtps = fmtps(m);
    Map<String, String> rtpmaps = rtpmaps(m);
    boolean[] seen = new boolean[128];
    for (String fmt : m.formats()) {
      int payloadType = Integer.parseInt(fmt);
      if (seen[payloadType]) {
        continue;
      }
      seen[payloadType] = true;
      Optional<PayloadFormat> format = format(payloadType, fmtps, rtpmaps);
      if (format.isPresent() && codecs.accepts(format.get().encoding())) {
        accepted.add(format.get());
        audio |= format.get().encoding().isAudio();
      }
    }
    if (!audio) {
      return rejected(
          m, label, labelled, paused, WARN_INCOMPATIBLE_FORMAT, "Incompatible media format");
    }
    StreamRequest request =
        new StreamRequest(
            m.index(), label, accepted, paused, remote, sdes == null ? null : sdes.parameters());
    Direction answer = hold ? Direction.RECVONLY : direction.recorderAnswer();
    String answerCrypto =
        sdes == null ? null : sdes.answer(keys.apply(sdes.parameters().suite().keySaltLength()));
    return new Line(m, request, answer, labelled, 0, null, answerCrypto);
  }

  private static Line rejected(
      MediaDescription m,
      StreamLabel label,
      boolean labelled,
      boolean paused,
      int warning,
      String text) {
    return new Line(
        m,
        new StreamRequest(m.index(), label, List.of(), paused, null, null, m.type()),
        Direction.INACTIVE,
        labelled,
        warning,
        text);
  }

  /**
   * The format of a payload type: its rtpmap, else the static assignment of RFC 3551.
   *
   * @param fmtps the m= line's fmtp parameters by payload type (the last line for a type wins)
   * @param rtpmaps the m= line's rtpmap encodings by payload type (the first line for a type wins)
   */
  private static Optional<PayloadFormat> format(
      int payloadType, Map<String, String> fmtps, Map<String, String> rtpmaps) {
    String fmtp = fmtps.getOrDefault(String.valueOf(payloadType), "");
    String encoding = rtpmaps.get(String.valueOf(payloadType));
    if (encoding != null) {
      String[] enc = encoding.split("/");
      try {
        int rate = enc.length > 1 ? Integer.parseInt(enc[1].trim()) : 0;
        int channels = enc.length > 2 ? Integer.parseInt(enc[2].trim()) : 1;
        if (rate <= 0 || channels <= 0) {
          return Optional.empty();
        }
        return AudioEncoding.bySdpName(enc[0].trim(), rate)
            .map(e -> new PayloadFormat(payloadType, e, rate, channels, fmtp));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return AudioEncoding.byStaticPayloadType(payloadType)
        .map(e -> new PayloadFormat(payloadType, e, e.clockRate(), 1, fmtp));
  }

  /**
   * Each payload type's fmtp parameters ({@code a=fmtp:<pt> <parameters>}); the last line for a
   * type wins.
   */
  private static Map<String, String> fmtps(MediaDescription m) {
    Map<String, String> byType = new HashMap<>();
    for (String value : m.attributes("fmtp")) {
      String[] f = value.split("\\s+", 2);
      byType.put(f[0], f.length > 1 ? f[1] : "");
    }
    return byType;
  }

  /**
   * Each payload type's encoding ({@code a=rtpmap:<pt> <encoding>}); the first line for a type
   * wins.
   */
  private static Map<String, String> rtpmaps(MediaDescription m) {
    Map<String, String> byType = new HashMap<>();
    for (String value : m.attributes("rtpmap")) {
      String[] f = value.split("\\s+", 2);
      if (f.length == 2) {
        byType.putIfAbsent(f[0], f[1]);
      }
    }
    return byType;
  }

  /** An address from SDP, without ever asking DNS: a host name stays unresolved. */
  private static InetSocketAddress literal(String address, int port) {
    if (address.matches("[0-9.]+") || address.indexOf(':') >= 0) {
      try {
        return new InetSocketAddress(InetAddress.getByName(address), port);
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return InetSocketAddress.createUnresolved(address, port);
  }
}
