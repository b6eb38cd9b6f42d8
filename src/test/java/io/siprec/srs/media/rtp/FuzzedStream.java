package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.pipeline.StreamPipeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamStatistics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One stream's whole receive path ({@link RtpIngress}: SRTP, validation, latching, RTCP, reorder
 * buffer, every decoder, DTMF, comfort noise, timeline, chunking), fed datagrams as the receive
 * loop would, on a simulated clock, with the checks every fuzz target of it makes:
 *
 * <ul>
 *   <li>nothing throws: a bad datagram is counted and dropped;
 *   <li>the datagram sits in a larger buffer, away from its start: not a byte outside its
 *       position..limit may change (in-place SRTP decryption included);
 *   <li>every RTP-port datagram is counted as received;
 *   <li>the chunks are well formed: numbered 0, 1, 2 ..., at the output rate, never longer than a
 *       chunk, never starting before the previous one ended, and the last one (after finish) marked
 *       last, once.
 * </ul>
 */
final class FuzzedStream {
  static final int OUTPUT_RATE = 16000;
  static final int CHUNK_MILLIS = 100;
  static final PayloadFormat[] FORMATS = {
    new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, ""),
    new PayloadFormat(8, AudioEncoding.PCMA, 8000, 1, ""),
    new PayloadFormat(9, AudioEncoding.G722, 8000, 1, ""),
    new PayloadFormat(18, AudioEncoding.G729, 8000, 1, "annexb=yes"),
    new PayloadFormat(111, AudioEncoding.OPUS, 48000, 2, "useinbandfec=1"),
    new PayloadFormat(101, AudioEncoding.TELEPHONE_EVENT, 8000, 1, "0-16"),
    new PayloadFormat(13, AudioEncoding.CN, 8000, 1, "")
  };
  private static final InetSocketAddress FIRST = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress SECOND = new InetSocketAddress("127.0.0.2", 40002);
  private static final int GUARD = 16;
  private static final byte CANARY = (byte) 0xa5;
  private static final MediaEvents QUIET =
      new MediaEvents() {
        @Override
        public void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone) {}

        @Override
        public void silence(
            RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis) {}
      };

  final List<AudioChunk> chunks = new ArrayList<>();
  final RtpIngress receiver;
  private long nowNanos = 1_000_000_000L;
  private long rtpDatagrams;

  FuzzedStream(SrtpParameters srtp) {
    receiver =
        new RtpIngress(
            RecordingSessionId.random(),
            new StreamLabel("1"),
            List.of(FORMATS),
            new StreamPipeline.Options(OUTPUT_RATE, CHUNK_MILLIS, 3, true),
            chunks::add,
            QUIET,
            srtp,
            nowNanos);
  }

  /**
   * Advances the clock, applies the step's pause/resume, delivers {@code datagram} as the step
   * says.
   */
  void deliver(DatagramScript.Step step, byte[] datagram) {
    nowNanos += step.stepMillis() * 1_000_000L;
    if (step.pause()) {
      receiver.pause(nowNanos);
    }
    if (step.resume()) {
      receiver.resume(nowNanos);
    }
    // The receive loop's buffer holds RtpReceiveLoop.BUFFER_BYTES; a datagram that fills it is
    // truncated.
    int length = Math.min(datagram.length, RtpReceiveLoop.BUFFER_BYTES);
    boolean truncated = length == RtpReceiveLoop.BUFFER_BYTES;
    byte[] memory = new byte[GUARD + length + GUARD];
    Arrays.fill(memory, CANARY);
    System.arraycopy(datagram, 0, memory, GUARD, length);
    ByteBuffer buffer = ByteBuffer.wrap(memory, GUARD, length);
    if (step.rtcpPort()) {
      receiver.onRtcpDatagram(buffer, truncated);
    } else {
      rtpDatagrams++;
      receiver.onDatagram(
          buffer, step.secondSource() ? SECOND : FIRST, nowNanos, nowNanos / 1_000_000, truncated);
    }
    for (int i = 0; i < GUARD; i++) {
      assertThat(memory[i]).as("byte %d before the datagram", GUARD - i).isEqualTo(CANARY);
      assertThat(memory[GUARD + length + i])
          .as("byte %d after the datagram", i + 1)
          .isEqualTo(CANARY);
    }
  }

  StreamStatistics statistics() {
    return receiver.statistics(nowNanos);
  }

  /** Ends the stream and checks the counters and the chunks. */
  StreamStatistics finishAndCheck() {
    receiver.finish(nowNanos);
    StreamStatistics s = receiver.statistics(nowNanos);
    assertThat(s.packetsReceived()).as("datagrams counted as received").isEqualTo(rtpDatagrams);
    assertThat(s.packetsDecoded()).as("packets decoded").isLessThanOrEqualTo(rtpDatagrams);
    long expectedSequence = 0;
    long endOfPrevious = Long.MIN_VALUE;
    for (int i = 0; i < chunks.size(); i++) {
      AudioChunk c = chunks.get(i);
      assertThat(c.sequence()).as("chunk sequence").isEqualTo(expectedSequence++);
      assertThat(c.sampleRate()).isEqualTo(OUTPUT_RATE);
      assertThat(c.pcm().length % 2).isZero();
      assertThat(c.samples())
          .as("chunk %d samples", i)
          .isLessThanOrEqualTo(OUTPUT_RATE * CHUNK_MILLIS / 1000);
      assertThat(c.startSample())
          .as("chunk %d start (previous ended at %d)", i, endOfPrevious)
          .isGreaterThanOrEqualTo(endOfPrevious);
      assertThat(c.last())
          .as("chunk %d of %d marked last", i, chunks.size())
          .isEqualTo(i == chunks.size() - 1);
      endOfPrevious = c.startSample() + c.samples();
    }
    return s;
  }
}
