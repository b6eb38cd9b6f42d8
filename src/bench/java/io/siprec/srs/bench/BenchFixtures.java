package io.siprec.srs.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The 20 ms payloads the decode benchmarks cycle through, cut from the committed test fixtures, and
 * (as a main) the same payloads written out for the native reference harnesses, so Java and native
 * decode exactly the same bytes in the same order.
 *
 * <ul>
 *   <li>pcmu, pcma: 160-byte slices of {@code sipp/audio/leg1_1khz.ulaw} / {@code leg2_440hz.alaw}
 *   <li>g722: 160-byte slices of {@code media/leg1_1khz.g722} then {@code
 *       codec/g722/speech_sweep.g722} (a trailing partial slice is dropped)
 *   <li>g729: pairs of consecutive speech frames (10 + 10 bytes) of {@code
 *       media/leg1_1khz.g729.frames} then {@code codec/g729/speech_dtx.frames}; SID and
 *       untransmitted frames are left out (the benchmark is of speech decoding), and so is a speech
 *       frame without a speech neighbour
 *   <li>opus: the audio packets (20 ms each) of {@code media/leg1_1khz.opus} then {@code
 *       codec/opus/speech.opus}, read from their Ogg pages
 * </ul>
 *
 * <p>Files written by {@link #main} into the given directory: {@code CODEC.pkt} for every codec
 * (per payload a 2-byte big-endian length, then the payload), plus {@code g722.raw} (the slices
 * back to back, for {@code g722_ref bench}) and {@code g729.frames} (the frame-file format of
 * {@code g729_ref}: per 10 ms frame a length byte, then the frame).
 */
public final class BenchFixtures {
  public static final List<String> CODECS = List.of("pcmu", "pcma", "g722", "g729", "opus");

  private BenchFixtures() {}

  /** The payloads of one codec; {@code resources} is src/test/resources. */
  public static List<byte[]> payloads(String codec, Path resources) throws IOException {
    switch (codec) {
      case "pcmu":
        return slices(160, resources.resolve("sipp/audio/leg1_1khz.ulaw"));
      case "pcma":
        return slices(160, resources.resolve("sipp/audio/leg2_440hz.alaw"));
      case "g722":
        return slices(
            160,
            resources.resolve("media/leg1_1khz.g722"),
            resources.resolve("codec/g722/speech_sweep.g722"));
      case "g729":
        return g729Pairs(
            resources.resolve("media/leg1_1khz.g729.frames"),
            resources.resolve("codec/g729/speech_dtx.frames"));
      case "opus":
        List<byte[]> all =
            new ArrayList<>(oggOpusPackets(resources.resolve("media/leg1_1khz.opus")));
        all.addAll(oggOpusPackets(resources.resolve("codec/opus/speech.opus")));
        return all;
      default:
        throw new IllegalArgumentException("unknown codec " + codec);
    }
  }

  private static List<byte[]> slices(int size, Path... files) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path file : files) {
      byte[] data = Files.readAllBytes(file);
      for (int at = 0; at + size <= data.length; at += size) {
        byte[] p = new byte[size];
        System.arraycopy(data, at, p, 0, size);
        out.add(p);
      }
    }
    return out;
  }

  private static List<byte[]> g729Pairs(Path... files) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path file : files) {
      byte[] data = Files.readAllBytes(file);
      byte[] pending = null;
      int at = 0;
      while (at < data.length) {
        int len = data[at++] & 0xff;
        if (at + len > data.length) {
          throw new IOException(file + ": truncated frame at byte " + (at - 1));
        }
        if (len == 10) {
          if (pending == null) {
            pending = new byte[20];
            System.arraycopy(data, at, pending, 0, 10);
          } else {
            System.arraycopy(data, at, pending, 10, 10);
            out.add(pending);
            pending = null;
          }
        } else {
          pending = null; // SID or not sent: breaks the pair
        }
        at += len;
      }
    }
    return out;
  }

  /** The Opus audio packets of an Ogg Opus file (RFC 7845), header packets left out. Mono only. */
  static List<byte[]> oggOpusPackets(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    int page = 0;
    while (page < data.length) {
      if (page + 27 > data.length
          || data[page] != 'O'
          || data[page + 1] != 'g'
          || data[page + 2] != 'g'
          || data[page + 3] != 'S') {
        throw new IOException(file + ": no Ogg page at byte " + page);
      }
      int segments = data[page + 26] & 0xff;
      int body = page + 27 + segments;
      for (int s = 0; s < segments; s++) {
        int lacing = data[page + 27 + s] & 0xff;
        if (body + lacing > data.length) {
          throw new IOException(file + ": truncated Ogg page at byte " + page);
        }
        current.write(data, body, lacing);
        body += lacing;
        if (lacing != 255) { // a packet ends with a lacing value below 255
          packets.add(current.toByteArray());
          current.reset();
        }
      }
      page = body;
    }
    if (packets.size() < 3
        || !startsWith(packets.get(0), "OpusHead")
        || !startsWith(packets.get(1), "OpusTags")) {
      throw new IOException(file + ": not Ogg Opus");
    }
    int channels = packets.get(0)[9] & 0xff;
    if (channels != 1) {
      throw new IOException(file + ": " + channels + " channels; the benchmark expects mono");
    }
    return packets.subList(2, packets.size());
  }

  private static boolean startsWith(byte[] packet, String magic) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (packet.length < m.length) {
      return false;
    }
    for (int i = 0; i < m.length; i++) {
      if (packet[i] != m[i]) {
        return false;
      }
    }
    return true;
  }

  /** Usage: BenchFixtures RESOURCES_DIR OUT_DIR. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BenchFixtures src/test/resources OUT_DIR");
      System.exit(2);
    }
    Path resources = Path.of(args[0]);
    Path outDir = Path.of(args[1]);
    Files.createDirectories(outDir);
    for (String codec : CODECS) {
      List<byte[]> payloads = payloads(codec, resources);
      try (OutputStream out = Files.newOutputStream(outDir.resolve(codec + ".pkt"))) {
        for (byte[] p : payloads) {
          out.write(p.length >> 8);
          out.write(p.length & 0xff);
          out.write(p);
        }
      }
      if (codec.equals("g722")) {
        try (OutputStream out = Files.newOutputStream(outDir.resolve("g722.raw"))) {
          for (byte[] p : payloads) {
            out.write(p);
          }
        }
      }
      if (codec.equals("g729")) {
        try (OutputStream out = Files.newOutputStream(outDir.resolve("g729.frames"))) {
          for (byte[] p : payloads) {
            out.write(10);
            out.write(p, 0, 10);
            out.write(10);
            out.write(p, 10, 10);
          }
        }
      }
      System.out.println(codec + " " + payloads.size());
    }
  }
}
