package io.siprec.srs.offer.sdp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parses SDP as SRCs really send it. Tolerated: LF or CRLF line ends, blank lines, trailing spaces,
 * no {@code t=} line and no {@code c=} at all (older OpenSIPS), {@code c=} only per m= (Ribbon),
 * unknown line types and attributes. Refused, with the line named: text that is not SDP, a port
 * that is not 0-65535, an RTP format that is not a payload type number, a malformed c= line, and
 * bodies with absurd numbers of lines or m= sections.
 */
public final class SdpParser {
  static final int MAX_LINES = 1000;
  static final int MAX_MEDIA = 64;

  private SdpParser() {}

  public static SessionDescription parse(byte[] sdp) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(sdp))
              .toString();
    } catch (CharacterCodingException e) {
      throw new SdpException(0, "not valid UTF-8");
    }
    return parse(text);
  }

  public static SessionDescription parse(String text) {
    String[] lines = text.split("\r?\n", -1);
    if (lines.length > MAX_LINES) {
      throw new SdpException(0, "more than " + MAX_LINES + " lines");
    }
    SessionDescription.Origin origin = null;
    SessionDescription.Connection sessionConnection = null;
    List<SessionDescription.Attribute> sessionAttributes = new ArrayList<>();
    List<MediaDescription> media = new ArrayList<>();
    MediaBuilder current = null;
    boolean sawVersion = false;

    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() < 2 || line.charAt(1) != '=') {
        throw new SdpException(lineNo, "not of the form x=value");
      }
      char type = line.charAt(0);
      String value = line.substring(2).strip();
      if (!sawVersion) {
        if (type != 'v') {
          throw new SdpException(lineNo, "does not start with v=");
        }
        if (!value.equals("0")) {
          throw new SdpException(lineNo, "unsupported SDP version " + value);
        }
        sawVersion = true;
        continue;
      }
      switch (type) {
        case 'o':
          if (current == null) {
            origin = parseOrigin(lineNo, value);
          }
          break;
        case 'c':
          SessionDescription.Connection c = parseConnection(lineNo, value);
          if (current == null) {
            sessionConnection = c;
          } else {
            current.connection = c;
          }
          break;
        case 'a':
          SessionDescription.Attribute a = parseAttribute(value);
          if (current == null) {
            sessionAttributes.add(a);
          } else {
            current.attributes.add(a);
          }
          break;
        case 'm':
          if (current != null) {
            media.add(current.build());
          }
          if (media.size() == MAX_MEDIA) {
            throw new SdpException(lineNo, "more than " + MAX_MEDIA + " m= lines");
          }
          current = parseMedia(lineNo, value, media.size());
          break;
        default:
          // s=, t=, b=, k=, i=, ... carry nothing a recorder needs.
          break;
      }
    }
    if (!sawVersion) {
      throw new SdpException(0, "empty");
    }
    if (current != null) {
      media.add(current.build());
    }
    return new SessionDescription(origin, sessionConnection, sessionAttributes, media);
  }

  private static SessionDescription.Origin parseOrigin(int lineNo, String value) {
    String[] f = value.split("\\s+");
    if (f.length < 6) {
      // Some SRCs write a short o=; it identifies nothing we rely on, so keep what is there.
      return new SessionDescription.Origin(
          f[0], f.length > 1 ? f[1] : "", f.length > 2 ? f[2] : "", "", "");
    }
    return new SessionDescription.Origin(f[0], f[1], f[2], f[4], f[5]);
  }

  private static SessionDescription.Connection parseConnection(int lineNo, String value) {
    String[] f = value.split("\\s+");
    if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
      throw new SdpException(lineNo, "c= is not 'IN IP4|IP6 address'");
    }
    String address = f[2];
    int slash = address.indexOf('/');
    if (slash >= 0) {
      address = address.substring(0, slash); // multicast TTL / count
    }
    if (address.isEmpty()) {
      throw new SdpException(lineNo, "c= without address");
    }
    return new SessionDescription.Connection(f[1], address);
  }

  private static SessionDescription.Attribute parseAttribute(String value) {
    int colon = value.indexOf(':');
    return colon < 0
        ? new SessionDescription.Attribute(value, "")
        : new SessionDescription.Attribute(
            value.substring(0, colon), value.substring(colon + 1).strip());
  }

  private static MediaBuilder parseMedia(int lineNo, String value, int index) {
    String[] f = value.split("\\s+");
    if (f.length < 4) {
      throw new SdpException(lineNo, "m= needs media, port, protocol and at least one format");
    }
    String portField = f[1];
    int slash = portField.indexOf('/');
    if (slash >= 0) {
      portField = portField.substring(0, slash);
    }
    int port;
    try {
      port = Integer.parseInt(portField);
    } catch (NumberFormatException e) {
      throw new SdpException(lineNo, "m= port '" + f[1] + "' is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new SdpException(lineNo, "m= port " + port + " out of range");
    }
    MediaBuilder m =
        new MediaBuilder(index, f[0], port, f[2], Arrays.asList(f).subList(3, f.length));
    if (m.protocol.toUpperCase(Locale.ROOT).startsWith("RTP/")) {
      for (String fmt : m.formats) {
        if (!fmt.matches("\\d{1,3}") || Integer.parseInt(fmt) > 127) {
          throw new SdpException(lineNo, "m= format '" + fmt + "' is not an RTP payload type");
        }
      }
    }
    return m;
  }

  private static final class MediaBuilder {
    final int index;
    final String type;
    final int port;
    final String protocol;
    final List<String> formats;
    SessionDescription.Connection connection;
    final List<SessionDescription.Attribute> attributes = new ArrayList<>();

    MediaBuilder(int index, String type, int port, String protocol, List<String> formats) {
      this.index = index;
      this.type = type;
      this.port = port;
      this.protocol = protocol;
      this.formats = formats;
    }

    MediaDescription build() {
      return new MediaDescription(index, type, port, protocol, formats, connection, attributes);
    }
  }
}
