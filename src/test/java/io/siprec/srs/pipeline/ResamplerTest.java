package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Tones;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  private static short[] tone(int rate, double frequency, double seconds, double amplitude) {
    short[] s = new short[(int) (rate * seconds)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
    }
    return s;
  }

  private static short[] convert(Resampler r, short[] in) {
    short[] out = new short[r.maxOutput(in.length)];
    int n = r.process(in, 0, in.length, out, 0);
    return Arrays.copyOf(out, n);
  }

  /** Power ratio in dB of {@code f2} to {@code f1} in the steady part of a signal. */
  private static double db(short[] pcm, int rate, double f1, double f2) {
    short[] steady = Arrays.copyOfRange(pcm, pcm.length / 4, pcm.length);
    return 10 * Math.log10(Tones.power(steady, rate, f2) / Tones.power(steady, rate, f1));
  }

  @ParameterizedTest(name = "{0} -> {1} Hz")
  @CsvSource({
    "8000, 16000",
    "16000, 8000",
    "48000, 16000",
    "48000, 8000",
    "16000, 48000",
    "8000, 48000"
  })
  void aToneKeepsItsFrequencyAndLevel(int in, int out) {
    short[] converted = convert(new Resampler(in, out), tone(in, 1000, 1.0, 10000));

    assertThat(converted.length).isEqualTo(out);
    short[] steady = Arrays.copyOfRange(converted, out / 4, out);
    double rms =
        Math.sqrt(
            Arrays.stream(toInts(steady)).mapToDouble(v -> (double) v * v).average().orElse(0));
    assertThat(rms).isBetween(10000 / Math.sqrt(2) * 0.97, 10000 / Math.sqrt(2) * 1.03);
    assertThat(db(converted, out, 1000, 1500)).as("energy off the tone, dB").isLessThan(-40);
  }

  @Test
  void downsamplingDoesNotFoldHighFrequenciesBack() {
    // 12 kHz at 48 kHz: a converter without an anti-alias filter puts it at 4 kHz, full level.
    short[] converted = convert(new Resampler(48000, 16000), tone(48000, 12000, 1.0, 10000));
    double rms =
        Math.sqrt(
            Arrays.stream(toInts(Arrays.copyOfRange(converted, 4000, 16000)))
                .mapToDouble(v -> (double) v * v)
                .average()
                .orElse(0));
    assertThat(20 * Math.log10(rms / 7071)).as("what is left of 12 kHz, dB").isLessThan(-60);
  }

  @Test
  void upsamplingDoesNotMirrorTheSpectrum() {
    // 1 kHz at 8 kHz doubled to 16 kHz: the image would sit at 7 kHz.
    short[] converted = convert(new Resampler(8000, 16000), tone(8000, 1000, 1.0, 10000));
    assertThat(db(converted, 16000, 1000, 7000)).as("image at 7 kHz, dB").isLessThan(-60);
  }

  /**
   * The run as the resample stage converts it: 20 ms at a time, the first {@code delaySamples()}
   * outputs dropped and the rest drained at the end. Then output sample j is the input at time j:
   * compared with the tone computed at the output rate (no resampler in the reference), the steady
   * part agrees to the rounding, which a delay off by a fraction of a sample cannot (a sixth of a
   * sample at 1 kHz, 16 kHz, leaves 23.7 dB).
   */
  @ParameterizedTest(name = "{0} -> {1} Hz, {2} Hz tone")
  @CsvSource({
    "8000, 16000, 1000",
    "8000, 16000, 3100",
    "48000, 16000, 1000",
    "48000, 16000, 6500",
    "16000, 8000, 1000",
    "16000, 8000, 3300",
    "48000, 8000, 1000",
    "16000, 48000, 1000",
    "8000, 48000, 1000"
  })
  void aRunWithItsDelayTakenOutIsTheInputOnItsOwnTimeline(int in, int out, int frequency) {
    Resampler r = new Resampler(in, out);
    short[] input = tone(in, frequency, 1.0, 10000);
    short[] output = new short[out + r.maxDrain() + r.maxOutput(in / 50)];
    int written = 0;
    for (int at = 0; at < input.length; at += in / 50) {
      written += r.process(input, at, in / 50, output, written);
    }
    written += r.drain(output, written);
    short[] aligned = Arrays.copyOfRange(output, r.delaySamples(), written);

    assertThat(aligned.length).as("one second of input is one second of output").isEqualTo(out);
    short[] expected = tone(out, frequency, 1.0, 10000);
    // Away from the ends, where the filter reads the silence before and after the run.
    int margin = out / 100;
    double signal = 0;
    double noise = 0;
    for (int i = margin; i < out - margin; i++) {
      signal += (double) expected[i] * expected[i];
      noise += (double) (expected[i] - aligned[i]) * (expected[i] - aligned[i]);
    }
    double snr = 10 * Math.log10(signal / noise);
    assertThat(snr).as("SNR against the tone at the output rate, dB").isGreaterThan(60);
  }

  @Test
  void theDelayIsAWholeNumberOfOutputSamples() {
    // 8 to 16 kHz: the half-band filter of 63 taps, centre 31 at 16 kHz. 48 to 16: 121 taps at
    // 48 kHz, centre 60, 20 samples at 16 kHz. 16 to 8: 81 taps, centre 40, 20 at 8 kHz.
    assertThat(new Resampler(8000, 16000).delaySamples()).isEqualTo(31);
    assertThat(new Resampler(48000, 16000).delaySamples()).isEqualTo(20);
    assertThat(new Resampler(16000, 8000).delaySamples()).isEqualTo(20);
    assertThat(new Resampler(48000, 8000).delaySamples()).isEqualTo(20);
    assertThat(new Resampler(16000, 16000).delaySamples()).isZero();
    // An impulse comes out delaySamples() later, at its own time: its peak, not a side lobe.
    for (int[] rates : new int[][] {{8000, 16000}, {48000, 16000}, {16000, 8000}, {48000, 8000}}) {
      Resampler r = new Resampler(rates[0], rates[1]);
      short[] in = new short[rates[0] / 10];
      int at = rates[0] / 20; // 50 ms
      in[at] = 30000;
      short[] out = convert(r, in);
      int peak = 0;
      for (int i = 1; i < out.length; i++) {
        peak = Math.abs(out[i]) > Math.abs(out[peak]) ? i : peak;
      }
      assertThat(peak).as("%s", Arrays.toString(rates)).isEqualTo(rates[1] / 20 + r.delaySamples());
    }
  }

  /**
   * Reducing to 16 kHz (Opus): flat to 7 kHz, and what lies from 9 kHz up (which would fold to 7
   * kHz and below) is stopped. The transition between them is where the trade-off was made: 81
   * multiply-adds per output (docs/media.md).
   */
  @Test
  void fortyEightToSixteenIsFlatToSevenKilohertzAndStopsFromNine() {
    for (int f : new int[] {300, 1000, 3000, 5000, 6000, 6500, 7000}) {
      double db = levelDb(new Resampler(48000, 16000), 48000, 16000, f);
      assertThat(db).as("level of %d Hz, dB", f).isBetween(-0.02, 0.02);
    }
    for (int f = 9000; f < 24000; f += 250) {
      short[] converted = convert(new Resampler(48000, 16000), tone(48000, f, 0.5, 10000));
      short[] steady = Arrays.copyOfRange(converted, 1000, converted.length - 1000);
      double rms =
          Math.sqrt(
              Arrays.stream(toInts(steady)).mapToDouble(v -> (double) v * v).average().orElse(0));
      assertThat(20 * Math.log10(Math.max(rms, 1e-3) / 7071))
          .as("what is left of %d Hz, dB", f)
          .isLessThan(-70);
    }
  }

  @Test
  void eightToSixteenIsFlatOverTheTelephoneBand() {
    for (int f : new int[] {300, 1000, 2000, 3000, 3400}) {
      double db = levelDb(new Resampler(8000, 16000), 8000, 16000, f);
      assertThat(db).as("level of %d Hz, dB", f).isBetween(-0.02, 0.02);
    }
  }

  /** The level of a tone after conversion, relative to before, from a least-squares fit. */
  private static double levelDb(Resampler r, int in, int out, double frequency) {
    short[] converted = convert(r, tone(in, frequency, 0.5, 10000));
    double ss = 0;
    double sc = 0;
    double cc = 0;
    double ys = 0;
    double yc = 0;
    for (int i = out / 20; i < converted.length - out / 20; i++) {
      double s = Math.sin(2 * Math.PI * frequency * i / out);
      double c = Math.cos(2 * Math.PI * frequency * i / out);
      ss += s * s;
      sc += s * c;
      cc += c * c;
      ys += converted[i] * s;
      yc += converted[i] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det;
    double b = (yc * ss - ys * sc) / det;
    return 20 * Math.log10(Math.hypot(a, b) / 10000);
  }

  @Test
  void blocksOfAnySizeGiveTheSameOutputAsOneBlock() {
    short[] in = tone(48000, 700, 0.5, 8000);
    short[] whole = convert(new Resampler(48000, 16000), in);
    Resampler r = new Resampler(48000, 16000);
    short[] pieces = new short[whole.length + 10];
    int written = 0;
    int[] sizes = {1, 7, 960, 13, 480, 2};
    int at = 0;
    for (int i = 0; at < in.length; i++) {
      int n = Math.min(sizes[i % sizes.length], in.length - at);
      written += r.process(in, at, n, pieces, written);
      at += n;
    }
    assertThat(Arrays.copyOf(pieces, written)).containsExactly(whole);
  }

  @Test
  void equalRatesPassThrough() {
    Resampler r = new Resampler(16000, 16000);
    short[] in = tone(16000, 440, 0.01, 1234);
    assertThat(r.isPassThrough()).isTrue();
    assertThat(convert(r, in)).containsExactly(in);
  }

  @Test
  void loudInputIsClippedNotWrapped() {
    short[] square = new short[8000];
    for (int i = 0; i < square.length; i++) {
      square[i] = (short) ((i / 20) % 2 == 0 ? 32767 : -32768);
    }
    short[] out = convert(new Resampler(8000, 16000), square);
    // Ringing overshoots full scale; it must saturate. Wrapping would jump a whole scale at once.
    int maxStep = 0;
    for (int i = 1; i < out.length; i++) {
      maxStep = Math.max(maxStep, Math.abs(out[i] - out[i - 1]));
    }
    assertThat(maxStep).isLessThan(50000);
    assertThat(Arrays.stream(toInts(out)).max().getAsInt()).isEqualTo(32767);
  }

  private static int[] toInts(short[] s) {
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i];
    }
    return out;
  }

  @ParameterizedTest(name = "{0} -> {1} Hz")
  @CsvSource({
    "8000, 16000",
    "16000, 8000",
    "48000, 16000",
    "48000, 8000",
    "16000, 48000",
    "8000, 48000",
    "8000, 8000"
  })
  void sameSamplesToTheBitAsOneOutputAtATime(int in, int out) {
    Random random = new Random(in * 31L + out);
    short[] signal = new short[in * 3];
    for (int i = 0; i < signal.length; i++) {
      // speech-like level with full-scale peaks, so clipping and rounding are both exercised
      signal[i] =
          (short)
              Math.max(
                  Short.MIN_VALUE,
                  Math.min(
                      Short.MAX_VALUE,
                      Math.round(12000 * Math.sin(i * 0.07) + random.nextGaussian() * 6000)));
    }
    Resampler fast = new Resampler(in, out);
    ScalarResampler reference = new ScalarResampler(in, out);
    short[] a = new short[fast.maxOutput(signal.length) + 16];
    short[] b = new short[a.length];
    int wa = 0;
    int wb = 0;
    int[] sizes = {160, 1, 960, 257, 5760, 3, 320, 2000};
    for (int i = 0, at = 0; at < signal.length; i++) {
      int n = Math.min(sizes[i % sizes.length], signal.length - at);
      if (i == 5) {
        fast.reset();
        reference.reset();
      }
      wa += fast.process(signal, at, n, a, wa);
      wb += reference.process(signal, at, n, b, wb);
      at += n;
    }
    assertThat(wa).isEqualTo(wb);
    assertThat(Arrays.copyOf(a, wa)).containsExactly(Arrays.copyOf(b, wb));
  }
}
