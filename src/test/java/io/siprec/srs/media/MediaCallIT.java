package io.siprec.srs.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.OggOpus;
import io.siprec.srs.testsupport.PacedRtpSender;
import io.siprec.srs.testsupport.PcmMatch;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.SdesOffers;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.SrtpSender;
import io.siprec.srs.testsupport.Tones;
import io.siprec.srs.testsupport.UdpSockets;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One SIPREC call per codec through the packaged server: SIPp places the call, our paced sender
 * streams both legs from codec fixture files (src/test/resources/media/README.md), and the PCM a
 * JMS consumer receives is compared with a native decoder's output of the same file (ffmpeg,
 * bcg729, opusdec). Nothing of ours touches the reference: where the server publishes at the
 * codec's own rate (G.711 and G.729 on a server publishing 8 kHz, G.722 on one publishing 16 kHz)
 * the comparison is sample for sample; Opus, decoded at 48 kHz, is compared with opusdec's output
 * brought to 16 kHz by sox. Then SRTP calls (the two AES-CM-128 tags; RFC 4568's forms with MKIs,
 * lifetimes, several lines, a key rollover, AES-256 and AES-GCM, sent by a test sender that
 * SrtpSenderTest holds to libsrtp's octets), and a call with 10% loss and reordering.
 */
class MediaCallIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int RATE = 16000;

  /** Every fixture leg is 4 s: 200 packets of 20 ms. */
  private static final int PACKETS = 200;

  /** Publishes at 16 kHz, with the stereo mix. */
  private static Target wideband;

  /** Publishes at 8 kHz: G.711 and G.729 reach the consumer as decoded, no resampler between. */
  private static Target narrowband;

  /** A server under test and a consumer of its feed. */
  private record Target(SrsServerProcess server, JmsProbe jms, int rate) {
    static Target start(String name, int rate) {
      SrsServerProcess server =
          SrsServerProcess.named(name)
              .env("SRS_AUDIO_STEREO_MIX", "true")
              .env("SRS_AUDIO_SAMPLE_RATE", String.valueOf(rate))
              // A call a failed test leaves up (SIPp gone without BYE) ends on its own.
              .env("SRS_SESSIONS_IDLE_TIMEOUT_SECONDS", "5")
              .start();
      return new Target(server, JmsProbe.loggedIn(server.consumerLogin()), rate);
    }

    void stop() {
      jms.close();
      assertThat(server.terminate(Duration.ofSeconds(40))).isZero();
    }
  }

  @BeforeAll
  static void startServers() {
    wideband = Target.start("media-call", RATE);
    narrowband = Target.start("media-call-8k", 8000);
  }

  @AfterAll
  static void stopServers() {
    if (wideband != null) {
      wideband.stop();
    }
    if (narrowband != null) {
      narrowband.stop();
    }
  }

  /** The offer's per-codec lines, and how each leg is sent. */
  private record Offer(
      String proto, int pt, String rtpmap, String fmtp, String crypto1, String crypto2) {
    static Offer plain(int pt, String rtpmap, String fmtp) {
      return new Offer("RTP/AVP", pt, rtpmap, fmtp, "a=sendonly", "a=sendonly");
    }
  }

  /** What one call delivered, per leg. */
  private record Delivered(
      String sessionId,
      String answer,
      short[] leg1,
      short[] leg2,
      JsonObject stats1,
      JsonObject stats2,
      RtpPlan plan1,
      RtpPlan plan2) {}

  @Test
  void g711MuLawAndALawAreBitExactWithFfmpeg() throws Exception {
    Delivered d =
        call(
            narrowband,
            Offer.plain(0, "PCMU/8000", "a=silenceSupp:off - - - -"),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS),
            null,
            null);
    assertExact("PCMU", reference("media/leg1_1khz.ulaw.ffmpeg.s16le"), d.leg1(), 160);
    assertComplete(d.stats1(), d.plan1());

    d =
        call(
            narrowband,
            Offer.plain(8, "PCMA/8000", "a=silenceSupp:off - - - -"),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg2_440hz.alaw"), 8, PACKETS),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg2_440hz.alaw"), 8, PACKETS),
            null,
            null);
    assertExact("PCMA", reference("media/leg2_440hz.alaw.ffmpeg.s16le"), d.leg2(), 160);
    assertComplete(d.stats1(), d.plan1());
    assertComplete(d.stats2(), d.plan2());
  }

  @Test
  void g711PublishedAt16kHzFollowsAnIndependentResampleOfFfmpegsDecode() throws Exception {
    Delivered d =
        call(
            wideband,
            Offer.plain(0, "PCMU/8000", "a=silenceSupp:off - - - -"),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS),
            null,
            null);
    short[] ref = reference("media/leg1_1khz.ulaw.ffmpeg.sox16k.s16le");
    for (short[] out : List.of(d.leg1(), d.leg2())) {
      PcmMatch m = PcmMatch.best(ref, out, 320, out.length - 640, 48);
      System.out.printf(
          "[MediaCallIT] PCMU at 16 kHz: %.1f dB SNR vs ffmpeg's decode brought to 16 kHz by sox, "
              + "over %d samples, lag %d (%.2f ms)%n",
          m.snrDb(), m.compared(), m.lag(), m.lag() / 16.0);
      assertThat(m.snrDb()).isGreaterThanOrEqualTo(60.0);
      // The resampler's delay (31 samples) is taken out: sample n is the call's position n.
      assertThat(m.lag()).as("lag behind the independent decode, in samples").isZero();
      assertThat(out.length).as("the whole leg, to its last sample").isEqualTo(PACKETS * 320);
    }
    assertComplete(d.stats1(), d.plan1());
    assertComplete(d.stats2(), d.plan2());
  }

  @Test
  void g722IsBitExactWithFfmpeg() throws Exception {
    Delivered d =
        call(
            wideband,
            Offer.plain(9, "G722/8000", "a=silenceSupp:off - - - -"),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("media/leg1_1khz.g722"), 9, PACKETS),
            RtpPlan.everyTwentyMillis(Fixtures.bytes("media/leg2_440hz.g722"), 9, PACKETS),
            null,
            null);
    assertExact("G.722 leg 1", reference("media/leg1_1khz.g722.ffmpeg.s16le"), d.leg1(), 320);
    assertExact("G.722 leg 2", reference("media/leg2_440hz.g722.ffmpeg.s16le"), d.leg2(), 320);
    assertComplete(d.stats1(), d.plan1());
    assertComplete(d.stats2(), d.plan2());
  }

  @Test
  void g729WithAnnexBSilenceIsWithinTwentyDecibelsOfBcg729() throws Exception {
    byte[] dtxFrames = Fixtures.bytes("media/leg2_440hz_dtx.g729.frames");
    Delivered d =
        call(
            narrowband,
            Offer.plain(18, "G729/8000", "a=fmtp:18 annexb=yes"),
            RtpPlan.g729(Fixtures.bytes("media/leg1_1khz.g729.frames"), 18),
            RtpPlan.g729(dtxFrames, 18),
            null,
            null);

    short[] ref1 = reference("media/leg1_1khz.g729.bcg729.s16le");
    PcmMatch m1 = PcmMatch.best(ref1, d.leg1(), 160, d.leg1().length - 160, 4);
    System.out.printf(
        "[MediaCallIT] G.729 leg 1: %.1f dB SNR vs bcg729 over %d samples (lag %d)%n",
        m1.snrDb(), m1.compared(), m1.lag());
    assertThat(m1.snrDb()).isGreaterThanOrEqualTo(20.0);
    assertComplete(d.stats1(), d.plan1());

    // Leg 2 has SID frames and untransmitted stretches: speech is compared where it has run for
    // a while, the comfort noise by its level, and the silence counts as received audio.
    short[] ref2 = reference("media/leg2_440hz_dtx.g729.bcg729.s16le");
    int[] kinds = frameKinds(dtxFrames);
    double signal = 0;
    double noise = 0;
    double cnOurs = 0;
    double cnTheirs = 0;
    int run = 0;
    for (int f = 0; f < kinds.length; f++) {
      run = kinds[f] == 10 ? run + 1 : 0;
      for (int s = f * 80; s < f * 80 + 80 && s < d.leg2().length && s < ref2.length; s++) {
        double r = ref2[s];
        if (run > 3) {
          signal += r * r;
          noise += (r - d.leg2()[s]) * (r - d.leg2()[s]);
        } else if (kinds[f] != 10) {
          cnTheirs += r * r;
          cnOurs += (double) d.leg2()[s] * d.leg2()[s];
        }
      }
    }
    double snr2 = 10 * Math.log10(signal / noise);
    double cnDb = 10 * Math.log10(cnOurs / cnTheirs);
    System.out.printf(
        "[MediaCallIT] G.729B leg 2: speech %.1f dB SNR vs bcg729, comfort noise %+.1f dB from "
            + "bcg729's level, %d samples of comfort noise%n",
        snr2, cnDb, d.stats2().getJsonNumber("samplesComfortNoise").longValue());
    assertThat(snr2).isGreaterThanOrEqualTo(20.0);
    assertThat(cnDb).isBetween(-6.0, 6.0);
    assertThat(d.stats2().getJsonNumber("samplesComfortNoise").longValue()).isPositive();
    assertThat(d.stats2().getJsonNumber("completeness").doubleValue()).isEqualTo(1.0);
    assertThat(d.leg2().length).isBetween(PACKETS * 160 - 800, PACKETS * 160);
  }

  @Test
  void opusFollowsOpusdecBroughtTo16kHzBySox() throws Exception {
    OggOpus leg1 = OggOpus.read(Fixtures.bytes("media/leg1_1khz.opus"));
    OggOpus leg2 = OggOpus.read(Fixtures.bytes("media/leg2_440hz.opus"));
    Delivered d =
        call(
            wideband,
            Offer.plain(111, "opus/48000/2", "a=fmtp:111 useinbandfec=1"),
            RtpPlan.opus(leg1, 111),
            RtpPlan.opus(leg2, 111),
            null,
            null);
    // opusdec drops the encoder's pre-skip; we publish it (it is on the RTP timeline): a lag of
    // exactly the pre-skip, our resampler's own delay being taken out.
    for (int leg = 1; leg <= 2; leg++) {
      short[] ref =
          reference(
              leg == 1
                  ? "media/leg1_1khz.opusdec.sox16k.s16le"
                  : "media/leg2_440hz.opusdec.sox16k.s16le");
      short[] out = leg == 1 ? d.leg1() : d.leg2();
      int preSkip = (leg == 1 ? leg1 : leg2).preSkip() / 3;
      // Near the pre-skip only: a tone aligns again every period.
      PcmMatch m = PcmMatch.bestAround(ref, out, 1600, out.length - 1600, preSkip, 8);
      System.out.printf(
          "[MediaCallIT] Opus leg %d: %.1f dB SNR vs opusdec (brought to 16 kHz by sox) over %d samples, "
              + "lag %d%n",
          leg, m.snrDb(), m.compared(), m.lag());
      // Was 23.7 dB, from our 48 to 16 kHz decimator's delay of 5 1/6 samples: at the best
      // whole-sample alignment the tone was a sixth of a sample off sox's delay-free resample.
      // Its delay is now a whole 20 samples, taken out (RtpIngressAlignmentTest: 71.9 dB).
      assertThat(m.snrDb()).isGreaterThanOrEqualTo(40.0);
      assertThat(m.lag()).as("lag behind opusdec: the pre-skip, at 16 kHz").isEqualTo(preSkip);
    }
    assertComplete(d.stats1(), d.plan1());
    assertComplete(d.stats2(), d.plan2());
  }

  @Test
  void srtpWithBothTagLengthsIsDecryptedAndAnsweredWithOurOwnKeys() throws Exception {
    byte[] key1 = material(1);
    byte[] key2 = material(2);
    Offer offer =
        new Offer(
            "RTP/SAVP",
            0,
            "PCMU/8000",
            "a=silenceSupp:off - - - -",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(key1),
            "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:"
                + Base64.getEncoder().encodeToString(key2));
    byte[] ulaw = Fixtures.bytes("sipp/audio/leg1_1khz.ulaw");
    Delivered d =
        call(
            narrowband,
            offer,
            RtpPlan.everyTwentyMillis(ulaw, 0, PACKETS),
            RtpPlan.everyTwentyMillis(ulaw, 0, PACKETS),
            new SrtpSender(Arrays.copyOf(key1, 16), Arrays.copyOfRange(key1, 16, 30), 10),
            new SrtpSender(Arrays.copyOf(key2, 16), Arrays.copyOfRange(key2, 16, 30), 4));
    short[] ref = reference("media/leg1_1khz.ulaw.ffmpeg.s16le");
    assertExact("SRTP _80", ref, d.leg1(), 160);
    assertExact("SRTP _32", ref, d.leg2(), 160);
    assertComplete(d.stats1(), d.plan1());
    assertComplete(d.stats2(), d.plan2());
    for (JsonObject stats : List.of(d.stats1(), d.stats2())) {
      assertThat(stats.getJsonNumber("srtpAuthFailures").longValue()).isZero();
    }
    // The answer carries a crypto line per stream with the suite offered and a key of ours.
    List<String> crypto = d.answer().lines().filter(l -> l.startsWith("a=crypto:")).toList();
    assertThat(crypto).hasSize(2);
    assertThat(crypto.get(0))
        .startsWith("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:")
        .doesNotContain(Base64.getEncoder().encodeToString(key1));
    assertThat(crypto.get(1))
        .startsWith("a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:")
        .doesNotContain(Base64.getEncoder().encodeToString(key2));
    assertThat(d.answer()).contains("RTP/SAVP");
  }

  @Test
  void srtpInTheRfc4568FormsWithMkisLifetimesSeveralLinesAndAKeyRolloverIsDecrypted()
      throws Exception {
    // Leg 1 in RFC 4568 §7.1.5's shape: an F8 line first (we do not do F8), then AES-256 with two
    // keys named by 4-octet MKIs, a decimal and a 2^n lifetime, FEC_ORDER; the SRC rolls over to
    // the second key after 100 packets, the first key's whole lifetime. Leg 2: AES-GCM in the
    // RFC's |2^31|1:32 form (a 32-octet MKI in every packet), UNENCRYPTED_SRTCP, KDR and WSH.
    String line1 =
        "2 AES_256_CM_HMAC_SHA1_80 inline:"
            + b64(material(3, 46))
            + "|100|1:4;inline:"
            + b64(material(4, 46))
            + "|2^20|2:4 FEC_ORDER=FEC_SRTP";
    String line2 =
        "1 AEAD_AES_128_GCM inline:"
            + b64(material(5, 28))
            + "|2^31|1:32 UNENCRYPTED_SRTCP KDR=5 WSH=512";
    Offer offer =
        new Offer(
            "RTP/SAVP",
            0,
            "PCMU/8000",
            "a=silenceSupp:off - - - -",
            String.join(
                "\r\n",
                "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" + b64(material(6, 30)) + "|2^20|1:4",
                "a=crypto:" + line1,
                "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + b64(material(7, 30))),
            "a=crypto:" + line2);
    byte[] ulaw = Fixtures.bytes("sipp/audio/leg1_1khz.ulaw");
    Delivered d =
        call(
            narrowband,
            offer,
            RtpPlan.everyTwentyMillis(ulaw, 0, PACKETS),
            RtpPlan.everyTwentyMillis(ulaw, 0, PACKETS),
            SdesOffers.sender(line1).rollOverAfter(100),
            SdesOffers.sender(line2));
    short[] ref = reference("media/leg1_1khz.ulaw.ffmpeg.s16le");
    assertExact("SRTP AES-256, two keys by MKI", ref, d.leg1(), 160);
    assertExact("SRTP AES-GCM, 32-octet MKI, KDR", ref, d.leg2(), 160);
    for (int leg = 1; leg <= 2; leg++) {
      JsonObject stats = leg == 1 ? d.stats1() : d.stats2();
      assertComplete(stats, leg == 1 ? d.plan1() : d.plan2());
      JsonObject drops = stats.getJsonObject("drops");
      for (String reason :
          List.of("srtp-authentication", "srtp-unknown-mki", "srtp-replay", "srtp-key-expired")) {
        assertThat(drops.getJsonNumber("ingress." + reason).longValue()).as(reason).isZero();
      }
    }
    // The answer takes the first line we can do (tag 2 on leg 1), with a key of ours of that
    // suite's length, and repeats the negotiated UNENCRYPTED_SRTCP, not the declarative KDR/WSH.
    List<String> crypto = d.answer().lines().filter(l -> l.startsWith("a=crypto:")).toList();
    assertThat(crypto).hasSize(2);
    assertThat(crypto.get(0))
        .matches("a=crypto:2 AES_256_CM_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{62}==");
    assertThat(crypto.get(1))
        .matches("a=crypto:1 AEAD_AES_128_GCM inline:[A-Za-z0-9+/]{38}== UNENCRYPTED_SRTCP");
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void tenPercentLossAndReorderingKeepTheTimelineAndCountTheConcealment() throws Exception {
    RtpPlan leg1 =
        RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS)
            .impaired(0.10, 0.05, 7);
    RtpPlan leg2 =
        RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS)
            .impaired(0.10, 0.05, 11);
    Delivered d =
        call(
            narrowband,
            Offer.plain(0, "PCMU/8000", "a=silenceSupp:off - - - -"),
            leg1,
            leg2,
            null,
            null);
    short[] ref = reference("media/leg1_1khz.ulaw.ffmpeg.s16le");
    for (int leg = 1; leg <= 2; leg++) {
      RtpPlan plan = leg == 1 ? leg1 : leg2;
      short[] out = leg == 1 ? d.leg1() : d.leg2();
      JsonObject stats = leg == 1 ? d.stats1() : d.stats2();
      // Audio that arrived sits exactly where it belongs: outside the concealed packets every
      // sample equals the undamaged reference, but for the first 8 ms after each loss: G.711
      // Appendix I concealment overlap-adds them with the synthesis it continues (4 ms plus 4 ms
      // per further 10 ms lost; every loss here is one packet of 20 ms).
      int compared = 0;
      int mismatches = 0;
      int blended = 0;
      int blendedDiffering = 0;
      for (int i = 0; i < Math.min(out.length, ref.length); i++) {
        int packet = i / 160;
        if (plan.dropped().contains(packet)) {
          continue;
        }
        if (plan.dropped().contains(packet - 1) && i % 160 < 64) {
          blended++;
          blendedDiffering += out[i] != ref[i] ? 1 : 0;
          continue;
        }
        compared++;
        if (out[i] != ref[i]) {
          mismatches++;
        }
      }
      System.out.printf(
          "[MediaCallIT] loss leg %d: %d of %d packets dropped, %d pairs swapped; stats lost %d, "
              + "reordered %d, late %d, concealed %d ms, completeness %.3f; %d samples away from the losses "
              + "compared, %d differ; %d overlap-added after a loss, %d of them differ%n",
          leg,
          plan.dropped().size(),
          PACKETS,
          plan.swapped(),
          stats.getJsonNumber("packetsLost").longValue(),
          stats.getJsonNumber("packetsReordered").longValue(),
          stats.getJsonNumber("packetsLate").longValue(),
          stats.getJsonNumber("concealedMs").longValue(),
          stats.getJsonNumber("completeness").doubleValue(),
          compared,
          mismatches,
          blended,
          blendedDiffering);
      assertThat(plan.dropped()).hasSize(PACKETS / 10);
      assertThat(plan.swapped()).isPositive();
      assertThat(out.length).as("the timeline covers the whole leg").isEqualTo(PACKETS * 160);
      assertThat(mismatches).isZero();
      assertThat(compared)
          .isEqualTo((PACKETS - plan.dropped().size()) * 160 - plan.dropped().size() * 64);
      assertThat(blendedDiffering).as("samples changed by the overlap-add").isPositive();
      // The concealment is the tone going on, not silence: the lost packets hold its energy.
      double concealedEnergy = 0;
      double referenceEnergy = 0;
      for (int packet : plan.dropped()) {
        for (int i = packet * 160;
            i < packet * 160 + 80;
            i++) { // its first 10 ms, not yet attenuated
          concealedEnergy += (double) out[i] * out[i];
          referenceEnergy += (double) ref[i] * ref[i];
        }
      }
      assertThat(concealedEnergy)
          .as("energy of the concealed packets' first 10 ms")
          .isGreaterThan(0.5 * referenceEnergy);
      assertThat(stats.getJsonNumber("packetsLost").longValue()).isEqualTo(plan.dropped().size());
      assertThat(stats.getJsonNumber("packetsReordered").longValue()).isEqualTo(plan.swapped());
      assertThat(stats.getJsonNumber("packetsLate").longValue()).isZero();
      assertThat(stats.getJsonNumber("samplesConcealed").longValue())
          .isEqualTo(plan.dropped().size() * 160L);
      assertThat(stats.getJsonNumber("completeness").doubleValue())
          .isCloseTo(1.0 - plan.dropped().size() / (double) PACKETS, Offset.offset(0.001));
      // The SRC's report counts the packets lost on the way as sent: RTCP locates the loss.
      assertThat(stats.getJsonObject("rtcp").getJsonNumber("srcPacketsSent").longValue())
          .isEqualTo(plan.packets().get(149).index() + 1);
    }
  }

  @Test
  void theStereoMixPutsTheLegsOnTheirOwnChannelsTimeAligned() throws Exception {
    // Both legs silent but for a 100 ms tone burst sent at the same moment on each: in the mix the
    // two bursts must start together.
    RtpPlan leg1 = burst(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 100);
    RtpPlan leg2 = burst(Fixtures.bytes("media/leg2_440hz.ulaw"), 100);
    Delivered d =
        call(
            wideband,
            Offer.plain(0, "PCMU/8000", "a=silenceSupp:off - - - -"),
            leg1,
            leg2,
            null,
            null);
    List<JmsProbe.Chunk> mix = wideband.jms().chunks(d.sessionId(), "mix");
    assertThat(mix).isNotEmpty();
    assertThat(mix)
        .allSatisfy(
            c -> {
              assertThat(c.channels()).isEqualTo(2);
              assertThat(c.leftStreams()).isEqualTo("1");
              assertThat(c.rightStreams()).isEqualTo("2");
              assertThat(c.groupId()).isEqualTo(d.sessionId() + "/mix");
            });
    assertThat(mix.get(mix.size() - 1).last()).isTrue();
    short[] interleaved = onTimeline(mix, 2);
    short[] left = new short[interleaved.length / 2];
    short[] right = new short[interleaved.length / 2];
    for (int i = 0; i < left.length; i++) {
      left[i] = interleaved[2 * i];
      right[i] = interleaved[2 * i + 1];
    }
    int onsetLeft = onset(left);
    int onsetRight = onset(right);
    System.out.printf(
        "[MediaCallIT] stereo mix: %d chunks; burst onset left %d, right %d (%.2f ms apart)%n",
        mix.size(), onsetLeft, onsetRight, Math.abs(onsetLeft - onsetRight) * 1000.0 / RATE);
    assertThat(Math.abs(onsetLeft - onsetRight))
        .as("frames between the two bursts")
        .isLessThanOrEqualTo(RATE / 500);
    short[] burstLeft = Arrays.copyOfRange(left, onsetLeft, onsetLeft + 1600);
    short[] burstRight = Arrays.copyOfRange(right, onsetRight, onsetRight + 1600);
    assertThat(Tones.power(burstLeft, RATE, 1000))
        .isGreaterThan(100 * Tones.power(burstLeft, RATE, 440));
    assertThat(Tones.power(burstRight, RATE, 440))
        .isGreaterThan(100 * Tones.power(burstRight, RATE, 1000));
  }

  /** 4 s of mu-law silence with 100 ms of the given audio from packet {@code at}. */
  private static RtpPlan burst(byte[] ulaw, int at) {
    byte[] audio = new byte[PACKETS * 160];
    Arrays.fill(audio, (byte) 0xFF);
    System.arraycopy(ulaw, 0, audio, at * 160, 800);
    return RtpPlan.everyTwentyMillis(audio, 0, PACKETS);
  }

  /** First frame louder than a quiet threshold. */
  private static int onset(short[] pcm) {
    for (int i = 0; i < pcm.length; i++) {
      if (Math.abs(pcm[i]) > 2000) {
        return i;
      }
    }
    throw new AssertionError("no burst");
  }

  // ---------------------------------------------------------------------------------------------

  private static Delivered call(
      Target target, Offer offer, RtpPlan plan1, RtpPlan plan2, SrtpSender srtp1, SrtpSender srtp2)
      throws Exception {
    SrsServerProcess server = target.server();
    JmsProbe jms = target.jms();
    AnsweredPort ports = AnsweredPort.create();
    int mark = jms.mark();
    Sipp sipp =
        Sipp.scenario("siprec_media_call.xml")
            .against(server)
            .set("portfile", ports.file())
            .key("proto", offer.proto())
            .key("pt", offer.pt())
            .key("rtpmap", offer.rtpmap())
            .key("fmtp", offer.fmtp())
            .key("crypto1", offer.crypto1())
            .key("crypto2", offer.crypto2())
            .start();
    int[] answered;
    long[] senderLateMillis = new long[2];
    try (PacedRtpSender leg1 = new PacedRtpSender(server.ports.peerMedia() + 6, 0x11111L, srtp1);
        PacedRtpSender leg2 = new PacedRtpSender(server.ports.peerMedia() + 8, 0x22222L, srtp2)) {
      answered = ports.awaitAll(Duration.ofSeconds(15));
      long start = System.nanoTime() + 20_000_000L; // both legs on one clock, as one SRC sends them
      CompletableFuture<Integer> sent1 =
          leg1.send(plan1, new InetSocketAddress("127.0.0.1", answered[0]), start);
      CompletableFuture<Integer> sent2 =
          leg2.send(plan2, new InetSocketAddress("127.0.0.1", answered[1]), start);
      assertThat(sent1.join()).isEqualTo(plan1.packets().size());
      assertThat(sent2.join()).isEqualTo(plan2.packets().size());
      senderLateMillis[0] = leg1.maxLateMillis();
      senderLateMillis[1] = leg2.maxLateMillis();
      assertThat(sipp.await()).as(sipp.report()).isZero();
    }
    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
    jms.awaitLastChunks(id, WAIT, "1", "2");
    // This call's own ports (RTP and RTCP of each leg): another test's leftovers are not ours to
    // judge.
    assertThat(UdpSockets.bound(answered[0], answered[0] + 1, answered[1], answered[1] + 1))
        .as("RTP and RTCP ports of this call released")
        .isZero();
    List<JmsProbe.Chunk> c1 = jms.chunks(id, "1");
    List<JmsProbe.Chunk> c2 = jms.chunks(id, "2");
    for (String label : List.of("1", "2")) {
      JsonObject rtcp = stats(ended, label).getJsonObject("rtcp");
      RtpPlan plan = label.equals("1") ? plan1 : plan2;
      assertThat(rtcp.getJsonNumber("senderReports").longValue())
          .as("RTCP SRs of leg " + label)
          .isEqualTo(plan.packets().size() / 50);
      assertThat(rtcp.getJsonNumber("malformed").longValue()).isZero();
      assertThat(rtcp.getJsonNumber("authFailures").longValue()).isZero();
      // Once the SRC's clock mapping is known, each chunk says when the SRC captured it; our
      // sender's clock is this machine's, so it agrees with the arrival-based capture time, within
      // what moves one and not the other: a swapped packet (20 ms) under the sender report and
      // under the chunk's first packet, our receive loop reading late (20 ms allowed), the
      // sender waking later for one than for the other, and 2 ms of whole-millisecond clocks.
      long lateMillis = senderLateMillis[label.equals("1") ? 0 : 1];
      long agreeWithin = 20 + 20 + 20 + lateMillis + 2;
      List<JmsProbe.Chunk> mapped =
          (label.equals("1") ? c1 : c2).stream().filter(c -> c.srcCaptureTime() >= 0).toList();
      assertThat(mapped).as("chunks with an SRC capture time, leg " + label).hasSizeGreaterThan(20);
      assertThat(mapped)
          .allSatisfy(
              c ->
                  assertThat(Math.abs(c.srcCaptureTime() - c.captureTime()))
                      .as(
                          "SRC vs arrival capture time of chunk %d (sender up to %d ms late)",
                          c.sequence(), lateMillis)
                      .isLessThanOrEqualTo(agreeWithin));
    }
    assertThat(c1).allSatisfy(c -> assertThat(c.sampleRate()).isEqualTo(target.rate()));
    assertThat(c2).allSatisfy(c -> assertThat(c.sampleRate()).isEqualTo(target.rate()));
    return new Delivered(
        id,
        answerSdp(sipp.messages()),
        onTimeline(c1),
        onTimeline(c2),
        stats(ended, "1"),
        stats(ended, "2"),
        plan1,
        plan2);
  }

  /** The chunks' samples placed at their timeline positions (holes stay zero). */
  private static short[] onTimeline(List<JmsProbe.Chunk> chunks) {
    return onTimeline(chunks, 1);
  }

  /** Likewise for interleaved chunks of {@code channels} channels. */
  private static short[] onTimeline(List<JmsProbe.Chunk> chunks, int channels) {
    long end = 0;
    for (JmsProbe.Chunk c : chunks) {
      end = Math.max(end, c.startSample() + c.samples());
    }
    short[] out = new short[(int) end * channels];
    for (JmsProbe.Chunk c : chunks) {
      short[] s = c.samplesArray();
      System.arraycopy(s, 0, out, (int) c.startSample() * channels, s.length);
    }
    return out;
  }

  private static JsonObject stats(JmsProbe.Event ended, String label) {
    for (JsonValue v : ended.json().getJsonObject("session").getJsonArray("streams")) {
      JsonObject stream = v.asJsonObject();
      if (stream.getString("label").equals(label)) {
        return stream.getJsonObject("statistics");
      }
    }
    throw new AssertionError("no stream " + label + " in " + ended.json());
  }

  /** The SDP of the 200 OK to the INVITE, from SIPp's message trace. */
  private static String answerSdp(String messages) {
    int ok = messages.indexOf("SIP/2.0 200");
    int sdp = messages.indexOf("v=0", ok);
    int end = messages.indexOf("-----------------", sdp);
    return messages.substring(sdp, end < 0 ? messages.length() : end);
  }

  /** A native decoder's output, as committed: 16-bit little-endian mono. */
  private static short[] reference(String resource) {
    return PcmMatch.s16le(Fixtures.bytes(resource));
  }

  /** Every published sample equals the reference decode at the same timeline position. */
  private static void assertExact(
      String what, short[] reference, short[] actual, int samplesPerPacket) {
    PcmMatch m = PcmMatch.at(reference, actual, 0, actual.length, 0);
    System.out.printf(
        "[MediaCallIT] %s: %d samples compared with the reference decode, %d differ%n",
        what, m.compared(), m.mismatches());
    assertThat(actual.length)
        .as(what + ": samples on the timeline")
        .isEqualTo(PACKETS * samplesPerPacket);
    assertThat(m.compared()).isEqualTo(PACKETS * samplesPerPacket);
    assertThat(m.mismatches()).as(what + ": samples differing from the reference").isZero();
  }

  /**
   * Every packet of the plan arrived, none lost or undecodable; the figures are judged by what we
   * sent.
   */
  private static void assertComplete(JsonObject stats, RtpPlan plan) {
    assertThat(stats.getJsonNumber("packetsReceived").longValue()).isEqualTo(plan.packets().size());
    assertThat(stats.getJsonNumber("packetsLost").longValue()).isZero();
    assertThat(stats.getJsonNumber("decodeErrors").longValue()).isZero();
    assertThat(stats.getJsonNumber("completeness").doubleValue()).isEqualTo(1.0);
    // The sender's last report (one each 50 packets) counted the packets sent up to it.
    int reported = plan.packets().size() / 50 * 50;
    JsonObject rtcp = stats.getJsonObject("rtcp");
    assertThat(rtcp.getJsonNumber("srcPacketsSent").longValue())
        .isEqualTo(plan.packets().get(reported - 1).index() + 1);
  }

  private static int[] frameKinds(byte[] frames) {
    List<Integer> kinds = new ArrayList<>();
    for (int at = 0; at < frames.length; at += 1 + frames[at]) {
      kinds.add((int) frames[at]);
    }
    // One entry per 10 ms frame: 80 samples at the published 8 kHz.
    return kinds.stream().mapToInt(Integer::intValue).toArray();
  }

  /** 30 bytes of SRTP master key and salt, different per leg. */
  private static byte[] material(int seed) {
    return material(seed, 30);
  }

  /** {@code octets} of SRTP master key and salt. */
  private static byte[] material(int seed, int octets) {
    byte[] m = new byte[octets];
    for (int i = 0; i < m.length; i++) {
      m[i] = (byte) (seed * 31 + i * 7);
    }
    return m;
  }
}
