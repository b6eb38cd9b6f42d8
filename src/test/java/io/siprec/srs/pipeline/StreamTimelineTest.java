package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamTimelineTest {
  private static final long MS = 1_000_000L;
  private final StreamTimeline timeline = new StreamTimeline();

  @Test
  void positionsFollowTimestampsFromTheFirstPacket() {
    assertThat(timeline.place(1, 5000, 8000, 8000, 160, 0)).isZero();
    assertThat(timeline.place(1, 5160, 8000, 8000, 160, 20 * MS)).isEqualTo(160);
    assertThat(timeline.place(1, 5640, 8000, 8000, 160, 40 * MS)).as("two packets lost").isEqualTo(640);
    assertThat(timeline.place(1, 5480, 8000, 8000, 160, 45 * MS)).as("a late packet keeps its place").isEqualTo(480);
  }

  @Test
  void survivesTheTimestampWrap() {
    long start = 0xFFFFFFFFL - 159;
    timeline.place(1, start, 8000, 8000, 160, 0);
    assertThat(timeline.place(1, 0, 8000, 8000, 160, 20 * MS)).isEqualTo(160);
    assertThat(timeline.place(1, 160, 8000, 8000, 160, 40 * MS)).isEqualTo(320);
  }

  @Test
  void convertsTheRtpClockToTheOutputRate() {
    // G.722: RTP clock 8000, decoded at 16000; Opus: clock 48000.
    timeline.place(1, 0, 8000, 16000, 320, 0);
    assertThat(timeline.place(1, 160, 8000, 16000, 320, 20 * MS)).isEqualTo(320);
  }

  @Test
  void aNewSsrcContinuesWhereTheWallClockSays() {
    timeline.place(1, 0, 8000, 8000, 160, 0);
    timeline.place(1, 160, 8000, 8000, 160, 20 * MS);
    // The SRC fails over: new SSRC, random timestamp, 500 ms later.
    long position = timeline.place(2, 987654, 8000, 8000, 160, 520 * MS);
    assertThat(position).isEqualTo(320 + 4000 - 160);
    assertThat(timeline.place(2, 987814, 8000, 8000, 160, 540 * MS)).isEqualTo(position + 160);
    assertThat(timeline.reanchors()).isEqualTo(1);
  }

  @Test
  void aPauseWithFrozenTimestampsKeepsItsLengthOnTheTimeline() {
    timeline.place(1, 0, 8000, 8000, 160, 0);
    // 3 s later the SRC resumes with the timestamp where it left off.
    long position = timeline.place(1, 160, 8000, 8000, 160, 3000 * MS);
    assertThat(position).isEqualTo(160 + 24000 - 160);
  }

  @Test
  void aPauseWithTimestampsThatKeptRunningIsTrusted() {
    timeline.place(1, 0, 8000, 8000, 160, 0);
    // SIPp's rtp_stream: after a 3 s pause the timestamp has advanced by 3 s.
    assertThat(timeline.place(1, 24160, 8000, 8000, 160, 3010 * MS)).isEqualTo(24160);
    assertThat(timeline.reanchors()).isZero();
  }
}
