package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.pipeline.StreamPipeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SrtpMasterKey;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSessionParameters;
import io.siprec.srs.session.SrtpSuite;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.SrtpSender;
import io.siprec.srs.testsupport.Tones;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-stream pipeline, fed datagrams as the receive loop would, on a simulated clock. */
class RtpIngressTest {
  private static final long MS = 1_000_000L;
  private static final PayloadFormat PCMU = new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, "");
  private static final PayloadFormat PCMA = new PayloadFormat(8, AudioEncoding.PCMA, 8000, 1, "");
  private static final PayloadFormat EVENTS =
      new PayloadFormat(101, AudioEncoding.TELEPHONE_EVENT, 8000, 1, "0-16");
  private static final PayloadFormat CN = new PayloadFormat(13, AudioEncoding.CN, 8000, 1, "");
  private static final InetSocketAddress SRC = new InetSocketAddress("192.0.2.1", 40000);

  private final List<AudioChunk> chunks = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final MediaEvents listener =
      new MediaEvents() {
        @Override
        public void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone) {
          events.add(
              "dtmf " + tone.digit() + " " + tone.durationMillis() + "ms at " + tone.startSample());
        }

        @Override
        public void silence(
            RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis) {
          events.add(silent ? "silent" : "active");
        }
      };

  private RtpIngress receiver(boolean blanking, SrtpParameters srtp, PayloadFormat... formats) {
    return new RtpIngress(
        RecordingSessionId.random(),
        new StreamLabel("1"),
        List.of(formats),
        new StreamPipeline.Options(16000, 100, 3, blanking),
        chunks::add,
        listener,
        srtp,
        0);
  }

  /** 20 ms of a 1 kHz tone as mu-law (the tone's phase continues across packets). */
  private static byte[] toneMuLaw(int packet) {
    byte[] b = new byte[160];
    for (int i = 0; i < 160; i++) {
      double v = 8000 * Math.sin(2 * Math.PI * 1000 * (packet * 160 + i) / 8000.0);
      b[i] = linearToMuLaw((int) v);
    }
    return b;
  }

  private static void feed(
      RtpIngress r, int pt, int seq, long ts, long ssrc, byte[] payload, long atMillis) {
    r.onDatagram(
        RtpPackets.packet(pt, seq, ts, ssrc, payload), SRC, atMillis * MS, atMillis, false);
  }

  private static short[] pcm(List<AudioChunk> chunks) {
    int n = chunks.stream().mapToInt(AudioChunk::samples).sum();
    short[] out = new short[n];
    int at = 0;
    for (AudioChunk c : chunks) {
      for (int i = 0; i < c.samples(); i++) {
        out[at++] = (short) ((c.pcm()[2 * i] & 0xff) | (c.pcm()[2 * i + 1] << 8));
      }
    }
    return out;
  }

  @Test
  void oneSecondOfG711BecomesOneSecondOfSixteenKilohertzPcm() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 50; i++) {
      feed(r, 0, 100 + i, 1000 + i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.finish(1000 * MS);

    StreamStatistics st = r.statistics(1000 * MS);
    assertThat(st.samplesPublished()).isEqualTo(16000);
    assertThat(st.completeness()).isEqualTo(1.0);
    assertThat(chunks).allMatch(c -> c.sampleRate() == 16000);
    // The first chunk is short by the 8 to 16 kHz filter's delay (31 samples): the boundaries
    // after it fall where a packet's audio ends.
    assertThat(chunks.get(0).startSample()).isZero();
    assertThat(chunks.get(1).startSample()).isEqualTo(1600 - 31);
    assertThat(chunks.get(2).startSample()).isEqualTo(3200 - 31);
    short[] out = pcm(chunks);
    assertThat(Tones.power(out, 16000, 1000)).isGreaterThan(1000 * Tones.power(out, 16000, 3000));
  }

  /**
   * A chunk goes out with the packet that completes its audio, not one packet later: the
   * resampler's delay is taken out of the timeline (sample n is position n), so a packet's
   * converted audio ends 31 samples short of the packet's end, and the chunk boundaries are moved
   * back by as much. Without that, every chunk waited 20 ms for the next packet.
   */
  @Test
  void aChunkIsPublishedWithThePacketThatCompletesIt() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 5; i++) {
      feed(r, 0, 100 + i, 1000 + i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    assertThat(chunks).as("100 ms of 20 ms packets: the first chunk").hasSize(1);
    for (int i = 5; i < 10; i++) {
      feed(r, 0, 100 + i, 1000 + i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    assertThat(chunks).as("and the second, with the tenth packet").hasSize(2);
    // Its first sample, position 1569, was captured 1569 / 16 ms after the first packet's first
    // sample, which was 20 ms before that packet arrived (at 0 ms).
    assertThat(chunks.get(1).captureTimeMillis())
        .as("captured at its first sample")
        .isBetween(78L, 79L);
  }

  @Test
  void lossAndReorderingGiveACompleteTimelineWithTheLossConcealedAndCounted() {
    RtpIngress r = receiver(false, null, PCMU);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      if (i % 10 == 3) {
        continue; // 10% lost
      }
      order.add(i);
    }
    // And some reordered, once the stream is going: a stream's very first packet can only be
    // taken as its first, so one that arrives after it but belongs before it is late.
    int swapped = 0;
    for (int k = 5; k + 1 < order.size(); k += 7) {
      Collections.swap(order, k, k + 1);
      swapped++;
    }
    for (int i : order) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L + 5);
    }
    r.finish(3000 * MS);

    StreamStatistics st = r.statistics(3000 * MS);
    assertThat(st.packetsLost()).isEqualTo(10);
    assertThat(st.packetsReordered()).as("one per swapped pair").isEqualTo(swapped);
    assertThat(st.packetsLate()).isZero();
    assertThat(st.samplesPublished()).as("the whole 2 s timeline").isEqualTo(32000);
    assertThat(st.samplesConcealed()).isEqualTo(10 * 320);
    assertThat(st.completeness()).isEqualTo(0.9);
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).startSample())
          .isEqualTo(chunks.get(i - 1).startSample() + chunks.get(i - 1).samples());
    }
  }

  /** G.711 Appendix I concealment, not silence: the tone goes on through a lost packet. */
  @Test
  void aLostG711PacketIsConcealedWithTheToneNotSilence() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 50; i++) {
      if (i != 20
          && i
              != 21) { // two in a row: the reorder buffer declares them lost after three newer ones
        feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
      }
    }
    r.finish(1000 * MS);
    StreamStatistics st = r.statistics(1000 * MS);
    assertThat(st.samplesConcealed()).isEqualTo(2 * 320);
    short[] out = pcm(chunks);
    short[] lost =
        Arrays.copyOfRange(out, 20 * 320, 21 * 320); // full level for 10 ms, then down to 0.8
    assertThat(Tones.power(lost, 16000, 1000))
        .as("1 kHz in the first lost packet")
        .isGreaterThan(0.5 * Tones.power(Arrays.copyOfRange(out, 10 * 320, 11 * 320), 16000, 1000));
  }

  @Test
  void aCodecChangeMidCallGoesOnAtTheSameRate() {
    RtpIngress r = receiver(false, null, PCMU, PCMA);
    for (int i = 0; i < 50; i++) {
      byte[] payload = new byte[160];
      Arrays.fill(payload, (byte) (i < 25 ? 0xff : 0xd5)); // silence in either law
      feed(r, i < 25 ? 0 : 8, i, i * 160L, 7, payload, i * 20L);
    }
    r.finish(1000 * MS);
    StreamStatistics st = r.statistics(1000 * MS);
    assertThat(st.packetsDecoded()).isEqualTo(50);
    assertThat(st.samplesPublished()).isEqualTo(16000);
  }

  /**
   * Each payload type has its own resampler, so a switch ends one run (its filter drained) and
   * starts another: the audio stays where it belongs on both sides, nothing missing, nothing twice.
   * Compared with the tone computed at 16 kHz (the mu-law tone's own phase), a window on each side
   * of the switch agrees to mu-law's quantisation; a run placed a few samples off would not (at 1
   * kHz a sample is a sixteenth of a cycle: about 8 dB).
   */
  @Test
  void aPayloadTypeSwitchKeepsTheAudioOnTheTimeline() {
    PayloadFormat pcmuDynamic = new PayloadFormat(96, AudioEncoding.PCMU, 8000, 1, "");
    RtpIngress r = receiver(false, null, PCMU, pcmuDynamic);
    for (int i = 0; i < 50; i++) {
      feed(r, i < 25 ? 0 : 96, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.finish(1000 * MS);
    short[] out = pcm(chunks);
    assertThat(out).hasSize(16000);
    int margin = 64; // the new filter starts from silence: its first outputs are a transient
    for (int[] window : new int[][] {{2000, 8000 - margin}, {8000 + margin, 15000}}) {
      double signal = 0;
      double noise = 0;
      for (int i = window[0]; i < window[1]; i++) {
        double expected = 8000 * Math.sin(2 * Math.PI * 1000 * i / 16000.0);
        signal += expected * expected;
        noise += (expected - out[i]) * (expected - out[i]);
      }
      assertThat(10 * Math.log10(signal / noise))
          .as("SNR in %s, dB", Arrays.toString(window))
          .isGreaterThan(30);
    }
    // The old run's last samples came out of its filter when it ended (drained), not as silence.
    double tail = 0;
    for (int i = 8000 - 16; i < 8000; i++) {
      tail += (double) out[i] * out[i];
    }
    assertThat(Math.sqrt(tail / 16)).as("RMS of the 1 ms before the switch").isGreaterThan(2000);
  }

  /**
   * An outage longer than concealment covers ends one run and starts another: the audio before it
   * is drained to its very end, the audio after it starts at its own position, and both are where
   * the tone says they are.
   */
  @Test
  void aGapEndsTheAudioBeforeItWhereItEndsAndStartsTheNextOnTime() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 150; i++) {
      if (i < 25 || i >= 125) { // 2 s never arrive
        feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
      }
    }
    r.finish(3000 * MS);
    long before = 0;
    long after = 0;
    for (AudioChunk c : chunks) {
      if (c.startSample() < 8000) {
        assertThat(c.startSample() + c.samples())
            .as("chunk before the gap")
            .isLessThanOrEqualTo(8000);
        before += c.samples();
      } else {
        assertThat(c.startSample()).as("chunk after the gap").isGreaterThanOrEqualTo(125 * 320);
        after += c.samples();
      }
    }
    assertThat(before).as("samples before the gap").isEqualTo(8000);
    assertThat(after).as("samples after it").isEqualTo(8000);
    for (AudioChunk c : chunks) {
      short[] pcm = pcm(List.of(c));
      double signal = 0;
      double noise = 0;
      for (int i = 0; i < pcm.length; i++) {
        long at = c.startSample() + i;
        if (Math.abs(at - 0) < 64
            || Math.abs(at - 8000) < 64
            || Math.abs(at - 40000) < 64
            || Math.abs(at - 48000) < 64) {
          continue; // where a run starts from silence or drains into it: the filter's edge
        }
        double expected = 8000 * Math.sin(2 * Math.PI * 1000 * at / 16000.0);
        signal += expected * expected;
        noise += (expected - pcm[i]) * (expected - pcm[i]);
      }
      assertThat(10 * Math.log10(signal / noise))
          .as("SNR of the chunk at %d, dB", c.startSample())
          .isGreaterThan(30);
    }
  }

  @Test
  void dtmfIsReportedOnceAndCanBeBlanked() {
    RtpIngress r = receiver(true, null, PCMU, EVENTS);
    int seq = 0;
    for (int i = 0; i < 50; i++) {
      feed(r, 0, seq++, i * 160L, 7, toneMuLaw(i), i * 20L);
      if (i >= 10 && i < 20) {
        // key '5' began at packet 10's timestamp; 160 samples more each packet; E bit at the end
        // (x3)
        boolean end = i == 19;
        int duration = (i - 9) * 160;
        byte[] ev = {5, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
        int copies = end ? 3 : 1;
        for (int c = 0; c < copies; c++) {
          feed(r, 101, seq++, 10 * 160L, 7, ev, i * 20L + 1);
        }
      }
    }
    r.finish(1000 * MS);

    assertThat(events).containsExactly("dtmf 5 200ms at 3200");
    assertThat(r.statistics(1000 * MS).dtmfEvents()).isEqualTo(1);
    short[] out = pcm(chunks);
    // The key press (3200..6400 at 16 kHz, plus a margin) is silence; the tone before it is not.
    assertThat(Arrays.copyOfRange(out, 3300, 6300)).containsOnly((short) 0);
    assertThat(Tones.power(Arrays.copyOfRange(out, 800, 3000), 16000, 1000)).isGreaterThan(1000);
  }

  @Test
  void signalledSilenceIsFilledWithComfortNoiseAndIsNotALoss() {
    RtpIngress r = receiver(false, null, PCMU, CN);
    for (int i = 0; i < 10; i++) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    feed(r, 13, 10, 10 * 160L, 7, new byte[] {60}, 200); // CN at -60 dBov, then 2 s of nothing
    for (int i = 110; i < 120; i++) {
      feed(r, 0, i - 99, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.finish(3000 * MS);

    StreamStatistics st = r.statistics(3000 * MS);
    assertThat(st.samplesComfortNoise()).isEqualTo((110 - 10) * 320);
    assertThat(st.samplesConcealed()).isZero();
    assertThat(st.completeness()).isEqualTo(1.0);
    short[] noise = Arrays.copyOfRange(pcm(chunks), 10 * 320 + 100, 100 * 320);
    double rms =
        Math.sqrt(
            Arrays.stream(toInts(noise)).mapToDouble(v -> (double) v * v).average().orElse(0));
    assertThat(rms).as("-60 dBov is about 23 linear").isBetween(10.0, 50.0);
  }

  @Test
  void aNewSsrcContinuesTheStream() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 25; i++) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    for (int i = 25; i < 50; i++) {
      feed(r, 0, 9000 + i, 555_555 + i * 160L, 8, toneMuLaw(i), i * 20L);
    }
    r.finish(1000 * MS);
    StreamStatistics st = r.statistics(1000 * MS);
    assertThat(st.ssrcChanges()).isEqualTo(1);
    assertThat(st.samplesPublished()).isEqualTo(16000);
  }

  @Test
  void duplicatesMalformedAndForeignPacketsAreCountedAndDropped() {
    RtpIngress r = receiver(false, null, PCMU);
    feed(r, 0, 1, 160, 7, toneMuLaw(1), 0);
    feed(r, 0, 1, 160, 7, toneMuLaw(1), 1);
    r.onDatagram(ByteBuffer.wrap(new byte[] {1, 2, 3}), SRC, 2 * MS, 2, false);
    r.onDatagram(
        RtpPackets.packet(0, 2, 320, 7, toneMuLaw(2)),
        new InetSocketAddress("203.0.113.9", 1),
        3 * MS,
        3,
        false);
    feed(r, 96, 3, 480, 7, new byte[10], 4);
    StreamStatistics st = r.statistics(5 * MS);
    assertThat(st.packetsDuplicate()).isEqualTo(1);
    assertThat(st.packetsMalformed()).isEqualTo(1);
    assertThat(st.packetsForeignSource()).isEqualTo(1);
    assertThat(st.packetsUnknownPayload()).isEqualTo(1);
    assertThat(st.packetsDecoded()).isEqualTo(1);
  }

  /**
   * Each way a packet can be dropped inside the server, once, between audio, DTMF and a pause:
   * every drop is counted under its stage and reason, and every packet received is in exactly one
   * of published, non-audio, paused or dropped.
   */
  @Test
  void everyPacketReceivedIsPublishedConsumedDiscardedOrDroppedWithAReason() {
    PayloadFormat g729 = new PayloadFormat(18, AudioEncoding.G729, 8000, 1, "");
    RtpIngress r = receiver(false, null, PCMU, EVENTS, g729);
    InetSocketAddress stranger = new InetSocketAddress("203.0.113.9", 1);
    int seq = 0;
    long at = 0;
    for (; seq < 10; seq++, at += 20) { // 10 published
      feed(r, 0, seq, seq * 160L, 7, toneMuLaw(seq), at);
    }
    feed(r, 0, 9, 9 * 160L, 7, toneMuLaw(9), at); // reorder.duplicate
    r.onDatagram(
        RtpPackets.packet(0, seq, seq * 160L, 7, toneMuLaw(seq)),
        SRC,
        at * MS,
        at,
        true); // truncated
    r.onDatagram(
        ByteBuffer.wrap(new byte[] {1, 2, 3}), SRC, at * MS, at, false); // ingress.malformed
    r.onDatagram(
        RtpPackets.packet(0, seq, seq * 160L, 7, toneMuLaw(seq)), stranger, at * MS, at, false);
    feed(r, 96, seq, seq * 160L, 7, new byte[160], at); // demux.unknown-payload-type
    feed(r, 0, seq, seq * 160L, 7, new byte[1600], at); // reorder.oversize
    feed(
        r,
        18,
        seq++,
        seq * 160L,
        7,
        new byte[7],
        at += 20); // decode.error: no G.729 frame is 7 bytes
    feed(r, 0, seq++, 0, 7, toneMuLaw(0), at += 20); // timeline.late: its timestamp is 200 ms back
    feed(
        r,
        101,
        seq++,
        seq * 160L,
        7,
        new byte[] {5, 0, 0, (byte) 160},
        at += 20); // non-audio (DTMF)
    int skipped = seq++; // never sent: declared lost once three newer ones are in
    for (int i = 0; i < 4; i++, seq++) { // 4 published
      feed(r, 0, seq, seq * 160L, 7, toneMuLaw(seq), at += 20);
    }
    feed(r, 0, skipped, skipped * 160L, 7, toneMuLaw(skipped), at); // reorder.late
    r.pause(at * MS);
    feed(r, 0, seq, seq * 160L, 7, toneMuLaw(seq), at += 20); // while paused
    r.resume(at * MS);
    r.finish(at * MS);
    feed(r, 0, ++seq, seq * 160L, 7, toneMuLaw(seq), at += 20); // ingress.after-end

    StreamStatistics st = r.statistics(at * MS);
    for (PacketDrop drop : PacketDrop.values()) {
      long expected = drop.reason().startsWith("srtp-") ? 0 : 1; // no SRTP on this stream
      assertThat(st.drops().count(drop)).as(drop.key()).isEqualTo(expected);
    }
    assertThat(st.packetsReceived()).isEqualTo(26);
    assertThat(st.packetsPublished()).isEqualTo(14);
    assertThat(st.packetsDecoded()).as("published, and the one decoded too late").isEqualTo(15);
    assertThat(st.packetsNonAudio()).isEqualTo(1);
    assertThat(st.packetsWhilePaused()).isEqualTo(1);
    assertThat(st.packetsDropped()).isEqualTo(10);
    assertThat(st.packetsLost()).as("lost before the server, not a drop").isEqualTo(1);
    assertThat(
            st.packetsPublished()
                + st.packetsNonAudio()
                + st.packetsWhilePaused()
                + st.packetsDropped())
        .isEqualTo(st.packetsReceived());
  }

  /**
   * The same stream as above, read stage by stage: each drop is counted by the stage that made it,
   * under its reason, the packet stages' drops are the statistics' drops, and what a stage hands on
   * is what the next one takes in.
   */
  @Test
  void aDropAtEachStageIsCountedThereUnderItsReason() {
    PayloadFormat g729 = new PayloadFormat(18, AudioEncoding.G729, 8000, 1, "");
    RtpIngress r = receiver(false, null, PCMU, EVENTS, g729);
    InetSocketAddress stranger = new InetSocketAddress("203.0.113.9", 1);
    int seq = 0;
    long at = 0;
    for (; seq < 10; seq++, at += 20) {
      feed(r, 0, seq, seq * 160L, 7, toneMuLaw(seq), at);
    }
    feed(r, 0, 9, 9 * 160L, 7, toneMuLaw(9), at); // reorder: duplicate
    r.onDatagram(
        RtpPackets.packet(0, seq, seq * 160L, 7, toneMuLaw(seq)),
        SRC,
        at * MS,
        at,
        true); // ingress
    r.onDatagram(
        ByteBuffer.wrap(new byte[] {1, 2, 3}), SRC, at * MS, at, false); // ingress: malformed
    r.onDatagram(
        RtpPackets.packet(0, seq, seq * 160L, 7, toneMuLaw(seq)), stranger, at * MS, at, false);
    feed(r, 96, seq, seq * 160L, 7, new byte[160], at); // demux: unknown payload type
    feed(r, 0, seq, seq * 160L, 7, new byte[1600], at); // reorder: oversize
    feed(r, 18, seq++, seq * 160L, 7, new byte[7], at += 20); // decode: error
    feed(r, 0, seq++, 0, 7, toneMuLaw(0), at += 20); // timeline: late
    feed(
        r, 101, seq++, seq * 160L, 7, new byte[] {5, 0, 0, (byte) 160}, at += 20); // dtmf: consumed
    int skipped = seq++;
    for (int i = 0; i < 4; i++, seq++) {
      feed(r, 0, seq, seq * 160L, 7, toneMuLaw(seq), at += 20);
    }
    feed(r, 0, skipped, skipped * 160L, 7, toneMuLaw(skipped), at); // reorder: late
    r.pause(at * MS);
    feed(r, 0, seq, seq * 160L, 7, toneMuLaw(seq), at += 20); // ingress: while paused
    r.resume(at * MS);
    r.finish(at * MS);
    feed(r, 0, ++seq, seq * 160L, 7, toneMuLaw(seq), at += 20); // ingress: after end

    StreamStatistics st = r.statistics(at * MS);
    Map<String, StageFigures> stage = new LinkedHashMap<>();
    st.stages().forEach(f -> stage.put(f.stage(), f));
    assertThat(stage.keySet())
        .containsExactly(
            "ingress",
            "reorder",
            "demux",
            "dtmf",
            "comfort-noise",
            "decode",
            "resample",
            "timeline",
            "chunk",
            "publish");
    for (PacketDrop drop : PacketDrop.values()) {
      assertThat(stage.get(drop.stage()).dropped(drop.reason()))
          .as(drop.key())
          .isEqualTo(st.drops().count(drop));
    }
    assertThat(stage.get("ingress").dropped())
        .containsExactly(
            Map.entry("truncated", 1L),
            Map.entry("malformed", 1L),
            Map.entry("srtp-authentication", 0L),
            Map.entry("srtp-unknown-mki", 0L),
            Map.entry("srtp-replay", 0L),
            Map.entry("srtp-key-expired", 0L),
            Map.entry("foreign-source", 1L),
            Map.entry("after-end", 1L));
    assertThat(stage.get("ingress").count("while-paused")).isEqualTo(1);
    assertThat(stage.get("reorder").dropped())
        .containsExactly(
            Map.entry("late", 1L), Map.entry("duplicate", 1L), Map.entry("oversize", 1L));
    assertThat(stage.get("reorder").count("lost")).isEqualTo(1);
    assertThat(stage.get("demux").dropped()).containsExactly(Map.entry("unknown-payload-type", 1L));
    assertThat(stage.get("decode").dropped()).containsExactly(Map.entry("error", 1L));
    assertThat(stage.get("timeline").dropped()).containsExactly(Map.entry("late", 1L));
    assertThat(stage.get("dtmf").in()).isEqualTo(1);
    assertThat(stage.get("dtmf").count("events")).isEqualTo(0); // the press never ended
    // What each stage hands on is what the next one takes in (the demux also takes the packet
    // of an unknown type from the ingress, before the reorder buffer).
    assertThat(stage.get("ingress").in()).isEqualTo(26);
    assertThat(
            stage.get("ingress").in()
                - stage.get("ingress").droppedTotal()
                - stage.get("ingress").count("while-paused"))
        .isEqualTo(stage.get("ingress").out());
    assertThat(stage.get("reorder").in()).isEqualTo(stage.get("ingress").out() - 1);
    assertThat(stage.get("reorder").in() - stage.get("reorder").droppedTotal())
        .isEqualTo(stage.get("reorder").out());
    assertThat(stage.get("demux").in()).isEqualTo(stage.get("reorder").out() + 1);
    assertThat(stage.get("demux").out())
        .isEqualTo(stage.get("dtmf").in() + stage.get("decode").in());
    assertThat(stage.get("decode").out()).isEqualTo(15).isEqualTo(stage.get("timeline").in());
    assertThat(stage.get("timeline").out()).isEqualTo(st.packetsPublished()).isEqualTo(14);
    // The timeline skips what a filter computes for before its run's start (31 samples a run).
    assertThat(stage.get("chunk").in())
        .isLessThan(stage.get("resample").out())
        .isGreaterThan(stage.get("resample").out() - 200);
    assertThat(stage.get("chunk").dropped("late"))
        .as("the late packet's samples")
        .isBetween(1L, 320L);
    assertThat(stage.get("chunk").out()).isEqualTo(st.samplesPublished());
    assertThat(stage.get("publish").in()).isEqualTo(st.chunksPublished()).isEqualTo(chunks.size());
    assertThat(stage.get("publish").count("samples")).isEqualTo(st.samplesPublished());
  }

  /**
   * Samples before the chunk being filled are dropped by the chunk stage, counted as late samples.
   */
  @Test
  void samplesBeforeTheChunkBeingFilledAreDroppedByTheChunkStage() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 10; i++) {
      feed(r, 0, 100 + i, 1000 + i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    assertThat(chunks).hasSize(2); // the second ended where the tenth packet's audio ends
    // Half a packet back: its first 80 ms at 8 kHz (160 at 16 kHz) precede the chunk being filled.
    feed(r, 0, 110, 1000 + 9 * 160L + 80, 7, toneMuLaw(10), 200L);
    StreamStatistics st = r.statistics(200 * MS);
    StageFigures chunk =
        st.stages().stream().filter(f -> f.stage().equals("chunk")).findFirst().orElseThrow();
    assertThat(chunk.dropped("late")).isEqualTo(160);
    assertThat(st.drops().count(PacketDrop.TIMELINE_LATE)).as("not wholly late: placed").isZero();
  }

  @Test
  void pausedStreamsCountButDoNotPublish() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 10; i++) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.pause(200 * MS);
    for (int i = 10; i < 20; i++) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.resume(1200 * MS);
    r.finish(1200 * MS);
    StreamStatistics st = r.statistics(1200 * MS);
    assertThat(st.packetsWhilePaused()).isEqualTo(10);
    assertThat(st.samplesPublished()).isEqualTo(10 * 320);
    assertThat(st.pausedMillis()).isEqualTo(1000);
  }

  /**
   * An SRC that goes on sending while the stream is paused: after the resume its sequence numbers
   * have moved on by the packets counted while paused, fewer than the reorder buffer holds. Those
   * were received, not lost.
   */
  @Test
  void packetsReceivedWhilePausedAreNotCountedAsLostAfterTheResume() {
    RtpIngress r = receiver(false, null, PCMU);
    for (int i = 0; i < 10; i++) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.pause(200 * MS);
    for (int i = 10; i < 15; i++) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.resume(300 * MS);
    for (int i = 15; i < 25; i++) {
      feed(r, 0, i, i * 160L, 7, toneMuLaw(i), i * 20L);
    }
    r.finish(500 * MS);
    StreamStatistics st = r.statistics(500 * MS);
    assertThat(st.packetsWhilePaused()).isEqualTo(5);
    assertThat(st.packetsLost()).isZero();
    assertThat(st.packetsPublished()).isEqualTo(20);
    assertThat(st.packetsReceived()).isEqualTo(25);
  }

  @Test
  void srtpIsDecryptedAndForgeriesAreCounted() {
    byte[] key = new byte[16];
    byte[] salt = new byte[14];
    Arrays.fill(key, (byte) 7);
    SrtpParameters keying = new SrtpParameters(SrtpParameters.AES_CM_128_HMAC_SHA1_80, key, salt);
    RtpIngress r = receiver(false, keying, PCMU);
    SrtpSender sender = new SrtpSender(key, salt, 10);
    for (int i = 0; i < 50; i++) {
      ByteBuffer p = sender.protect(RtpPackets.packet(0, i, i * 160L, 7, toneMuLaw(i)));
      if (i == 30) {
        p.put(20, (byte) ~p.get(20));
      }
      r.onDatagram(p, SRC, i * 20 * MS, i * 20L, false);
    }
    r.finish(1000 * MS);
    StreamStatistics st = r.statistics(1000 * MS);
    assertThat(st.srtpAuthFailures()).isEqualTo(1);
    assertThat(st.drops().count(PacketDrop.INGRESS_SRTP_AUTHENTICATION)).isEqualTo(1);
    assertThat(st.packetsDecoded()).isEqualTo(49);
    assertThat(st.packetsPublished() + st.packetsDropped()).isEqualTo(st.packetsReceived());
    assertThat(Tones.power(pcm(chunks), 16000, 1000))
        .isGreaterThan(1000 * Tones.power(pcm(chunks), 16000, 3000));
  }

  @Test
  void eachSrtpRefusalIsCountedUnderItsReason() {
    byte[] a = new byte[30];
    byte[] b = new byte[30];
    Arrays.fill(a, (byte) 7);
    Arrays.fill(b, (byte) 9);
    // Two keys named by 1-octet MKIs; the first may protect 5 packets.
    SrtpParameters keying =
        new SrtpParameters(
            SrtpSuite.AES_CM_128_HMAC_SHA1_80,
            List.of(
                new SrtpMasterKey(
                    Arrays.copyOf(a, 16), Arrays.copyOfRange(a, 16, 30), 5, new byte[] {1}),
                new SrtpMasterKey(
                    Arrays.copyOf(b, 16), Arrays.copyOfRange(b, 16, 30), 100, new byte[] {2})),
            1,
            SrtpSessionParameters.DEFAULT);
    RtpIngress r = receiver(false, keying, PCMU);
    SrtpSender sender =
        SrtpSender.builder("AES_CM_128_HMAC_SHA1_80").mkiLength(1).key(a, 1).key(b, 2).build();
    SrtpSender stranger =
        SrtpSender.builder("AES_CM_128_HMAC_SHA1_80").mkiLength(1).key(b, 3).build();
    List<ByteBuffer> sent = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      if (i == 6) {
        sender.useKey(1);
      }
      sent.add(sender.protect(RtpPackets.packet(0, i, i * 160L, 7, toneMuLaw(i))));
    }
    for (int i = 0; i < 12; i++) {
      ByteBuffer p = sent.get(i);
      if (i == 8) {
        p.put(20, (byte) ~p.get(20)); // srtp-authentication
      }
      r.onDatagram(
          p,
          SRC,
          i * 20 * MS,
          i * 20L,
          false); // packet 5 is the first key's sixth: srtp-key-expired
    }
    r.onDatagram(
        stranger.protect(RtpPackets.packet(0, 12, 12 * 160L, 7, toneMuLaw(12))),
        SRC,
        240 * MS,
        240,
        false);
    ByteBuffer again = sender.protect(RtpPackets.packet(0, 11, 11 * 160L, 7, toneMuLaw(11)));
    r.onDatagram(again, SRC, 260 * MS, 260, false); // srtp-replay
    r.finish(1000 * MS);

    StreamStatistics st = r.statistics(1000 * MS);
    assertThat(st.drops().count(PacketDrop.INGRESS_SRTP_AUTHENTICATION)).isEqualTo(1);
    assertThat(st.drops().count(PacketDrop.INGRESS_SRTP_KEY_EXPIRED)).isEqualTo(1);
    assertThat(st.drops().count(PacketDrop.INGRESS_SRTP_UNKNOWN_MKI)).isEqualTo(1);
    assertThat(st.drops().count(PacketDrop.INGRESS_SRTP_REPLAY)).isEqualTo(1);
    assertThat(st.packetsReceived()).isEqualTo(14);
    assertThat(
            st.packetsPublished()
                + st.packetsNonAudio()
                + st.packetsWhilePaused()
                + st.packetsDropped())
        .isEqualTo(st.packetsReceived());
    assertThat(st.packetsDecoded()).isEqualTo(10);
  }

  @Test
  void aStreamThatStopsWithoutSignallingIsReportedSilentThenActive() {
    RtpIngress r = receiver(false, null, PCMU);
    feed(r, 0, 1, 160, 7, toneMuLaw(1), 0);
    r.checkSilence(3000 * MS, 5000 * MS);
    r.checkSilence(6000 * MS, 5000 * MS);
    r.checkSilence(7000 * MS, 5000 * MS);
    feed(r, 0, 2, 320, 7, toneMuLaw(2), 7100);
    assertThat(events).containsExactly("silent", "active");
  }

  private static int[] toInts(short[] s) {
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i];
    }
    return out;
  }

  /** G.711 mu-law compression, for building test packets. */
  static byte linearToMuLaw(int sample) {
    int sign = sample < 0 ? 0x80 : 0;
    int magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
    int exponent = 7;
    for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
      exponent--;
    }
    int mantissa = (magnitude >> (exponent + 3)) & 0x0f;
    return (byte) ~(sign | exponent << 4 | mantissa);
  }
}
