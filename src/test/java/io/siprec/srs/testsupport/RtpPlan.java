package io.siprec.srs.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * One leg's RTP as an SRC sends it, made from a codec fixture file: each packet's payload, its RTP
 * timestamp relative to the first, and when it leaves (ms after the start). Impairments (loss,
 * reordering) are applied to the plan, so a test knows exactly what it did to the stream.
 *
 * @param dropped indices (into the unimpaired plan) of the packets never sent
 * @param swapped how many adjacent pairs were sent in the wrong order
 */
public record RtpPlan(
    int payloadType, int clockRate, List<Packet> packets, List<Integer> dropped, int swapped) {

  /**
   * @param index position in the unimpaired plan
   */
  public record Packet(int index, byte[] payload, long timestampOffset, long sendAtMillis) {}

  public RtpPlan {
    packets = List.copyOf(packets);
    dropped = List.copyOf(dropped);
  }

  private static RtpPlan of(int payloadType, int clockRate, List<Packet> packets) {
    return new RtpPlan(payloadType, clockRate, packets, List.of(), 0);
  }

  /** G.711 (or G.722: 160 octets and 160 timestamp units per 20 ms too, RFC 3551 §4.5.2). */
  public static RtpPlan everyTwentyMillis(byte[] audio, int payloadType, int packets) {
    List<Packet> out = new ArrayList<>();
    for (int i = 0; i < packets; i++) {
      out.add(new Packet(i, Arrays.copyOfRange(audio, i * 160, i * 160 + 160), i * 160L, i * 20L));
    }
    return of(payloadType, 8000, out);
  }

  /**
   * G.729 with Annex B from a frame file (per 10 ms frame a length byte: 10 speech, 2 SID, 0 not
   * sent), two frames per packet as RFC 3551 §4.5.6 allows: consecutive frames, a SID frame only
   * last; a 20 ms slot with nothing to send sends no packet.
   */
  public static RtpPlan g729(byte[] frames, int payloadType) {
    List<byte[]> list = new ArrayList<>();
    for (int at = 0; at < frames.length; at += 1 + frames[at]) {
      list.add(Arrays.copyOfRange(frames, at + 1, at + 1 + frames[at]));
    }
    List<Packet> out = new ArrayList<>();
    for (int slot = 0; slot * 2 < list.size(); slot++) {
      byte[] a = list.get(slot * 2);
      byte[] b = slot * 2 + 1 < list.size() ? list.get(slot * 2 + 1) : new byte[0];
      long ts = slot * 160L;
      long at = slot * 20L;
      if (a.length == 10 && b.length > 0) {
        out.add(new Packet(out.size(), concat(a, b), ts, at)); // speech+speech or speech+SID
      } else {
        if (a.length > 0) {
          out.add(new Packet(out.size(), a, ts, at));
        }
        if (b.length > 0) {
          out.add(new Packet(out.size(), b, ts + 80, at + 10));
        }
      }
    }
    return of(payloadType, 8000, out);
  }

  /** Opus (RFC 7587): one Ogg packet per RTP packet, 48 kHz timestamps. */
  public static RtpPlan opus(OggOpus ogg, int payloadType) {
    List<Packet> out = new ArrayList<>();
    long ts = 0;
    for (byte[] p : ogg.packets()) {
      out.add(new Packet(out.size(), p, ts, ts / 48));
      ts += samplesAt48k(p);
    }
    return of(payloadType, 48000, out);
  }

  /** Duration of an Opus packet from its TOC byte (RFC 6716 §3.1). */
  static int samplesAt48k(byte[] packet) {
    int toc = packet[0] & 0xff;
    int config = toc >> 3;
    int frame;
    if (config < 12) {
      frame = new int[] {480, 960, 1920, 2880}[config & 3];
    } else if (config < 16) {
      frame = (config & 1) == 0 ? 480 : 960;
    } else {
      frame = new int[] {120, 240, 480, 960}[config & 3];
    }
    int count =
        switch (toc & 3) {
          case 0 -> 1;
          case 1, 2 -> 2;
          default -> packet[1] & 0x3f;
        };
    return frame * count;
  }

  /**
   * Drops {@code lossRate} of the packets, chosen at random but never the first or the last and
   * never two in a row (so concealment is tested, not gap handling), and swaps about {@code
   * reorderRate} of the remaining adjacent pairs in sending order. Seeded: the same seed gives the
   * same damage.
   */
  public RtpPlan impaired(double lossRate, double reorderRate, long seed) {
    Random random = new Random(seed);
    int toDrop = (int) Math.round(lossRate * packets.size());
    TreeSet<Integer> drop = new TreeSet<>();
    while (drop.size() < toDrop) {
      int i = 1 + random.nextInt(packets.size() - 2);
      if (!drop.contains(i - 1) && !drop.contains(i + 1)) {
        drop.add(i);
      }
    }
    List<Packet> kept = new ArrayList<>();
    List<Integer> lost = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      if (drop.contains(i)) {
        lost.add(packets.get(i).index());
      } else {
        kept.add(packets.get(i));
      }
    }
    int swaps = 0;
    for (int i = 1; i + 1 < kept.size(); i++) {
      if (random.nextDouble() < reorderRate) {
        Packet a = kept.get(i);
        Packet b = kept.get(i + 1);
        // b leaves in a's slot: it arrives first, a follows at b's time.
        kept.set(i, new Packet(b.index(), b.payload(), b.timestampOffset(), a.sendAtMillis()));
        kept.set(i + 1, new Packet(a.index(), a.payload(), a.timestampOffset(), b.sendAtMillis()));
        swaps++;
        i++; // leave the pair alone now
      }
    }
    return new RtpPlan(payloadType, clockRate, kept, lost, swaps);
  }

  /**
   * The plan with packets {@code [from, to)} never sent: an outage longer than concealment covers.
   */
  public RtpPlan withoutPackets(int from, int to) {
    List<Packet> kept = new ArrayList<>();
    List<Integer> lost = new ArrayList<>(dropped);
    for (Packet p : packets) {
      if (p.index() >= from && p.index() < to) {
        lost.add(p.index());
      } else {
        kept.add(p);
      }
    }
    return new RtpPlan(payloadType, clockRate, kept, lost, swapped);
  }

  /** Milliseconds of audio the unimpaired plan covers. */
  public long durationMillis(int samplesPerPacketAtClock) {
    Packet last = packets.get(packets.size() - 1);
    return (last.timestampOffset() + samplesPerPacketAtClock) * 1000 / clockRate;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
