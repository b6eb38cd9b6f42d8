package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkAssemblerTest {
  /** 8 kHz, 10 ms chunks of 80 samples; holes up to 100 ms are concealed. */
  private final List<Chunk> chunks = new ArrayList<>();

  private final ChunkAssembler assembler =
      new ChunkAssembler(
          8000,
          10,
          100,
          (seq, start, samples, count, capture, last) ->
              chunks.add(new Chunk(seq, start, Arrays.copyOf(samples, count), capture, last)));

  record Chunk(long seq, long start, short[] samples, long capture, boolean last) {}

  private static short[] packet(int value, int count) {
    short[] s = new short[count];
    Arrays.fill(s, (short) value);
    return s;
  }

  @Test
  void cutsPacketsIntoFullChunksAcrossPacketBoundaries() {
    for (int i = 0; i < 5; i++) {
      assembler.write(i * 50L, packet(i + 1, 50), 0, 50, 1000);
    }
    assertThat(chunks).hasSize(3);
    assertThat(chunks).extracting(Chunk::seq).containsExactly(0L, 1L, 2L);
    assertThat(chunks).extracting(Chunk::start).containsExactly(0L, 80L, 160L);
    assertThat(chunks.get(0).samples()[49]).isEqualTo((short) 1);
    assertThat(chunks.get(0).samples()[50]).isEqualTo((short) 2);
    assertThat(assembler.concealedSamples()).isZero();
  }

  @Test
  void fillsAShortHoleWithSilenceAndCountsIt() {
    assembler.write(0, packet(7, 40), 0, 40, 0);
    assembler.write(100, packet(7, 60), 0, 60, 0); // 60 samples lost

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).samples()).containsSequence((short) 7, (short) 0);
    assertThat(chunks.get(1).start()).isEqualTo(80);
    assertThat(assembler.concealedSamples()).isEqualTo(60);
  }

  @Test
  void aLongHoleIsAVisibleGapNotFakeAudio() {
    assembler.write(0, packet(1, 40), 0, 40, 0);
    assembler.write(40 + 8000, packet(2, 80), 0, 80, 0); // one second later

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).samples()).hasSize(40);
    assertThat(chunks.get(1).start()).isEqualTo(8040);
    assertThat(chunks.get(1).samples()).hasSize(80);
    assertThat(assembler.concealedSamples()).isZero();
  }

  @Test
  void reorderedSamplesWithinTheOpenChunkLandInPlace() {
    assembler.write(0, packet(1, 20), 0, 20, 0);
    assembler.write(40, packet(3, 20), 0, 20, 0);
    assembler.write(20, packet(2, 20), 0, 20, 0); // arrives after its successor
    assembler.write(60, packet(4, 20), 0, 20, 0);

    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).samples()[25]).isEqualTo((short) 2);
  }

  @Test
  void samplesBeforeTheOpenChunkAreLate() {
    assembler.write(0, packet(1, 80), 0, 80, 0);
    assembler.write(80, packet(1, 10), 0, 10, 0);
    boolean accepted = assembler.write(60, packet(9, 10), 0, 10, 0);

    assertThat(accepted).isFalse();
    assertThat(assembler.lateSamples()).isEqualTo(10);
  }

  @Test
  void flushPublishesAShortChunkAndTheNextWriteStartsAfresh() {
    assembler.write(0, packet(1, 30), 0, 30, 0);
    assembler.flush();
    assembler.write(24000, packet(2, 80), 0, 80, 0);

    assertThat(chunks).extracting(Chunk::start).containsExactly(0L, 24000L);
    assertThat(chunks.get(0).samples()).hasSize(30);
  }

  @Test
  void finishMarksTheLastChunkEvenWhenNothingIsLeft() {
    assembler.write(0, packet(1, 80), 0, 80, 0);
    assembler.finish();
    assertThat(chunks).extracting(Chunk::last).containsExactly(false, true);
    assertThat(chunks.get(1).samples()).isEmpty();
    assertThat(chunks.get(1).seq()).isEqualTo(1);
  }

  @Test
  void aStreamThatNeverHadAudioPublishesNothing() {
    assembler.finish();
    assertThat(chunks).isEmpty();
  }

  @Test
  void captureTimeIsWhenTheChunksFirstSampleWasSpoken() {
    // Packet of 80 samples arriving at t=1000 ms: its first sample was captured 10 ms earlier.
    assembler.write(0, packet(1, 80), 0, 80, 1000);
    assertThat(chunks.get(0).capture()).isEqualTo(990);
  }
}
