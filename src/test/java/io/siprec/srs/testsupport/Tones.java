package io.siprec.srs.testsupport;

import java.util.List;

/** Which tone is in a stretch of PCM: the Goertzel algorithm's power at one frequency. */
public final class Tones {
  private Tones() {}

  public static double power(short[] pcm, int sampleRate, double frequency) {
    double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
    double s1 = 0;
    double s2 = 0;
    for (short sample : pcm) {
      double s0 = sample + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / pcm.length;
  }

  /** All chunks' samples, in order, as one array. */
  public static short[] concat(List<JmsProbe.Chunk> chunks) {
    int n = chunks.stream().mapToInt(c -> c.pcm().length / 2).sum();
    short[] out = new short[n];
    int at = 0;
    for (JmsProbe.Chunk c : chunks) {
      short[] s = c.samplesArray();
      System.arraycopy(s, 0, out, at, s.length);
      at += s.length;
    }
    return out;
  }
}
