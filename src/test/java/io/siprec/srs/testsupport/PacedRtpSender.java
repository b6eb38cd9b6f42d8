package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends an {@link RtpPlan} in real time from a fixed local port, optionally SRTP-protected. The
 * sequence number starts just below 65535, so every stream also crosses the sequence wrap. (SRTP
 * protection follows sending order: do not combine it with a reordered plan.) Like a real sender it
 * also sends an RTCP sender report (SRTCP when protected) to the port above the destination once a
 * second: its packet count is the sender's, so packets the plan drops count as sent and lost on the
 * way.
 */
public final class PacedRtpSender implements AutoCloseable {
  private static final int FIRST_SEQUENCE = 65_500;
  private static final int PACKETS_PER_REPORT = 50;

  private final DatagramChannel channel;
  private final long ssrc;
  private final SrtpSender srtp;
  private volatile int reports;
  private volatile long maxLateMillis; // how far behind its plan a packet went out, at most

  public PacedRtpSender(int sourcePort, long ssrc, SrtpSender srtp) {
    this.ssrc = ssrc;
    this.srtp = srtp;
    try {
      channel =
          DatagramChannel.open()
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), sourcePort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the plan in the background, starting now. @return packets sent */
  public CompletableFuture<Integer> send(RtpPlan plan, InetSocketAddress destination) {
    return send(plan, destination, System.nanoTime());
  }

  /**
   * Sends the plan in the background, its time 0 being {@code startNanos} ({@link
   * System#nanoTime}), so that two legs can keep one clock. @return packets sent
   */
  public CompletableFuture<Integer> send(
      RtpPlan plan, InetSocketAddress destination, long startNanos) {
    return CompletableFuture.supplyAsync(
        () -> {
          long start = startNanos;
          long timestampBase = 0x7fff_0000L + (ssrc & 0xffff);
          int sent = 0;
          long octets = 0;
          InetSocketAddress rtcpDestination =
              new InetSocketAddress(destination.getAddress(), destination.getPort() + 1);
          for (RtpPlan.Packet p : plan.packets()) {
            long wait = start + p.sendAtMillis() * 1_000_000L - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            long late = (System.nanoTime() - start) / 1_000_000L - p.sendAtMillis();
            if (late > maxLateMillis) {
              maxLateMillis = late;
            }
            // The sequence number follows the packet's place in the stream: a lost packet leaves a
            // hole.
            ByteBuffer packet =
                RtpPackets.packet(
                    plan.payloadType(),
                    p.index() == 0,
                    (FIRST_SEQUENCE + p.index()) & 0xffff,
                    (timestampBase + p.timestampOffset()) & 0xffffffffL,
                    ssrc,
                    p.payload(),
                    0,
                    0,
                    0);
            long timestamp = (timestampBase + p.timestampOffset()) & 0xffffffffL;
            long wallClock = System.currentTimeMillis();
            try {
              channel.send(srtp == null ? packet : srtp.protect(packet), destination);
              octets += p.payload().length;
              if ((sent + 1) % PACKETS_PER_REPORT == 0) {
                ByteBuffer report =
                    RtcpPackets.senderReport(
                        ssrc, wallClock, timestamp, p.index() + 1, octets, null);
                channel.send(srtp == null ? report : srtp.protectRtcp(report), rtcpDestination);
                reports++;
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            sent++;
          }
          return sent;
        });
  }

  /**
   * How far behind its plan the latest packet went out, in milliseconds (a loaded machine wakes the
   * sender late; everything timed by arrival is off by as much).
   */
  public long maxLateMillis() {
    return maxLateMillis;
  }

  /** Sends one datagram as it is, from the sender's port (a test's damaged or misplaced packet). */
  public void sendDatagram(ByteBuffer datagram, InetSocketAddress destination) {
    try {
      channel.send(datagram, destination);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sequence number {@link #send} gives the plan's packet {@code index}. */
  public static int sequenceOf(int index) {
    return (FIRST_SEQUENCE + index) & 0xffff;
  }

  /** The RTP timestamp {@link #send} gives a packet at {@code timestampOffset}. */
  public long timestampOf(long timestampOffset) {
    return (0x7fff_0000L + (ssrc & 0xffff) + timestampOffset) & 0xffffffffL;
  }

  /** Sender reports sent so far. */
  public int reports() {
    return reports;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
