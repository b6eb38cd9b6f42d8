package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Tones;
import java.util.Arrays;
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
  @CsvSource({"8000, 16000", "16000, 8000", "48000, 16000", "48000, 8000", "16000, 48000", "8000, 48000"})
  void aToneKeepsItsFrequencyAndLevel(int in, int out) {
    short[] converted = convert(new Resampler(in, out), tone(in, 1000, 1.0, 10000));

    assertThat(converted.length).isEqualTo(out);
    short[] steady = Arrays.copyOfRange(converted, out / 4, out);
    double rms = Math.sqrt(Arrays.stream(toInts(steady)).mapToDouble(v -> (double) v * v).average().orElse(0));
    assertThat(rms).isBetween(10000 / Math.sqrt(2) * 0.97, 10000 / Math.sqrt(2) * 1.03);
    assertThat(db(converted, out, 1000, 1500)).as("energy off the tone, dB").isLessThan(-40);
  }

  @Test
  void downsamplingDoesNotFoldHighFrequenciesBack() {
    // 12 kHz at 48 kHz: a converter without an anti-alias filter puts it at 4 kHz, full level.
    short[] converted = convert(new Resampler(48000, 16000), tone(48000, 12000, 1.0, 10000));
    double rms = Math.sqrt(Arrays.stream(toInts(Arrays.copyOfRange(converted, 4000, 16000)))
        .mapToDouble(v -> (double) v * v).average().orElse(0));
    assertThat(20 * Math.log10(rms / 7071)).as("what is left of 12 kHz, dB").isLessThan(-60);
  }

  @Test
  void upsamplingDoesNotMirrorTheSpectrum() {
    // 1 kHz at 8 kHz doubled to 16 kHz: the image would sit at 7 kHz.
    short[] converted = convert(new Resampler(8000, 16000), tone(8000, 1000, 1.0, 10000));
    assertThat(db(converted, 16000, 1000, 7000)).as("image at 7 kHz, dB").isLessThan(-60);
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
  @CsvSource({"8000, 16000", "16000, 8000", "48000, 16000", "48000, 8000", "16000, 48000", "8000, 48000",
      "8000, 8000"})
  void sameSamplesToTheBitAsOneOutputAtATime(int in, int out) {
    java.util.Random random = new java.util.Random(in * 31L + out);
    short[] signal = new short[in * 3];
    for (int i = 0; i < signal.length; i++) {
      // speech-like level with full-scale peaks, so clipping and rounding are both exercised
      signal[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
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
