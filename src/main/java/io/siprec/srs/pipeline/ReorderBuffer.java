package io.siprec.srs.pipeline;

import java.nio.ByteBuffer;

/**
 * Puts one RTP stream's packets back into sequence order (RFC 3550 §A.1 sequence extension: the
 * 16-bit sequence number wraps, the extended one does not).
 *
 * <ul>
 *   <li>A packet in sequence is released at once: no delay when nothing is missing.
 *   <li>A missing packet is waited for until {@code depth} newer ones have arrived; then it is
 *       declared lost and the next packet is released with the count of those lost before it.
 *   <li>A packet for a place already released or declared lost is late (or a duplicate of one
 *       released) and is dropped. That includes one that belongs before the stream's very first
 *       packet: the first packet is released at once rather than delaying every stream's start.
 *   <li>A jump of more than the buffer's capacity (an SRC that restarted its numbering) releases
 *       what is held and starts over at the new packet.
 * </ul>
 *
 * <p>Packets are copied into slots allocated once; nothing is allocated per packet.
 * Single-threaded.
 */
public final class ReorderBuffer {
  public static final int MAX_PAYLOAD = 1500;

  /** Receives packets in order. */
  public interface Sink {
    /**
     * @param packet borrowed: valid only during the call
     * @param lostBefore packets declared lost immediately before this one
     */
    void released(Slot packet, int lostBefore);
  }

  /**
   * A held packet, and the item of the stages after the reorder buffer: borrowed by each for the
   * call only (the slot is reused for a later packet). The buffer fills the header fields and the
   * payload; {@link #lostBefore} comes with the release, {@link #route} from the payload demux.
   */
  public static final class Slot {
    public long sequence; // extended
    public int payloadType;
    public boolean marker;
    public long timestamp;
    public long ssrc;
    public final byte[] payload = new byte[MAX_PAYLOAD];

    /** {@link #payload} for the decoders' absolute reads; made once, never moved. */
    public final ByteBuffer payloadView = ByteBuffer.wrap(payload);

    public int length;
    public long arrivalNanos;
    public long arrivalMillis;

    /** Packets declared lost immediately before this one. */
    public int lostBefore;

    /** What the payload demux made of the payload type. */
    public PayloadRoute route;

    boolean held;
  }

  private final int depth;
  private final Slot[] ring;
  private final int mask;
  private boolean started;
  private long highest; // highest extended sequence seen
  private long next; // the next sequence to release
  private int held;
  private long releasedBits; // bit i: sequence next-1-i was released (not declared lost)

  private long lost;
  private long late;
  private long duplicates;
  private long reordered;
  private long restarts;
  private long oversize;

  public ReorderBuffer(int depth) {
    this.depth = Math.max(0, depth);
    int capacity = Integer.highestOneBit(Math.max(4, this.depth * 2 + 2) - 1) << 1;
    this.ring = new Slot[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < capacity; i++) {
      ring[i] = new Slot();
    }
  }

  /**
   * Takes a packet whose header is in {@code packet}; copies what it needs.
   *
   * @return false if the packet was dropped (late, duplicate, or too large), each counted here
   */
  public boolean offer(PacketView packet, long arrivalNanos, long arrivalMillis, Sink sink) {
    if (packet.payloadLength() > MAX_PAYLOAD) {
      oversize++;
      return false;
    }
    long seq = extend(packet.sequence());
    if (!started) {
      started = true;
      next = seq;
      highest = seq;
    }
    if (seq < next) {
      long age = next - 1 - seq;
      if (age < 64 && (releasedBits & (1L << age)) != 0) {
        duplicates++;
      } else {
        late++;
      }
      return false;
    }
    if (seq - next >= ring.length) {
      // Far ahead: the SRC restarted or skipped a long way. Release what we hold and restart.
      flush(sink);
      restarts++;
      next = seq;
      releasedBits = 0;
    }
    Slot slot = ring[(int) (seq & mask)];
    if (slot.held) {
      duplicates++;
      return false;
    }
    if (seq < highest) {
      reordered++;
    }
    highest = Math.max(highest, seq);
    slot.held = true;
    slot.sequence = seq;
    slot.payloadType = packet.payloadType();
    slot.marker = packet.marker();
    slot.timestamp = packet.timestamp();
    slot.ssrc = packet.ssrc();
    slot.length = packet.payloadLength();
    packet.buffer().get(packet.payloadOffset(), slot.payload, 0, slot.length);
    slot.arrivalNanos = arrivalNanos;
    slot.arrivalMillis = arrivalMillis;
    held++;
    drain(sink);
    return true;
  }

  /** Releases everything held, in order, counting the holes as lost (a pause, the end). */
  public void flush(Sink sink) {
    while (held > 0) {
      skipToNextHeld(sink);
    }
  }

  /** Forgets the sequence: the next packet starts a new one (a new SSRC). */
  public void restart(Sink sink) {
    flush(sink);
    started = false;
    releasedBits = 0;
  }

  private void drain(Sink sink) {
    releaseInOrder(sink, 0);
    while (held > 0 && highest - next >= depth) {
      skipToNextHeld(sink);
    }
  }

  private void skipToNextHeld(Sink sink) {
    int skipped = 0;
    while (!ring[(int) (next & mask)].held) {
      next++;
      skipped++;
      releasedBits <<= 1;
    }
    lost += skipped;
    releaseInOrder(sink, skipped);
  }

  private void releaseInOrder(Sink sink, int lostBefore) {
    int lostNow = lostBefore;
    while (held > 0) {
      Slot slot = ring[(int) (next & mask)];
      if (!slot.held || slot.sequence != next) {
        return;
      }
      slot.held = false;
      held--;
      next++;
      releasedBits = (releasedBits << 1) | 1;
      sink.released(slot, lostNow);
      lostNow = 0;
    }
  }

  /** RFC 3550 §A.1: the extended sequence number closest to the highest seen. */
  private long extend(int seq16) {
    if (!started) {
      return seq16 + 65536L; // leave room below for packets that arrive before the first
    }
    long candidate = (highest & ~0xffffL) | seq16;
    if (candidate - highest > 32768) {
      candidate -= 65536;
    } else if (highest - candidate > 32768) {
      candidate += 65536;
    }
    return candidate;
  }

  public long lost() {
    return lost;
  }

  public long late() {
    return late;
  }

  public long duplicates() {
    return duplicates;
  }

  public long reordered() {
    return reordered;
  }

  /** Packets dropped because their payload was over {@link #MAX_PAYLOAD}. */
  public long oversize() {
    return oversize;
  }

  public long restarts() {
    return restarts;
  }
}
