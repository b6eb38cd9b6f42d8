package io.siprec.srs.admin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.consumer.EncryptedRecordingReader;
import io.siprec.srs.consumer.RecordingDecryptionException;
import io.siprec.srs.testsupport.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playback of a recording encrypted at rest, by a writer we did not write: {@code
 * src/test/python/encrypt_recording.py} (from docs/recordings.md, Python's {@code cryptography})
 * encrypts the level fixture with an empty file's WAV sizes, as the archive's append-only writer
 * leaves them. What the console serves is the fixture as Python's {@code wave} wrote it, by any
 * range; an altered segment is an error, not audio. Skipped only where python3-cryptography is
 * missing; CI installs it (.ci/run).
 */
class DecryptedPlaybackTest {
  private static final Path ENCRYPT = Path.of("src/test/python/encrypt_recording.py");
  private static final Path FIXTURE =
      Path.of("src/test/resources/admin/levels-tone-pause-quiet.wav");
  @TempDir Path dir;

  @BeforeAll
  static void pythonCryptographyIsThere() {
    ExternalTool.Run probe =
        ExternalTool.run(
            new ProcessBuilder(
                "python3", "-c", "from cryptography.hazmat.primitives.keywrap import aes_key_wrap"),
            Duration.ofSeconds(30));
    Assumptions.assumeTrue(
        probe.exit() == 0, "python3-cryptography missing (apt-get install python3-cryptography)");
  }

  private byte[] kek;

  /** The fixture with an empty file's sizes, encrypted by Python. */
  private EncryptedRecordingReader.KeyEncryptionKeys encrypt(Path out, String... options)
      throws Exception {
    byte[] wav = Files.readAllBytes(FIXTURE);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 36).putInt(40, 0);
    Path plain = Files.write(dir.resolve("plain.wav"), wav);
    kek = new byte[32];
    new SecureRandom().nextBytes(kek);
    Path kekFile = Files.write(dir.resolve("kek.bin"), kek);
    String[] cmd = {
      "python3", ENCRYPT.toString(), "--kek-file", kekFile.toString(), "--key-id", "kek-old"
    };
    String[] all = Arrays.copyOf(cmd, cmd.length + options.length + 2);
    System.arraycopy(options, 0, all, cmd.length, options.length);
    all[all.length - 2] = plain.toString();
    all[all.length - 1] = out.toString();
    ExternalTool.Run run = ExternalTool.run(new ProcessBuilder(all), Duration.ofSeconds(60));
    assertThat(run.exit()).as(run.output()).isZero();
    return Map.of("kek-old", new SecretKeySpec(kek, "AES"))::get;
  }

  private static byte[] served(RecordingBytes bytes, long from, long count) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bytes.copy(from, count, out);
    return out.toByteArray();
  }

  @Test
  void anEncryptedWavIsServedAsTheWavItWasWithItsSizesByAnyRange() throws Exception {
    Path enc = dir.resolve("stream-1.wav.enc");
    EncryptedRecordingReader.KeyEncryptionKeys keys = encrypt(enc);
    byte[] original = Files.readAllBytes(FIXTURE);
    try (RecordingBytes bytes = RecordingBytes.open(enc, true, keys)) {
      assertThat(bytes.length()).isEqualTo(original.length);
      assertThat(served(bytes, 0, original.length)).isEqualTo(original);
      assertThat(served(bytes, 40, 4000)).isEqualTo(Arrays.copyOfRange(original, 40, 4040));
      assertThat(served(bytes, original.length - 7, 7))
          .isEqualTo(Arrays.copyOfRange(original, original.length - 7, original.length));
      AudioLevels levels = AudioLevels.of(bytes);
      assertThat(levels.peaks()).hasSize(15);
      assertThat(levels.peaks()[11]).isZero();
    }
  }

  @Test
  void anUnfinishedFileIsServedAsFarAsItsSegmentsGo() throws Exception {
    Path enc = dir.resolve("stream-1.wav.enc");
    EncryptedRecordingReader.KeyEncryptionKeys keys =
        encrypt(enc, "--unfinished", "--segment-bytes", "10000");
    byte[] original = Files.readAllBytes(FIXTURE);
    // Cut into the last segment: the server was writing it when it stopped.
    byte[] stored = Files.readAllBytes(enc);
    Files.write(enc, Arrays.copyOf(stored, stored.length - 100));
    long whole = original.length - original.length % 10000;
    try (RecordingBytes bytes = RecordingBytes.open(enc, true, keys)) {
      assertThat(bytes.length()).isEqualTo(whole);
      byte[] head = served(bytes, 0, 44);
      ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(h.getInt(40)).as("data size as of now").isEqualTo(whole - 44);
      assertThat(h.getInt(4)).isEqualTo(whole - 8);
      assertThat(served(bytes, 44, whole - 44))
          .isEqualTo(Arrays.copyOfRange(original, 44, (int) whole));
    }
  }

  @Test
  void anAlteredSegmentIsAnErrorAndAnUnknownKeyToo() throws Exception {
    Path enc = dir.resolve("stream-1.wav.enc");
    EncryptedRecordingReader.KeyEncryptionKeys keys = encrypt(enc);
    byte[] stored = Files.readAllBytes(enc);
    stored[stored.length / 2] ^= 0x40;
    Files.write(enc, stored);
    try (RecordingBytes bytes = RecordingBytes.open(enc, true, keys)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long middle = bytes.length() / 2;
      assertThatThrownBy(() -> bytes.copy(middle - 1600, 3200 * 2, out))
          .isInstanceOf(RecordingDecryptionException.class)
          .hasMessageContaining("does not authenticate");
      assertThatThrownBy(() -> AudioLevels.of(bytes))
          .isInstanceOf(RecordingDecryptionException.class);
    }
    assertThatThrownBy(() -> RecordingBytes.open(enc, true, id -> null))
        .isInstanceOf(RecordingDecryptionException.class)
        .hasMessageContaining("kek-old");
  }
}
