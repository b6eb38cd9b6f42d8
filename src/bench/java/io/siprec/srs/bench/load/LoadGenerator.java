package io.siprec.srs.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The RTP side of a load run: streams both legs of every SIPREC call SIPp sets up, from a few
 * threads rather than a thread per stream.
 *
 * <p>SIPp writes one line per answered call, {@code call-number port1 port2 call-id}, to its log
 * file; this tails it. Each call's two legs join one sender thread's timing wheel: 20 slots of 1
 * ms, a stream in the slot of the millisecond it started, so every stream sends one packet every 20
 * ms on a fixed grid and the load is spread over the 20 ms instead of one burst. Packets are built
 * in one reusable buffer per thread from payloads cut at start-up ({@link RtpPayloads}): nothing is
 * allocated per packet. Each leg sends a fixed number of packets (the call's length less a margin,
 * so the last packet is in before SIPp's BYE), which makes "sent" an exact figure.
 *
 * <p>When the expected number of calls has been seen and every stream has sent its packets, it
 * writes {@code generator.properties} (totals and how well it kept the grid) and {@code
 * generator-streams.csv} (per leg: first and last send time, packets) and exits.
 */
public final class LoadGenerator {
  private static final int SLOTS = 20;
  private static final long SLOT_NANOS = 1_000_000L;

  /** One leg being streamed. Owned by one sender thread. */
  private static final class Stream {
    final int callNumber;
    final String callId;
    final int leg;
    final InetSocketAddress destination;
    final byte[][] payloads;
    final int ssrc;
    int sequence;
    int timestamp;
    int next;
    int remaining;
    int sent;
    long firstSendMillis;

    /** When the grid had the first packet go out: firstSendMillis less the tick's lateness. */
    long firstDueMillis;

    long lastSendMillis;
    int sendErrors;

    Stream(
        int callNumber,
        String callId,
        int leg,
        InetSocketAddress destination,
        byte[][] payloads,
        int packets) {
      this.callNumber = callNumber;
      this.callId = callId;
      this.leg = leg;
      this.destination = destination;
      this.payloads = payloads;
      this.ssrc = 0x5A000000 | (callNumber << 1 | (leg - 1)) & 0xffffff;
      this.sequence = (callNumber * 7919 + leg * 104729) & 0xffff;
      this.timestamp = callNumber * 160 * 1000 + leg;
      this.remaining = packets;
    }
  }

  /** One thread, one socket, one timing wheel. */
  private static final class Sender implements Runnable {
    final DatagramChannel channel;
    final int payloadType;
    final int timestampStep;
    final ConcurrentLinkedQueue<Stream> incoming = new ConcurrentLinkedQueue<>();
    final List<Stream> finished = new ArrayList<>();

    @SuppressWarnings("unchecked")
    final ArrayList<Stream>[] wheel = new ArrayList[SLOTS];

    final ByteBuffer packet = ByteBuffer.allocateDirect(1500);

    /** How far behind the grid each slot started. */
    final Lateness lateness = new Lateness();

    final AtomicInteger active = new AtomicInteger();
    volatile boolean running = true;
    volatile long packetsSent;
    volatile long sendErrors;
    final Thread thread;

    Sender(int index, int sourcePort, int payloadType, int timestampStep) throws IOException {
      this.channel = DatagramChannel.open();
      this.channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), sourcePort));
      this.channel.configureBlocking(true);
      this.payloadType = payloadType;
      this.timestampStep = timestampStep;
      for (int i = 0; i < SLOTS; i++) {
        wheel[i] = new ArrayList<>();
      }
      this.thread = new Thread(this, "rtp-sender-" + index);
      this.thread.setDaemon(true);
    }

    void add(Stream s) {
      active.incrementAndGet();
      incoming.add(s);
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      long wallStart = System.currentTimeMillis();
      long tick = 0;
      while (running) {
        long due = start + tick * SLOT_NANOS;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long late = (System.nanoTime() - due) / 1000;
        lateness.record(late);
        ArrayList<Stream> slot = wheel[(int) (tick % SLOTS)];
        Stream s;
        while ((s = incoming.poll()) != null) {
          slot.add(s); // starts now, in this millisecond's slot
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < slot.size(); i++) {
          Stream stream = slot.get(i);
          if (stream.remaining > 0) { // none at all with --media false
            send(stream, now, wallStart + tick * SLOT_NANOS / 1_000_000);
          }
          if (stream.remaining <= 0) {
            slot.set(i, slot.get(slot.size() - 1));
            slot.remove(slot.size() - 1);
            i--;
            finished.add(stream);
            active.decrementAndGet();
          }
        }
        tick++;
      }
    }

    private void send(Stream s, long nowMillis, long dueMillis) {
      ByteBuffer b = packet;
      b.clear();
      b.put((byte) 0x80);
      b.put((byte) ((s.sent == 0 ? 0x80 : 0) | payloadType));
      b.putShort((short) s.sequence);
      b.putInt(s.timestamp);
      b.putInt(s.ssrc);
      b.put(s.payloads[s.next]);
      b.flip();
      try {
        channel.send(b, s.destination);
        if (s.sent == 0) {
          s.firstSendMillis = nowMillis;
          s.firstDueMillis = dueMillis;
        }
        s.lastSendMillis = nowMillis;
        s.sent++;
        packetsSent++;
      } catch (IOException e) {
        s.sendErrors++;
        sendErrors++;
      }
      // A packet that could not be sent still takes its place: the next one keeps the grid.
      s.sequence = (s.sequence + 1) & 0xffff;
      s.timestamp += timestampStep;
      s.next = (s.next + 1) % s.payloads.length;
      s.remaining--;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = Args.parse(args);
    RtpPayloads codec = RtpPayloads.forCodec(a.get("codec"), Path.of(a.get("fixtures")));
    Path portsFile = Path.of(a.get("ports-file"));
    int calls = Integer.parseInt(a.get("calls"));
    int packets = Integer.parseInt(a.get("packets"));
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int sourcePort = Integer.parseInt(a.get("source-port"));
    long maxMillis = Long.parseLong(a.getOrDefault("max-seconds", "300")) * 1000;
    Path out = Path.of(a.get("out"));
    InetAddress target = InetAddress.getByName(a.getOrDefault("target", "127.0.0.1"));

    Sender[] senders = new Sender[threads];
    for (int i = 0; i < threads; i++) {
      senders[i] = new Sender(i, sourcePort + i, codec.payloadType(), codec.timestampStep());
      senders[i].thread.start();
    }
    long started = System.currentTimeMillis();
    int seen = 0;
    int lines = 0;
    StringBuilder partial = new StringBuilder();
    byte[] chunk = new byte[64 * 1024];
    long offset = 0;
    while (System.currentTimeMillis() - started < maxMillis) {
      if (Files.exists(portsFile)) {
        try (RandomAccessFile f = new RandomAccessFile(portsFile.toFile(), "r")) {
          f.seek(offset);
          int n;
          while ((n = f.read(chunk)) > 0) {
            offset += n;
            partial.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
          }
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
          String line = partial.substring(0, nl).trim();
          partial.delete(0, nl + 1);
          lines++;
          String[] f = line.split("\\s+");
          if (f.length < 4) {
            continue;
          }
          int callNumber = Integer.parseInt(f[0]);
          Sender s = senders[callNumber % threads];
          s.add(
              new Stream(
                  callNumber,
                  f[3],
                  1,
                  new InetSocketAddress(target, Integer.parseInt(f[1])),
                  codec.leg1(),
                  packets));
          s.add(
              new Stream(
                  callNumber,
                  f[3],
                  2,
                  new InetSocketAddress(target, Integer.parseInt(f[2])),
                  codec.leg2(),
                  packets));
          seen++;
        }
      }
      if (seen >= calls && allIdle(senders)) {
        break;
      }
      Thread.sleep(5);
    }
    for (Sender s : senders) {
      s.running = false;
      s.thread.join(2000);
    }
    write(out, codec, calls, seen, lines, packets, senders, System.currentTimeMillis() - started);
    for (Sender s : senders) {
      s.channel.close();
    }
  }

  private static boolean allIdle(Sender[] senders) {
    for (Sender s : senders) {
      if (s.active.get() > 0) {
        return false;
      }
    }
    return true;
  }

  private static void write(
      Path out,
      RtpPayloads codec,
      int expected,
      int seen,
      int lines,
      int packets,
      Sender[] senders,
      long runMillis)
      throws IOException {
    Files.createDirectories(out);
    long sent = 0;
    long errors = 0;
    Lateness lateness = new Lateness();
    try (PrintWriter w =
        new PrintWriter(Files.newBufferedWriter(out.resolve("generator-streams.csv")))) {
      w.println(
          "callNumber,callId,leg,port,firstSendMillis,lastSendMillis,packetsSent,sendErrors,unsent,"
              + "firstDueMillis");
      for (Sender s : senders) {
        sent += s.packetsSent;
        errors += s.sendErrors;
        lateness.add(s.lateness);
        List<Stream> all = new ArrayList<>(s.finished);
        for (ArrayList<Stream> slot : s.wheel) {
          all.addAll(slot);
        }
        all.addAll(s.incoming);
        for (Stream st : all) {
          w.printf(
              "%d,%s,%d,%d,%d,%d,%d,%d,%d,%d%n",
              st.callNumber,
              st.callId,
              st.leg,
              st.destination.getPort(),
              st.firstSendMillis,
              st.lastSendMillis,
              st.sent,
              st.sendErrors,
              st.remaining,
              st.firstDueMillis);
        }
      }
    }
    long ticks = lateness.count();
    try (PrintWriter w =
        new PrintWriter(Files.newBufferedWriter(out.resolve("generator.properties")))) {
      w.println("codec=" + codec.name());
      w.println("callsExpected=" + expected);
      w.println("callsSeen=" + seen);
      w.println("portLines=" + lines);
      w.println("packetsPerLeg=" + packets);
      w.println("packetsSent=" + sent);
      w.println("sendErrors=" + errors);
      w.println("senderThreads=" + senders.length);
      w.println("runMillis=" + runMillis);
      w.println("ticks=" + ticks);
      w.println("tickLatenessP50Micros=" + lateness.percentileMicros(0.50));
      w.println("tickLatenessP99Micros=" + lateness.percentileMicros(0.99));
      w.println("tickLatenessP999Micros=" + lateness.percentileMicros(0.999));
      w.println("tickLatenessMaxMicros=" + lateness.maxMicros());
      w.println("ticksLateOver5ms=" + lateness.over(5000));
    }
  }
}
