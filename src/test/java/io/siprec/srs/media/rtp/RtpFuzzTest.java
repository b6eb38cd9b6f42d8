package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.Fuzzer;
import io.siprec.srs.testsupport.OggOpus;
import io.siprec.srs.testsupport.RtcpPackets;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.SrtpSender;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile RTP, RTCP and SRTP into a stream's whole receive path (validation, SRTP, latching,
 * reorder buffer, every decoder, DTMF, comfort noise, timeline, chunking) and the RTCP reader.
 * Nothing may throw: a bad packet is counted and dropped. The stream's counters must still add up.
 */
class RtpFuzzTest {
  private static final PayloadFormat[] FORMATS = {
      new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, ""),
      new PayloadFormat(8, AudioEncoding.PCMA, 8000, 1, ""),
      new PayloadFormat(9, AudioEncoding.G722, 8000, 1, ""),
      new PayloadFormat(18, AudioEncoding.G729, 8000, 1, "annexb=yes"),
      new PayloadFormat(111, AudioEncoding.OPUS, 48000, 2, "useinbandfec=1"),
      new PayloadFormat(101, AudioEncoding.TELEPHONE_EVENT, 8000, 1, "0-16"),
      new PayloadFormat(13, AudioEncoding.CN, 8000, 1, "")};
  private static final MediaEvents QUIET = new MediaEvents() {
    @Override
    public void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone) {}

    @Override
    public void silence(RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis) {}
  };
  private static final InetSocketAddress SRC = new InetSocketAddress("127.0.0.1", 40000);

  private static List<byte[]> packets(RtpPlan plan, int count) {
    List<byte[]> out = new ArrayList<>();
    for (RtpPlan.Packet p : plan.packets().subList(0, Math.min(count, plan.packets().size()))) {
      ByteBuffer b = RtpPackets.packet(plan.payloadType(), p.index() == 0, 100 + p.index(), p.timestampOffset(), 7,
          p.payload(), p.index() % 3, p.index() % 5 == 0 ? 2 : -1, p.index() % 7 == 0 ? 4 : 0);
      byte[] a = new byte[b.remaining()];
      b.get(a);
      out.add(a);
    }
    return out;
  }

  private static Fuzzer seeded(String name) {
    Fuzzer f = Fuzzer.named(name);
    List<byte[]> seeds = new ArrayList<>();
    seeds.addAll(packets(RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, 20), 20));
    seeds.addAll(packets(RtpPlan.everyTwentyMillis(Fixtures.bytes("media/leg1_1khz.g722"), 9, 20), 20));
    seeds.addAll(packets(RtpPlan.g729(Fixtures.bytes("media/leg2_440hz_dtx.g729.frames"), 18), 60));
    seeds.addAll(packets(RtpPlan.opus(OggOpus.read(Fixtures.bytes("media/leg1_1khz.opus")), 111), 20));
    seeds.add(RtpPackets.packet(101, 90, 1600, 7, new byte[] {5, 10, 0, (byte) 160}).array());
    seeds.add(RtpPackets.packet(13, 91, 1760, 7, new byte[] {40}).array());
    seeds.forEach(f::seed);
    return f;
  }

  @Test
  void hostileRtpIsCountedAndDroppedNeverThrown() {
    RtpStreamReceiver receiver = new RtpStreamReceiver(RecordingSessionId.random(), new StreamLabel("1"),
        List.of(FORMATS), new RtpStreamReceiver.Options(16000, 100, 3, true), chunk -> {}, QUIET, null, 0);
    long[] clock = {0};
    Fuzzer.Report report = seeded("rtp").tokens("\u0080", "\u00bf", "\u0090\u00ff").run(30000, 3L, packet -> {
      clock[0] += 5_000_000L;
      receiver.onDatagram(ByteBuffer.wrap(packet), SRC, clock[0], clock[0] / 1_000_000, false);
    });
    receiver.finish(clock[0]);
    StreamStatistics s = receiver.statistics(clock[0]);
    System.out.printf("[RtpFuzzTest] %d datagrams: %d decoded, %d malformed, %d unknown payload, %d decode errors, "
        + "%d lost, %d late, %d duplicates, %d SSRC changes%n", s.packetsReceived(), s.packetsDecoded(),
        s.packetsMalformed(), s.packetsUnknownPayload(), s.decodeErrors(), s.packetsLost(), s.packetsLate(),
        s.packetsDuplicate(), s.ssrcChanges());
    assertThat(s.packetsReceived()).isEqualTo(report.regressions() + report.inputs());
    assertThat(s.packetsMalformed()).isPositive();
    assertThat(s.packetsDecoded()).isPositive();
  }

  @Test
  void hostileSrtpAndSrtcpAreCountedAsAuthenticationFailures() {
    byte[] key = new byte[16];
    byte[] salt = new byte[14];
    java.util.Arrays.fill(key, (byte) 3);
    java.util.Arrays.fill(salt, (byte) 5);
    SrtpSender sender = new SrtpSender(key, salt, 10);
    Fuzzer f = Fuzzer.named("srtp");
    for (byte[] p : packets(RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, 30), 30)) {
      ByteBuffer plain = ByteBuffer.wrap(p);
      f.seed(toArray(sender.protect(plain)));
    }
    f.seed(toArray(sender.protectRtcp(RtcpPackets.senderReport(7, 1_700_000_000_000L, 0, 1, 160, null))));
    RtpStreamReceiver receiver = new RtpStreamReceiver(RecordingSessionId.random(), new StreamLabel("1"),
        List.of(FORMATS[0]), new RtpStreamReceiver.Options(16000, 100, 3, false), chunk -> {}, QUIET,
        new SrtpParameters("AES_CM_128_HMAC_SHA1_80", key, salt), 0);
    long[] clock = {0};
    f.run(20000, 5L, packet -> {
      clock[0] += 5_000_000L;
      receiver.onDatagram(ByteBuffer.wrap(packet), SRC, clock[0], clock[0] / 1_000_000, false);
      receiver.onRtcpDatagram(ByteBuffer.wrap(packet.clone()), false);
    });
    StreamStatistics s = receiver.statistics(clock[0]);
    assertThat(s.srtpAuthFailures()).isPositive();
    assertThat(s.rtcp().authFailures()).isPositive();
  }

  @Test
  void hostileRtcpIsCountedAsMalformedNeverThrown() {
    RtcpReader reader = new RtcpReader();
    Fuzzer.named("rtcp")
        .seed(toArray(RtcpPackets.senderReport(7, 1_700_000_000_000L, 1234, 50, 8000,
            new RtcpPackets.ReportBlock(9, 12, 3, 70000, 40))))
        .seed(toArray(RtcpPackets.receiverReport(7, new RtcpPackets.ReportBlock(9, 0, 0, 1, 1))))
        .seed(toArray(RtcpPackets.bye(7)))
        .run(20000, 9L, packet -> reader.read(ByteBuffer.wrap(packet)));
    assertThat(reader.figures(8000).malformed()).isPositive();
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
