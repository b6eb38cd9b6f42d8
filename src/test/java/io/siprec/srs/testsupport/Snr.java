package io.siprec.srs.testsupport;

/** Signal-to-noise ratio of a decode against a reference decode, in dB. */
public final class Snr {
  private Snr() {}

  public static double db(
      short[] reference, int referenceOffset, short[] actual, int actualOffset, int length) {
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < length; i++) {
      double r = reference[referenceOffset + i];
      double e = r - actual[actualOffset + i];
      signal += r * r;
      noise += e * e;
    }
    return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
  }
}
