package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {
  @TempDir Path dir;

  private static byte[] frames(int count, int channels, short value) {
    ByteBuffer b = ByteBuffer.allocate(count * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count * channels; i++) {
      b.putShort(value);
    }
    return b.array();
  }

  @Test
  void theFileIsPlayableAfterEveryWriteAndGapsBecomeSilence() throws Exception {
    Path path = dir.resolve("s.wav");
    try (WavFile wav = new WavFile(PlainArchiveFile.create(path), 16000, 1)) {
      wav.write(0, frames(1600, 1, (short) 1000));
      // Read while still open, as after a crash: the header already says what is on disk.
      assertPlayable(path, 16000, 1, 1600);
      assertThat(wav.write(3200, frames(1600, 1, (short) 2000))).isEqualTo(1600); // a 100 ms gap
      assertPlayable(path, 16000, 1, 4800);
      assertThat(wav.silenceFrames()).isEqualTo(1600);
    }
    byte[] all = Files.readAllBytes(path);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getShort(44 + 2 * 1599)).isEqualTo((short) 1000);
    assertThat(b.getShort(44 + 2 * 1600)).isZero();
    assertThat(b.getShort(44 + 2 * 3199)).isZero();
    assertThat(b.getShort(44 + 2 * 3200)).isEqualTo((short) 2000);
  }

  @Test
  void audioForPositionsAlreadyWrittenIsSkipped() throws Exception {
    Path path = dir.resolve("d.wav");
    try (WavFile wav = new WavFile(PlainArchiveFile.create(path), 8000, 1)) {
      wav.write(0, frames(800, 1, (short) 1));
      wav.write(400, frames(800, 1, (short) 2)); // half overlaps
      wav.write(0, frames(100, 1, (short) 3)); // entirely old
      assertThat(wav.frames()).isEqualTo(1200);
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getShort(44)).isEqualTo((short) 1);
    assertThat(b.getShort(44 + 2 * 799)).isEqualTo((short) 1);
    assertThat(b.getShort(44 + 2 * 800)).isEqualTo((short) 2);
    assertPlayable(path, 8000, 1, 1200);
  }

  @Test
  void stereoFramesAreCountedPerFrame() throws Exception {
    Path path = dir.resolve("m.wav");
    try (WavFile wav = new WavFile(PlainArchiveFile.create(path), 16000, 2)) {
      wav.write(160, frames(160, 2, (short) 5));
      assertThat(wav.frames()).isEqualTo(320);
    }
    assertPlayable(path, 16000, 2, 320);
  }

  private static void assertPlayable(Path path, int rate, int channels, long frames)
      throws Exception {
    File file = path.toFile();
    assertThat(file.length()).isEqualTo(44 + frames * 2 * channels);
    try (AudioInputStream in = AudioSystem.getAudioInputStream(file)) {
      AudioFormat f = in.getFormat();
      assertThat(f.getSampleRate()).isEqualTo((float) rate);
      assertThat(f.getChannels()).isEqualTo(channels);
      assertThat(f.getSampleSizeInBits()).isEqualTo(16);
      assertThat(in.getFrameLength()).isEqualTo(frames);
    }
  }
}
