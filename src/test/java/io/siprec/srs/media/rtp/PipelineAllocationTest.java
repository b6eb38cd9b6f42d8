package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StreamPipeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import io.siprec.srs.testsupport.RtpPackets;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one plain RTP packet allocates on its way through the whole chain (ingress, reorder, demux,
 * decode, resample, timeline, chunk, publish, stage timing included), measured with the JVM's
 * per-thread allocation counter after a warm-up: nothing, apart from what publishing a chunk
 * allocates once per chunk (its PCM bytes and the {@link AudioChunk}), which is measured on its own
 * and taken off.
 */
class PipelineAllocationTest {
  private static final int WARM_UP = 3000;
  private static final int MEASURED = 2000; // a multiple of the 5 packets of a 100 ms chunk
  private static final InetSocketAddress SRC = new InetSocketAddress("127.0.0.1", 40000);
  private static final MediaEvents QUIET =
      new MediaEvents() {
        @Override
        public void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone) {}

        @Override
        public void silence(
            RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis) {}
      };
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Keeps the last chunks (so that they escape) without growing. */
  private final AudioChunk[] kept = new AudioChunk[64];

  private int chunks;

  @Test
  void aPacketAllocatesNothingOnlyAPublishedChunkDoes() {
    measure(new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, ""), 160);
    measure(new PayloadFormat(9, AudioEncoding.G722, 8000, 1, ""), 160);
  }

  private void measure(PayloadFormat format, int payloadBytes) {
    RtpIngress ingress =
        new RtpIngress(
            RecordingSessionId.random(),
            new StreamLabel("1"),
            List.of(format),
            new StreamPipeline.Options(16000, 100, 3, true),
            c -> kept[chunks++ & 63] = c,
            QUIET,
            null,
            0);
    List<ByteBuffer> packets = new ArrayList<>();
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < WARM_UP + MEASURED; i++) {
      for (int j = 0; j < payload.length; j++) {
        payload[j] = (byte) (i * 7 + j * 13);
      }
      packets.add(RtpPackets.packet(format.payloadType(), i & 0xffff, i * 160L, 0x1234, payload));
    }
    for (int i = 0; i < WARM_UP; i++) {
      ingress.onDatagram(packets.get(i), SRC, i * 20_000_000L, i * 20L, false);
    }
    int chunksBefore = chunks;
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = WARM_UP; i < WARM_UP + MEASURED; i++) {
      ingress.onDatagram(packets.get(i), SRC, i * 20_000_000L, i * 20L, false);
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    int published = chunks - chunksBefore;
    long perChunk = chunkAllocation(kept[(chunks - 1) & 63]);
    long perPacket = (allocated - published * perChunk) / MEASURED;
    System.out.printf(
        "[PipelineAllocationTest] %s: %d packets, %d chunks, %d bytes allocated: %d per chunk"
            + " (PCM bytes and AudioChunk), %d per packet; stages timed every %d packets%n",
        format.encoding(),
        MEASURED,
        published,
        allocated,
        perChunk,
        perPacket,
        StageClock.SAMPLE_EVERY);
    assertThat(published).as("chunks of 100 ms").isEqualTo(MEASURED / 5);
    assertThat(allocated - published * perChunk)
        .as("%s: allocated besides the chunks", format.encoding())
        .isZero();
  }

  /** What publishing one chunk like {@code sample} allocates: its PCM array and the record. */
  private long chunkAllocation(AudioChunk sample) {
    AudioChunk[] made = new AudioChunk[100];
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < made.length; i++) {
      made[i] =
          new AudioChunk(
              sample.sessionId(),
              sample.label(),
              i,
              sample.sampleRate(),
              sample.startSample(),
              sample.captureTimeMillis(),
              new byte[sample.pcm().length],
              false,
              StreamAttribution.UNKNOWN,
              1,
              AudioChunk.ChannelLayout.MONO,
              -1);
    }
    long perChunk = (THREADS.getCurrentThreadAllocatedBytes() - before) / made.length;
    assertThat(made[99].sequence()).isEqualTo(99);
    return perChunk;
  }
}
