package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamTimelineTest {
  private static final long MS = 1_000_000L;
  private final StreamTimeline timeline = new StreamTimeline();

  /** Places a packet of {@code samples} output samples, as the receiver does. */
  private long place(long ssrc, long ts, int clock, int out, int samples, long nanos) {
    long position = timeline.position(ssrc, ts, clock, out, nanos);
    timeline.placed(position, position + samples);
    return position;
  }

  @Test
  void positionsFollowTimestampsFromTheFirstPacket() {
    assertThat(place(1, 5000, 8000, 8000, 160, 0)).isZero();
    assertThat(place(1, 5160, 8000, 8000, 160, 20 * MS)).isEqualTo(160);
    assertThat(place(1, 5640, 8000, 8000, 160, 40 * MS)).as("two packets lost").isEqualTo(640);
    assertThat(place(1, 5480, 8000, 8000, 160, 45 * MS))
        .as("a late packet keeps its place")
        .isEqualTo(480);
  }

  /**
   * Found by fuzzing (RtpFuzzTestInputs/datagrams/one-wild-timestamp-...): one bad packet cannot
   * move the stream by hours.
   */
  @Test
  void aWildTimestampIsPlacedByTheWallClockAndTheStreamGoesOn() {
    for (int i = 0; i < 5; i++) {
      place(1, 160L * i, 8000, 16000, 320, i * 20 * MS);
    }
    long wild = place(1, 201_327_232L, 8000, 16000, 320, 100 * MS);
    assertThat(wild).as("7 hours ahead by its timestamp").isBetween(1600L, 1600L + 16000);
    long next = place(1, 160L * 6, 8000, 16000, 320, 120 * MS);
    assertThat(next).as("the packet after it").isBetween(wild + 320, wild + 320 + 16000);
  }

  @Test
  void survivesTheTimestampWrap() {
    long start = 0xFFFFFFFFL - 159;
    place(1, start, 8000, 8000, 160, 0);
    assertThat(place(1, 0, 8000, 8000, 160, 20 * MS)).isEqualTo(160);
    assertThat(place(1, 160, 8000, 8000, 160, 40 * MS)).isEqualTo(320);
  }

  @Test
  void convertsTheRtpClockToTheOutputRate() {
    // G.722: RTP clock 8000, decoded at 16000; Opus: clock 48000.
    place(1, 0, 8000, 16000, 320, 0);
    assertThat(place(1, 160, 8000, 16000, 320, 20 * MS)).isEqualTo(320);
  }

  @Test
  void aNewSsrcContinuesWhereTheWallClockSays() {
    place(1, 0, 8000, 8000, 160, 0);
    place(1, 160, 8000, 8000, 160, 20 * MS);
    // The SRC fails over: new SSRC, random timestamp, 500 ms later.
    long position = place(2, 987654, 8000, 8000, 160, 520 * MS);
    assertThat(position).isEqualTo(320 + 4000 - 160);
    assertThat(place(2, 987814, 8000, 8000, 160, 540 * MS)).isEqualTo(position + 160);
    assertThat(timeline.reanchors()).isEqualTo(1);
  }

  @Test
  void aPauseWithFrozenTimestampsKeepsItsLengthOnTheTimeline() {
    place(1, 0, 8000, 8000, 160, 0);
    // 3 s later the SRC resumes with the timestamp where it left off.
    long position = place(1, 160, 8000, 8000, 160, 3000 * MS);
    assertThat(position).isEqualTo(160 + 24000 - 160);
  }

  @Test
  void aPauseWithTimestampsThatKeptRunningIsTrusted() {
    place(1, 0, 8000, 8000, 160, 0);
    // SIPp's rtp_stream: after a 3 s pause the timestamp has advanced by 3 s.
    assertThat(place(1, 24160, 8000, 8000, 160, 3010 * MS)).isEqualTo(24160);
    assertThat(timeline.reanchors()).isZero();
  }

  @Test
  void anEventCanLookUpAnEarlierTimestampWithoutMovingTheTimeline() {
    place(1, 1000, 8000, 16000, 320, 0);
    place(1, 1160, 8000, 16000, 320, 20 * MS);
    assertThat(timeline.positionOf(1000, 8000, 16000)).isZero();
    assertThat(place(1, 1320, 8000, 16000, 320, 40 * MS)).isEqualTo(640);
  }
}
