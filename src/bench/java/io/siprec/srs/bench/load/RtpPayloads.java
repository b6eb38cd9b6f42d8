package io.siprec.srs.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the load generator sends, per codec: the RTP payloads of one 20 ms packet after another, cut
 * once at start-up from the codec fixture files the end-to-end tests use (src/test/resources/media
 * and sipp/audio), so every packet is real audio the SRS decodes. A leg loops over its payloads for
 * as long as the call lasts.
 *
 * @param name codec name as given on the command line
 * @param payloadType RTP payload type offered in the SDP
 * @param rtpmap the SDP rtpmap value
 * @param fmtp an a= line for the SDP (or a harmless one)
 * @param timestampStep RTP timestamp units per packet (20 ms at the codec's RTP clock)
 * @param leg1 payloads of leg 1, in sending order
 * @param leg2 payloads of leg 2
 */
record RtpPayloads(
    String name,
    int payloadType,
    String rtpmap,
    String fmtp,
    int timestampStep,
    byte[][] leg1,
    byte[][] leg2) {

  static final String[] CODECS = {"pcmu", "pcma", "g722", "g729", "opus"};

  /**
   * @param fixtures the project's src/test/resources
   */
  static RtpPayloads forCodec(String codec, Path fixtures) {
    switch (codec.toLowerCase(Locale.ROOT)) {
      case "pcmu":
        return new RtpPayloads(
            "pcmu",
            0,
            "PCMU/8000",
            "a=silenceSupp:off - - - -",
            160,
            slices(read(fixtures.resolve("sipp/audio/leg1_1khz.ulaw")), 160),
            slices(read(fixtures.resolve("media/leg2_440hz.ulaw")), 160));
      case "pcma":
        {
          byte[][] alaw = slices(read(fixtures.resolve("sipp/audio/leg2_440hz.alaw")), 160);
          return new RtpPayloads(
              "pcma", 8, "PCMA/8000", "a=silenceSupp:off - - - -", 160, alaw, alaw);
        }
      case "g722":
        // RFC 3551 4.5.2: G.722's RTP clock is 8000 although it samples at 16 kHz.
        return new RtpPayloads(
            "g722",
            9,
            "G722/8000",
            "a=silenceSupp:off - - - -",
            160,
            slices(read(fixtures.resolve("media/leg1_1khz.g722")), 160),
            slices(read(fixtures.resolve("media/leg2_440hz.g722")), 160));
      case "g729":
        {
          byte[][] frames = g729Packets(read(fixtures.resolve("media/leg1_1khz.g729.frames")));
          return new RtpPayloads(
              "g729", 18, "G729/8000", "a=fmtp:18 annexb=no", 160, frames, frames);
        }
      case "opus":
        return new RtpPayloads(
            "opus",
            111,
            "opus/48000/2",
            "a=fmtp:111 useinbandfec=1",
            960,
            oggPackets(read(fixtures.resolve("media/leg1_1khz.opus"))),
            oggPackets(read(fixtures.resolve("media/leg2_440hz.opus"))));
      default:
        throw new IllegalArgumentException(
            "unknown codec " + codec + "; one of " + String.join(", ", CODECS));
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read codec fixture " + file, e);
    }
  }

  /** Consecutive slices of {@code size} octets; a short tail is left out. */
  private static byte[][] slices(byte[] audio, int size) {
    byte[][] out = new byte[audio.length / size][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(audio, i * size, (i + 1) * size);
    }
    return out;
  }

  /**
   * Our G.729 frame files (one length octet per 10 ms frame, then that many octets: 10 speech, 2
   * SID, 0 not sent), two speech frames per 20 ms packet; only speech frames are used, so the load
   * stays constant.
   */
  private static byte[][] g729Packets(byte[] frames) {
    List<byte[]> speech = new ArrayList<>();
    for (int at = 0; at < frames.length; at += 1 + frames[at]) {
      if (frames[at] == 10) {
        speech.add(Arrays.copyOfRange(frames, at + 1, at + 11));
      }
    }
    byte[][] out = new byte[speech.size() / 2][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new byte[20];
      System.arraycopy(speech.get(2 * i), 0, out[i], 0, 10);
      System.arraycopy(speech.get(2 * i + 1), 0, out[i], 10, 10);
    }
    return out;
  }

  /**
   * The Opus packets of an Ogg Opus file (RFC 7845): pages are "OggS", a 27-octet header and a
   * segment table; a packet is the concatenation of segments up to one shorter than 255 octets,
   * possibly across pages. The first two packets (OpusHead, OpusTags) are headers.
   */
  static byte[][] oggPackets(byte[] ogg) {
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    int at = 0;
    while (at + 27 <= ogg.length) {
      if (ogg[at] != 'O' || ogg[at + 1] != 'g' || ogg[at + 2] != 'g' || ogg[at + 3] != 'S') {
        throw new IllegalArgumentException("not an Ogg page at offset " + at);
      }
      int segments = ogg[at + 26] & 0xff;
      int body = at + 27 + segments;
      for (int s = 0; s < segments; s++) {
        int lacing = ogg[at + 27 + s] & 0xff;
        current.write(ogg, body, lacing);
        body += lacing;
        if (lacing < 255) {
          packets.add(current.toByteArray());
          current.reset();
        }
      }
      at = body;
    }
    if (packets.size() < 3
        || !new String(packets.get(0), 0, 8, StandardCharsets.US_ASCII).equals("OpusHead")) {
      throw new IllegalArgumentException("not an Ogg Opus stream");
    }
    return packets.subList(2, packets.size()).toArray(new byte[0][]);
  }
}
