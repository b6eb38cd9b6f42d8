package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.pipeline.StreamPipeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.OggOpus;
import io.siprec.srs.testsupport.PcmMatch;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.RtpPlan;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sample n of a stream is position n of its timeline (docs/media.md), whatever the codec and the
 * published rate: the resampler's delay is taken out. Each codec fixture goes through the stream
 * pipeline as RTP, and what it publishes is compared with an independent decoder's output of the
 * same file (ffmpeg for G.711 and G.722, bcg729 for G.729, opusdec for Opus), brought to the
 * published rate by sox (very high quality, linear phase: delay-free) where the rates differ: never
 * by our own resampler. The best alignment must be the codec's own: none, or for Opus the encoder's
 * pre-skip, which opusdec drops and the RTP timeline keeps. Fixtures:
 * src/test/resources/media/README.md and codec/opus/README.md.
 */
class RtpIngressAlignmentTest {
  private static final InetSocketAddress SRC = new InetSocketAddress("192.0.2.1", 40000);
  private static final MediaEvents NO_EVENTS =
      new MediaEvents() {
        @Override
        public void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone) {}

        @Override
        public void silence(
            RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis) {}
      };

  @ParameterizedTest(name = "{0} at {2} Hz against {3}")
  @CsvSource({
    // codec, fixture, published rate, reference, minimum SNR in dB
    "PCMU, sipp/audio/leg1_1khz.ulaw, 16000, media/leg1_1khz.ulaw.ffmpeg.sox16k.s16le, 60",
    "PCMU, sipp/audio/leg1_1khz.ulaw, 8000, media/leg1_1khz.ulaw.ffmpeg.s16le, 200",
    "G722, media/leg1_1khz.g722, 16000, media/leg1_1khz.g722.ffmpeg.s16le, 200",
    "G722, media/leg1_1khz.g722, 8000, media/leg1_1khz.g722.ffmpeg.sox8k.s16le, 60",
    "G729, media/leg1_1khz.g729.frames, 16000, media/leg1_1khz.g729.bcg729.sox16k.s16le, 20",
    "G729, media/leg1_1khz.g729.frames, 8000, media/leg1_1khz.g729.bcg729.s16le, 20",
    "OPUS, media/leg1_1khz.opus, 16000, media/leg1_1khz.opusdec.sox16k.s16le, 60",
    "OPUS, media/leg1_1khz.opus, 8000, media/leg1_1khz.opusdec.sox8k.s16le, 60",
    // Speech, full band: what differs is 7-8 kHz, where sox's transition band is not ours
    // (docs/media.md); everywhere below 7 kHz the two agree to about 78 dB.
    "OPUS, codec/opus/speech.opus, 16000, codec/opus/speech.opusdec.sox16k.s16le, 37"
  })
  void publishedAudioIsOnTheTimelineOfAnIndependentDecode(
      AudioEncoding codec, String fixture, int rate, String reference, double minimumSnr) {
    int preSkip = 0;
    RtpPlan plan;
    PayloadFormat format;
    switch (codec) {
      case OPUS -> {
        OggOpus ogg = OggOpus.read(Fixtures.bytes(fixture));
        preSkip = ogg.preSkip() * rate / 48000; // opusdec drops it; the RTP timeline keeps it
        plan = RtpPlan.opus(ogg, 111);
        format = new PayloadFormat(111, AudioEncoding.OPUS, 48000, 2, "");
      }
      case G729 -> {
        plan = RtpPlan.g729(Fixtures.bytes(fixture), 18);
        format = new PayloadFormat(18, AudioEncoding.G729, 8000, 1, "annexb=no");
      }
      default -> {
        byte[] audio = Fixtures.bytes(fixture);
        plan =
            RtpPlan.everyTwentyMillis(
                audio, codec == AudioEncoding.G722 ? 9 : 0, audio.length / 160);
        format = new PayloadFormat(plan.payloadType(), codec, 8000, 1, "");
      }
    }
    short[] published = publish(plan, format, rate);
    short[] ref = PcmMatch.s16le(Fixtures.bytes(reference));

    // A tenth of a second kept off each end: the reference's own edges (sox reads silence there).
    PcmMatch m =
        PcmMatch.best(
            ref,
            published,
            rate / 10 + preSkip,
            published.length - rate / 10,
            rate / 100 + preSkip);
    System.out.printf(
        "[RtpIngressAlignmentTest] %s at %d Hz: %.1f dB SNR against %s at lag %d "
            + "(expected %d), over %d samples%n",
        codec, rate, m.snrDb(), reference, m.lag(), preSkip, m.compared());
    assertThat(m.lag()).as("lag in samples").isEqualTo(preSkip);
    assertThat(m.snrDb()).as("SNR at that lag, dB").isGreaterThanOrEqualTo(minimumSnr);
    assertThat(published.length)
        .as("the timeline covers the stream to its end")
        .isEqualTo(plan.durationMillis(durationOfLast(plan, codec)) * rate / 1000);
  }

  /**
   * Opus speech at 16 kHz against libopus: the figure docs/media.md gives, with its chain. Our
   * chain: concentus at 48 kHz, our resampler to 16 kHz, the stream pipeline. The reference:
   * opusdec (libopus 1.3.1) at 48 kHz, sox (rate -v -L) to 16 kHz. Full band they differ in 7-8
   * kHz, where the two resamplers' transition bands lie (ours is flat to 7 kHz, -6 dB at 8 kHz;
   * sox's flat to about 7.6 kHz); below 7 kHz they agree to the decoders' own difference. With the
   * resampler as it was (-1.6 dB at 6 kHz, -4.4 dB at 7 kHz, a fractional delay) the figures were
   * 22.8 dB full band at the best whole-sample lag.
   */
  @org.junit.jupiter.api.Test
  void opusSpeechAgreesWithLibopusBelowSevenKilohertz() {
    OggOpus ogg = OggOpus.read(Fixtures.bytes("codec/opus/speech.opus"));
    short[] published =
        publish(
            RtpPlan.opus(ogg, 111),
            new PayloadFormat(111, AudioEncoding.OPUS, 48000, 2, ""),
            16000);
    short[] ref = PcmMatch.s16le(Fixtures.bytes("codec/opus/speech.opusdec.sox16k.s16le"));
    int lag = ogg.preSkip() / 3;
    int from = 1600 + lag;
    int to = Math.min(published.length, ref.length + lag) - 1600;
    short[] ours = Arrays.copyOfRange(published, from, to);
    short[] theirs = Arrays.copyOfRange(ref, from - lag, to - lag);
    double fullBand = snr(theirs, ours);
    double belowSeven = snr(lowPass(theirs, 7000.0 / 16000), lowPass(ours, 7000.0 / 16000));
    System.out.printf(
        "[RtpIngressAlignmentTest] Opus speech at 16 kHz against opusdec + sox: %.1f dB full band, "
            + "%.1f dB below 7 kHz, over %d samples at lag %d (the pre-skip)%n",
        fullBand, belowSeven, ours.length, lag);
    assertThat(fullBand).isGreaterThanOrEqualTo(37);
    assertThat(belowSeven).isGreaterThanOrEqualTo(70);
  }

  private static double snr(short[] reference, short[] actual) {
    return snr(toDoubles(reference), toDoubles(actual));
  }

  private static double snr(double[] reference, double[] actual) {
    double signal = 0;
    double noise = 0;
    // Away from the ends, where the low-pass reads past the signal.
    for (int i = 1000; i < reference.length - 1000; i++) {
      signal += reference[i] * reference[i];
      noise += (reference[i] - actual[i]) * (reference[i] - actual[i]);
    }
    return 10 * Math.log10(signal / noise);
  }

  private static double[] toDoubles(short[] s) {
    double[] d = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      d[i] = s[i];
    }
    return d;
  }

  /**
   * Zero-phase low-pass at {@code cutoff} (cycles per sample): a 1001-tap Blackman-windowed sinc,
   * whose transition is about 90 Hz wide at 16 kHz and stop band below -74 dB. Both signals go
   * through the same filter, so only what differs below the cut-off remains of their difference.
   */
  private static double[] lowPass(short[] s, double cutoff) {
    int half = 500;
    double[] h = new double[2 * half + 1];
    for (int k = -half; k <= half; k++) {
      double sinc = k == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
      double n = (k + half) / (2.0 * half);
      double window = 0.42 - 0.5 * Math.cos(2 * Math.PI * n) + 0.08 * Math.cos(4 * Math.PI * n);
      h[k + half] = sinc * window;
    }
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      double acc = 0;
      for (int k = -half; k <= half; k++) {
        int j = i - k;
        if (j >= 0 && j < s.length) {
          acc += h[k + half] * s[j];
        }
      }
      out[i] = acc;
    }
    return out;
  }

  /** Timestamp units of the plan's last packet. */
  private static int durationOfLast(RtpPlan plan, AudioEncoding codec) {
    byte[] last = plan.packets().get(plan.packets().size() - 1).payload();
    return switch (codec) {
      case OPUS -> opusSamples(last);
      case G729 -> last.length / 10 * 80;
      default -> last.length;
    };
  }

  private static int opusSamples(byte[] packet) {
    // Every packet of these fixtures is one 20 ms frame (opusenc --framesize 20).
    assertThat(packet[0] & 3).isZero();
    return 960;
  }

  /** The plan sent on time through one stream's pipeline; the published PCM on its timeline. */
  private static short[] publish(RtpPlan plan, PayloadFormat format, int rate) {
    List<AudioChunk> chunks = new ArrayList<>();
    RtpIngress r =
        new RtpIngress(
            RecordingSessionId.random(),
            new StreamLabel("1"),
            List.of(format),
            new StreamPipeline.Options(rate, 100, 3, false),
            chunks::add,
            NO_EVENTS,
            null,
            0);
    int seq = 1000;
    long lastMillis = 0;
    for (RtpPlan.Packet p : plan.packets()) {
      lastMillis = p.sendAtMillis() + 20;
      r.onDatagram(
          RtpPackets.packet(
              format.payloadType(), seq++, 5000 + p.timestampOffset(), 0x1234, p.payload()),
          SRC,
          lastMillis * 1_000_000L,
          lastMillis,
          false);
    }
    r.finish((lastMillis + 100) * 1_000_000L);
    long end = 0;
    for (AudioChunk c : chunks) {
      assertThat(c.sampleRate()).isEqualTo(rate);
      end = Math.max(end, c.startSample() + c.samples());
    }
    short[] out = new short[(int) end];
    for (AudioChunk c : chunks) {
      for (int i = 0; i < c.samples(); i++) {
        out[(int) c.startSample() + i] =
            (short) ((c.pcm()[2 * i] & 0xff) | (c.pcm()[2 * i + 1] << 8));
      }
    }
    return out;
  }
}
