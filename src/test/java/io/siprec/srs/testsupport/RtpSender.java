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
 * Sends one RTP stream of 8 kHz G.711 from a file, 20 ms per packet, paced by the clock: the second
 * SIPREC leg, which SIPp cannot send. Sequence and timestamp carry on across {@link #send} calls,
 * so pause/resume is one stream whose timestamps follow the wall clock.
 */
public final class RtpSender implements AutoCloseable {
  private static final int SAMPLES = 160;

  private final DatagramChannel channel;
  private final byte[] audio;
  private final int payloadType;
  private final long ssrc;
  private int sequence = 1000;
  private long timestamp = 90_000;
  private long lastSentNanos;
  private int offset;

  public RtpSender(int sourcePort, byte[] audio, int payloadType, long ssrc) {
    this.audio = audio;
    this.payloadType = payloadType;
    this.ssrc = ssrc;
    try {
      channel =
          DatagramChannel.open()
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), sourcePort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code packets} packets to the destination in the background. @return packets sent */
  public CompletableFuture<Integer> send(InetSocketAddress destination, int packets) {
    return CompletableFuture.supplyAsync(
        () -> {
          if (lastSentNanos != 0) {
            // After a pause the timestamp has moved on with the clock, as a real SRC's does.
            timestamp += (System.nanoTime() - lastSentNanos) * 8000 / 1_000_000_000L - SAMPLES;
          }
          long next = System.nanoTime();
          for (int i = 0; i < packets; i++) {
            byte[] payload = new byte[SAMPLES];
            for (int j = 0; j < SAMPLES; j++) {
              payload[j] = audio[(offset + j) % audio.length];
            }
            offset = (offset + SAMPLES) % audio.length;
            ByteBuffer packet =
                RtpPackets.packet(
                    payloadType,
                    i == 0,
                    sequence & 0xffff,
                    timestamp & 0xffffffffL,
                    ssrc,
                    payload,
                    0,
                    0,
                    0);
            try {
              channel.send(packet, destination);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            lastSentNanos = System.nanoTime();
            sequence++;
            timestamp += SAMPLES;
            next += 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          }
          return packets;
        });
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
