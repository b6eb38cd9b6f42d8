package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The stage clock charges each stage its own time, not the time of the stages it hands on to, and
 * scales the sampled time by the calls it did not time. Also a small harness for what the timing
 * costs per packet (printed; the figure is in docs/media.md).
 */
class StageClockTest {

  private long now;

  @Test
  void aStageIsChargedItsOwnTimeScaledToEveryCall() {
    StageClock clock = new StageClock(() -> now);
    StageMeter outer = StageMeter.forPackets("ingress");
    StageMeter inner = StageMeter.forPackets("reorder");
    for (int i = 0; i < 4 * StageClock.SAMPLE_EVERY; i++) {
      clock.startItem();
      StageMeter caller = clock.enter(outer);
      now += 200_000;
      StageMeter back = clock.enter(inner);
      now += 1_000_000;
      clock.leave(back);
      clock.leave(caller);
    }
    // 64 calls each, 4 of them timed, scaled to 64: the outer stage is not charged the inner one's
    // time.
    assertThat(inner.cpuNanos()).isEqualTo(64 * 1_000_000L);
    assertThat(outer.cpuNanos()).isEqualTo(64 * 200_000L);
  }

  @Test
  void untimedItemsChargeNothing() {
    StageClock clock = new StageClock(() -> now += 1000);
    StageMeter stage = StageMeter.forPackets("decode");
    for (int i = 0; i < StageClock.SAMPLE_EVERY - 1; i++) {
      clock.startItem();
      clock.leave(clock.enter(stage));
    }
    assertThat(stage.cpuNanos()).isZero();
  }

  /**
   * Ten stage boundaries per packet, as a G.711 packet crosses: what the timing costs on average.
   */
  @Test
  void whatTimingCostsPerPacket() {
    StageClock clock = new StageClock();
    StageMeter[] stages = new StageMeter[10];
    for (int i = 0; i < stages.length; i++) {
      stages[i] = StageMeter.forPackets("s" + i);
    }
    int packets = 2_000_000;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      for (int p = 0; p < packets; p++) {
        clock.startItem();
        StageMeter[] callers = CALLERS;
        for (int s = 0; s < stages.length; s++) {
          callers[s] = clock.enter(stages[s]);
        }
        for (int s = stages.length - 1; s >= 0; s--) {
          clock.leave(callers[s]);
        }
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    double perPacket = (double) best / packets;
    System.out.printf(
        "[StageClockTest] stage timing: %.1f ns per packet (10 stages, 1 packet in %d timed)%n",
        perPacket, StageClock.SAMPLE_EVERY);
    assertThat(perPacket).as("ns per packet").isLessThan(1000);
  }

  private static final StageMeter[] CALLERS = new StageMeter[10];
}
