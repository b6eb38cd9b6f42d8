package io.siprec.srs.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Opus packets of an Ogg Opus file (RFC 7845): what an RTP sender puts one per packet (RFC
 * 7587). Skips the OpusHead and OpusTags header packets; keeps the pre-skip.
 */
public record OggOpus(int preSkip, List<byte[]> packets) {

  public static OggOpus read(byte[] file) {
    List<byte[]> all = new ArrayList<>();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    int at = 0;
    while (at + 27 <= file.length) {
      if (file[at] != 'O' || file[at + 1] != 'g' || file[at + 2] != 'g' || file[at + 3] != 'S') {
        throw new IllegalArgumentException("not an Ogg page at byte " + at);
      }
      int segments = file[at + 26] & 0xff;
      int data = at + 27 + segments;
      for (int i = 0; i < segments; i++) {
        int lacing = file[at + 27 + i] & 0xff;
        packet.write(file, data, lacing);
        data += lacing;
        if (lacing < 255) {
          all.add(packet.toByteArray());
          packet.reset();
        }
      }
      at = data;
    }
    byte[] head = all.get(0);
    if (!new String(head, 0, 8, StandardCharsets.US_ASCII).equals("OpusHead")) {
      throw new IllegalArgumentException("no OpusHead");
    }
    int preSkip = (head[10] & 0xff) | (head[11] & 0xff) << 8;
    return new OggOpus(preSkip, List.copyOf(all.subList(2, all.size())));
  }
}
