package io.siprec.srs.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How published PCM compares with a reference decode made by another implementation at the same
 * rate: sample for sample at a given lag, or at the best alignment within a few milliseconds.
 *
 * @param lag output sample i matches reference sample i - lag
 * @param compared samples compared
 * @param mismatches samples that differ at that lag
 * @param snrDb signal-to-noise ratio at that lag
 */
public record PcmMatch(int lag, int compared, int mismatches, double snrDb) {

  public static short[] s16le(byte[] bytes) {
    short[] out = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }

  /**
   * Compares {@code actual} with {@code reference} over {@code [from, to)} of the actual samples,
   * at the lag in {@code [-maxLag, maxLag]} with the best SNR.
   */
  public static PcmMatch best(short[] reference, short[] actual, int from, int to, int maxLag) {
    return bestAround(reference, actual, from, to, 0, maxLag);
  }

  /**
   * Like {@link #best}, over lags {@code [centre - radius, centre + radius]}: for tones, whose
   * alignment repeats every period, search only near the lag expected.
   */
  public static PcmMatch bestAround(
      short[] reference, short[] actual, int from, int to, int centre, int radius) {
    PcmMatch best = null;
    for (int lag = centre - radius; lag <= centre + radius; lag++) {
      PcmMatch m = at(reference, actual, from, to, lag);
      if (m.compared > 0 && (best == null || m.snrDb > best.snrDb)) {
        best = m;
      }
    }
    if (best == null) {
      throw new AssertionError("nothing to compare");
    }
    return best;
  }

  public static PcmMatch at(short[] reference, short[] actual, int from, int to, int lag) {
    double signal = 0;
    double noise = 0;
    int compared = 0;
    int mismatches = 0;
    for (int i = Math.max(from, lag); i < Math.min(to, actual.length); i++) {
      int j = i - lag;
      if (j >= reference.length) {
        break;
      }
      double r = reference[j];
      double e = r - actual[i];
      signal += r * r;
      noise += e * e;
      compared++;
      if (e != 0) {
        mismatches++;
      }
    }
    double snr = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    return new PcmMatch(lag, compared, mismatches, snr);
  }
}
