package io.siprec.srs.pipeline;

/**
 * Follows RFC 4733 telephone-events on one stream. A key press is a run of packets with the same
 * timestamp (its start) and a growing duration; its end is marked by the E bit, usually in three
 * copies. A new timestamp before any end packet arrived ends the previous press too (the end
 * packets were lost). Events above 16 (line events) are ignored.
 */
public final class DtmfReceiver {
  private static final String DIGITS = "0123456789*#ABCDF";

  /** One finished key press. */
  public record Tone(
      char digit, long startTimestamp, long startMillis, int durationSamples, int volume) {}

  private boolean active;
  private boolean reported;
  private long timestamp = -1;
  private int event;
  private int duration;
  private int volume;
  private long startMillis;

  /**
   * @return the key press this packet finished, or null
   */
  public Tone packet(
      byte[] payload, int length, long packetTimestamp, long arrivalMillis, int clockRate) {
    if (length < 4) {
      return null;
    }
    int e = payload[0] & 0xff;
    boolean end = (payload[1] & 0x80) != 0;
    int v = payload[1] & 0x3f;
    int d = (payload[2] & 0xff) << 8 | (payload[3] & 0xff);
    if (e >= DIGITS.length()) {
      return null;
    }
    Tone unfinished = null;
    if (packetTimestamp != timestamp) {
      if (active && !reported) {
        unfinished = tone();
      }
      timestamp = packetTimestamp;
      event = e;
      duration = 0;
      startMillis = arrivalMillis - (long) d * 1000 / clockRate;
      active = true;
      reported = false;
    }
    duration = Math.max(duration, d);
    volume = v;
    if (end && !reported) {
      reported = true;
      active = false;
      return tone();
    }
    return unfinished;
  }

  public boolean active() {
    return active;
  }

  public long startTimestamp() {
    return timestamp;
  }

  public int durationSoFar() {
    return duration;
  }

  private Tone tone() {
    return new Tone(DIGITS.charAt(event), timestamp, startMillis, duration, volume);
  }
}
