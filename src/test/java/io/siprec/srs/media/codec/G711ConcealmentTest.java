package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.pipeline.Decoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link G711Concealment}, on signals whose continuation is known. */
class G711ConcealmentTest {

  /**
   * A voiced-speech-like signal: a fundamental of period {@code period} samples and harmonics
   * falling off, so its autocorrelation has one clear peak per period.
   */
  private static short[] voiced(double period, int samples, double amplitude) {
    short[] s = new short[samples];
    for (int n = 0; n < samples; n++) {
      double v = 0;
      for (int h = 1; h <= 6; h++) {
        v += Math.sin(2 * Math.PI * h * n / period + h * 0.7) / h;
      }
      s[n] = (short) Math.round(amplitude * v / 2);
    }
    return s;
  }

  /**
   * Like {@link #voiced} but as speech is: the pitch glides (from 100 to 130 Hz over {@code
   * samples}) and the level swells, so no two periods are the same and a repetition has seams.
   */
  private static short[] gliding(int samples, double amplitude) {
    short[] s = new short[samples];
    double phase = 0;
    for (int n = 0; n < samples; n++) {
      double f0 = 100 + 30.0 * n / samples;
      phase += 2 * Math.PI * f0 / 8000;
      double level = amplitude * (0.6 + 0.4 * Math.sin(2 * Math.PI * n / 3000.0));
      double v = 0;
      for (int h = 1; h <= 6; h++) {
        v += Math.sin(h * phase + h * 0.7) / h;
      }
      s[n] = (short) Math.round(level * v / 2);
    }
    return s;
  }

  /** Feeds {@code signal[0, until)} as 20 ms packets. */
  private static G711Concealment heard(short[] signal, int until) {
    G711Concealment plc = new G711Concealment();
    short[] copy = Arrays.copyOf(signal, until);
    for (int at = 0; at < until; at += 160) {
      plc.received(copy, at, Math.min(160, until - at));
    }
    return plc;
  }

  @ParameterizedTest(name = "period {0} samples")
  @ValueSource(ints = {40, 41, 57, 64, 80, 99, 100, 117, 120})
  void thePitchOfAPeriodicSignalIsItsPeriod(int period) {
    short[] history =
        Arrays.copyOfRange(voiced(period, 2000, 8000), 2000 - G711Concealment.HISTORY, 2000);
    assertThat(G711Concealment.estimatePitch(history)).isEqualTo(period);
  }

  @Test
  void aPeriodBetweenWholeSamplesIsEstimatedToTheNearest() {
    short[] history =
        Arrays.copyOfRange(voiced(72.4, 2000, 8000), 2000 - G711Concealment.HISTORY, 2000);
    assertThat(G711Concealment.estimatePitch(history)).isEqualTo(72);
  }

  @Test
  void theGainIsOneForTenMillisecondsThenFallsTwentyPercentPerTenToSilenceAtSixty() {
    assertThat(G711Concealment.gain(0)).isEqualTo(1f);
    assertThat(G711Concealment.gain(79)).isEqualTo(1f);
    assertThat(G711Concealment.gain(80)).isEqualTo(1f);
    assertThat(G711Concealment.gain(120)).isEqualTo(0.9f);
    assertThat(G711Concealment.gain(160)).isEqualTo(0.8f);
    assertThat(G711Concealment.gain(240)).isEqualTo(0.6f);
    assertThat(G711Concealment.gain(320)).isCloseTo(0.4f, Offset.offset(1e-6f));
    assertThat(G711Concealment.gain(400)).isCloseTo(0.2f, Offset.offset(1e-6f));
    assertThat(G711Concealment.gain(479)).isCloseTo(0.0025f, Offset.offset(1e-6f));
    assertThat(G711Concealment.gain(480)).isZero();
    assertThat(G711Concealment.gain(100_000)).isZero();
  }

  /**
   * A signal that repeats exactly (a whole number of samples per period) is continued exactly: the
   * concealment is the signal that was lost, times the attenuation schedule. So each of the three
   * stretches (one period repeated, two, three) and the schedule is in the output.
   */
  @ParameterizedTest(name = "period {0} samples")
  @ValueSource(ints = {40, 64, 100, 120})
  void aPeriodicSignalIsContinuedAndFadedOnSchedule(int period) {
    short[] signal = voiced(period, 4000, 8000);
    G711Concealment plc = heard(signal, 2400);
    short[] out = new short[800];
    plc.conceal(out, 0, 800);
    for (int t = 0; t < 800; t++) {
      double expected = G711Concealment.gain(t) * signal[2400 + t];
      assertThat((double) out[t])
          .as("sample %d of the loss", t)
          .isCloseTo(expected, Offset.offset(1.01));
    }
  }

  @Test
  void fromSixtyMillisecondsTheConcealmentIsSilence() {
    G711Concealment plc = heard(voiced(80, 4000, 8000), 2400);
    short[] out = new short[8000];
    plc.conceal(out, 0, 160);
    plc.conceal(out, 160, 7840); // one loss in two calls, as a long hole can come
    for (int block = 0; block < 6; block++) {
      long energy = 0;
      for (int t = block * 80; t < block * 80 + 80; t++) {
        energy += (long) out[t] * out[t];
      }
      assertThat(energy).as("energy from %d to %d ms", block * 10, block * 10 + 10).isPositive();
    }
    assertThat(Arrays.copyOfRange(out, 480, 8000)).containsOnly((short) 0);
  }

  @Test
  void concealingInPiecesGivesTheSameSamplesAsInOneGo() {
    short[] signal = voiced(73.3, 4000, 9000);
    short[] whole = new short[600];
    G711Concealment a = heard(signal, 2000);
    a.conceal(whole, 0, 600);
    short[] pieces = new short[600];
    G711Concealment b = heard(signal, 2000);
    b.conceal(pieces, 0, 1);
    b.conceal(pieces, 1, 159);
    b.conceal(pieces, 160, 77);
    b.conceal(pieces, 237, 363);
    assertThat(pieces).containsExactly(whole);
  }

  /**
   * No click where the loss begins, where the repetition wraps or lengthens, nor where the real
   * signal returns. The signal glides in pitch and swells (no two periods alike, so the repetition
   * drifts from it and it resumes out of step with the repetition) and holds nothing above 800 Hz,
   * so a click, a jump in value or slope, stands out in the third difference (which grows as the
   * cube of frequency). Around losses starting at twenty places, the largest third difference stays
   * within 1.5 times the signal's own there; silence and the last period repeated as it is exceed
   * it (checked below), and so did our concealment with any one of its three overlap-adds taken out
   * (tried by hand: at the start of the loss 1383, at the seam of the repetition 1884, with the
   * real signal 1753 to 4393, against the signal's 287). The cross-fade where the repetition
   * lengthens is not needed here: the longer stretch is read in phase, and it differs only when the
   * change falls in a blended seam.
   */
  @ParameterizedTest(name = "loss of {0} ms")
  @ValueSource(ints = {10, 20, 30, 40, 60, 80})
  void bothEdgesOfALossAreContinuous(int lossMillis) {
    short[] signal = gliding(8000, 9000);
    int lost = lossMillis * 8;
    int blend = Math.min(80, 32 * ((lost + 79) / 80));
    int worst = 0;
    int own = 0;
    int silence = 0;
    int repetition = 0;
    for (int start = 2000; start < 4000; start += 97) {
      int end = start + lost + 400;
      short[] out = Arrays.copyOf(signal, end);
      G711Concealment plc = heard(signal, start);
      plc.conceal(out, start, lost);
      for (int at = start + lost; at < end; at += 160) {
        plc.received(out, at, Math.min(160, end - at));
      }
      int from = start - 40;
      int to = start + lost + blend + 40;
      worst = Math.max(worst, maxThirdDifference(out, from, to));
      own = Math.max(own, maxThirdDifference(signal, from, to));
      // The overlap-add changed the first good samples, and after it the real signal is untouched.
      assertThat(Arrays.copyOfRange(out, start + lost, start + lost + blend))
          .isNotEqualTo(Arrays.copyOfRange(signal, start + lost, start + lost + blend));
      assertThat(Arrays.copyOfRange(out, start + lost + blend, end))
          .containsExactly(Arrays.copyOfRange(signal, start + lost + blend, end));

      short[] silenced = Arrays.copyOf(signal, end);
      Arrays.fill(silenced, start, start + lost, (short) 0);
      silence = Math.max(silence, maxThirdDifference(silenced, from, to));
      short[] repeated = Arrays.copyOf(signal, end);
      int period =
          G711Concealment.estimatePitch(
              Arrays.copyOfRange(signal, start - G711Concealment.HISTORY, start));
      for (int t = 0; t < lost; t++) {
        repeated[start + t] = signal[start - period + t % period];
      }
      repetition = Math.max(repetition, maxThirdDifference(repeated, from, to));
    }
    System.out.printf(
        "[G711ConcealmentTest] loss of %d ms: largest third difference around it %d, the signal's "
            + "own %d; silence %d, the last period repeated %d%n",
        lossMillis, worst, own, silence, repetition);
    int bound = own * 3 / 2;
    assertThat(worst).as("largest third difference around the losses").isLessThanOrEqualTo(bound);
    assertThat(silence).as("positive control: silence").isGreaterThan(bound);
    assertThat(repetition).as("positive control: the last period repeated").isGreaterThan(bound);
  }

  /**
   * Through the decoder: a lost packet is concealed, and packets after the overlap are decoded
   * exactly.
   */
  @Test
  void theDecoderConcealsAndThenDecodesExactly() {
    byte[] ulaw = new byte[1600];
    short[] signal = voiced(90, 1600, 6000);
    for (int i = 0; i < ulaw.length; i++) {
      ulaw[i] = muLaw(signal[i]);
    }
    short[] lossFree = new short[1600];
    G711Decoder.muLaw().decode(ByteBuffer.wrap(ulaw), 0, 1600, lossFree, 0);
    Decoder decoder = G711Decoder.muLaw();
    short[] out = new short[1600];
    for (int p = 0; p < 10; p++) {
      if (p == 4) {
        assertThat(decoder.conceal(out, p * 160, 160)).isEqualTo(160);
      } else {
        assertThat(decoder.decode(ByteBuffer.wrap(ulaw), p * 160, 160, out, p * 160))
            .isEqualTo(160);
      }
    }
    assertThat(Arrays.copyOfRange(out, 0, 640))
        .containsExactly(Arrays.copyOfRange(lossFree, 0, 640));
    double signalEnergy = 0;
    double errorEnergy = 0;
    for (int i = 640; i < 800; i++) {
      signalEnergy += (double) lossFree[i] * lossFree[i];
      errorEnergy += (double) (lossFree[i] - out[i]) * (lossFree[i] - out[i]);
    }
    assertThat(10 * Math.log10(signalEnergy / errorEnergy))
        .as("SNR of the concealed packet, dB")
        .isGreaterThan(20);
    assertThat(Arrays.copyOfRange(out, 800 + 64, 1600))
        .containsExactly(Arrays.copyOfRange(lossFree, 800 + 64, 1600));
  }

  /** G.711 mu-law encoding (bias 0x84, segment and mantissa, inverted). */
  private static byte muLaw(int sample) {
    int sign = sample < 0 ? 0x80 : 0;
    int magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
    int exponent = 7;
    for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
      exponent--;
    }
    int mantissa = (magnitude >> (exponent + 3)) & 0x0f;
    return (byte) ~(sign | exponent << 4 | mantissa);
  }

  /** The largest third difference: a jump in value or slope stands out in it. */
  private static int maxThirdDifference(short[] s, int from, int to) {
    int max = 0;
    for (int i = Math.max(3, from); i < to; i++) {
      max = Math.max(max, Math.abs(s[i] - 3 * s[i - 1] + 3 * s[i - 2] - s[i - 3]));
    }
    return max;
  }
}
