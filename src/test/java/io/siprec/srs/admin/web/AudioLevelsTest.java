package io.siprec.srs.admin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The level strip and the WAV sizes as served, over a WAV written by Python's {@code wave} module
 * (src/test/resources/admin/levels-tone-pause-quiet.wav: 16 kHz mono, 1 s of 440 Hz at half scale,
 * 0.3 s of digital silence, 0.2 s at a tenth of full scale).
 */
class AudioLevelsTest {
  private static final Path FIXTURE =
      Path.of("src/test/resources/admin/levels-tone-pause-quiet.wav");
  @TempDir Path dir;

  @Test
  void aPeakPer100MsShowsTheToneThePauseAndTheQuietPart() throws Exception {
    try (RecordingBytes wav = RecordingBytes.open(FIXTURE, true, id -> null)) {
      AudioLevels levels = AudioLevels.of(wav);
      assertThat(levels.sampleRate()).isEqualTo(16_000);
      assertThat(levels.channels()).isEqualTo(1);
      int[] p = levels.peaks();
      assertThat(p).hasSize(15);
      for (int i = 0; i < 10; i++) {
        assertThat(p[i]).as("window %d: half scale", i).isBetween(499, 501);
      }
      assertThat(p[10]).isZero();
      assertThat(p[11]).isZero();
      assertThat(p[12]).isZero();
      assertThat(p[13]).isBetween(99, 101);
      assertThat(p[14]).isBetween(99, 101);
      assertThat(levels.json()).startsWith("{\"sampleRate\":16000,\"channels\":1,\"windowMs\":100");
    }
  }

  /** An encrypted WAV keeps an empty file's sizes in its header; a live one lags behind. */
  @Test
  void aWavIsServedWithTheSizesOfTheBytesThereAreNow() throws Exception {
    byte[] original = Files.readAllBytes(FIXTURE);
    byte[] zeroed = original.clone();
    ByteBuffer.wrap(zeroed).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 36).putInt(40, 0);
    Path file = Files.write(dir.resolve("stream-1.wav"), zeroed);
    try (RecordingBytes wav = RecordingBytes.open(file, true, id -> null)) {
      assertThat(wav.length()).isEqualTo(original.length);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      wav.copy(0, wav.length(), all);
      assertThat(all.toByteArray()).as("Python's header, sizes and all").isEqualTo(original);
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      wav.copy(38, 10, part); // across the header's end
      assertThat(part.toByteArray()).isEqualTo(Arrays.copyOfRange(original, 38, 48));
    }
    // Not a WAV: served as stored, and it has no levels.
    Path json = Files.writeString(dir.resolve("session.json"), "{\"a\":1}");
    try (RecordingBytes bytes = RecordingBytes.open(json, false, id -> null)) {
      assertThat(bytes.length()).isEqualTo(7);
      assertThatThrownBy(() -> AudioLevels.of(bytes)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
