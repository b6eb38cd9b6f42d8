package io.siprec.srs.admin.web;

import io.siprec.srs.consumer.RecordingDecryptionException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The level strip of a recording: the peak of each window (100 ms) of a 16-bit PCM WAV, in
 * thousandths of full scale, rounded up so that any sound shows above zero. A window of exact zeros
 * is silence the archive wrote for a pause or a gap (WavFile places frames by position), so 0 means
 * "nothing was heard here" and the strip can draw it as such. One pass over the file, no allocation
 * per sample.
 *
 * @param sampleRate frames per second, from the WAV header
 * @param channels 1 for a stream, 2 for the mix (a window's peak is over both)
 * @param windowMillis the window each peak covers
 * @param peaks one per window, 0 to 1000; the last window may be shorter
 */
record AudioLevels(int sampleRate, int channels, int windowMillis, int[] peaks) {
  static final int WINDOW_MILLIS = 100;

  /**
   * Reads the levels of a WAV as served (sizes as of now).
   *
   * @throws IllegalArgumentException when it is not a 16-bit PCM WAV of the archive's layout
   */
  static AudioLevels of(RecordingBytes wav) throws IOException, RecordingDecryptionException {
    if (wav.length() < RecordingBytes.WAV_HEADER) {
      throw new IllegalArgumentException("not a WAV: " + wav.length() + " bytes");
    }
    ByteArrayTap head = new ByteArrayTap(RecordingBytes.WAV_HEADER);
    wav.copy(0, RecordingBytes.WAV_HEADER, head);
    ByteBuffer h = ByteBuffer.wrap(head.bytes).order(ByteOrder.LITTLE_ENDIAN);
    int format = h.getShort(20) & 0xffff;
    int channels = h.getShort(22) & 0xffff;
    int sampleRate = h.getInt(24);
    int bits = h.getShort(34) & 0xffff;
    if (h.getInt(0) != 0x46464952 || format != 1 || bits != 16 || channels < 1 || channels > 2) {
      throw new IllegalArgumentException(
          "not a 16-bit PCM WAV (format " + format + ", " + bits + " bits, " + channels + " ch)");
    }
    if (sampleRate < 1000 || sampleRate > 192_000) {
      throw new IllegalArgumentException("a WAV at " + sampleRate + " Hz");
    }
    long samplesPerWindow = (long) sampleRate * WINDOW_MILLIS / 1000 * channels;
    long samples = (wav.length() - RecordingBytes.WAV_HEADER) / 2;
    PeakTap tap =
        new PeakTap(
            (int) samplesPerWindow,
            (int)
                Math.min(
                    Integer.MAX_VALUE - 8, (samples + samplesPerWindow - 1) / samplesPerWindow));
    wav.copy(RecordingBytes.WAV_HEADER, samples * 2, tap);
    return new AudioLevels(sampleRate, channels, WINDOW_MILLIS, tap.finish());
  }

  /** The JSON the console draws from. */
  String json() {
    StringBuilder b =
        new StringBuilder(64 + peaks.length * 4)
            .append("{\"sampleRate\":")
            .append(sampleRate)
            .append(",\"channels\":")
            .append(channels)
            .append(",\"windowMs\":")
            .append(windowMillis)
            .append(",\"fullScale\":1000,\"peaks\":[");
    for (int i = 0; i < peaks.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(peaks[i]);
    }
    return b.append("]}").toString();
  }

  private static final class ByteArrayTap extends OutputStream {
    final byte[] bytes;
    int at;

    ByteArrayTap(int size) {
      bytes = new byte[size];
    }

    @Override
    public void write(int b) {
      bytes[at++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, bytes, at, len);
      at += len;
    }
  }

  /** Takes little-endian samples as they stream by; a sample may be split across two writes. */
  private static final class PeakTap extends OutputStream {
    private final int samplesPerWindow;
    private final int[] peaks;
    private int window;
    private int inWindow;
    private int peak;
    private int lowByte = -1;

    PeakTap(int samplesPerWindow, int windows) {
      this.samplesPerWindow = samplesPerWindow;
      this.peaks = new int[windows];
    }

    @Override
    public void write(int b) {
      if (lowByte < 0) {
        lowByte = b & 0xff;
        return;
      }
      sample((short) ((b << 8) | lowByte));
      lowByte = -1;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int end = off + len;
      if (lowByte >= 0 && off < end) {
        write(b[off++]);
      }
      for (; off + 1 < end; off += 2) {
        sample((short) ((b[off + 1] << 8) | (b[off] & 0xff)));
      }
      if (off < end) {
        lowByte = b[off] & 0xff;
      }
    }

    private void sample(short s) {
      int magnitude = s < 0 ? -s : s; // -32768 -> 32768
      if (magnitude > peak) {
        peak = magnitude;
      }
      if (++inWindow == samplesPerWindow) {
        close();
      }
    }

    /** Ends the current window. */
    @Override
    public void close() {
      if (inWindow > 0 && window < peaks.length) {
        // Rounded up: a window with any sound at all is never drawn as silence.
        peaks[window++] = (int) ((peak * 1000L + 32767) / 32768);
      }
      inWindow = 0;
      peak = 0;
    }

    int[] finish() {
      close();
      return window == peaks.length ? peaks : Arrays.copyOf(peaks, window);
    }
  }
}
