package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our encrypted files read by a reader we did not write: {@code
 * src/test/python/decrypt_recording.py}, written from docs/recordings.md with Python's {@code
 * cryptography} (Debian python3-cryptography: AESGCM, aes_key_unwrap), and Python's {@code wave}
 * module on the WAV it gives back. Skipped only where python3-cryptography is missing; CI installs
 * it (.ci/run).
 */
class IndependentDecryptionTest {
  private static final Path DECRYPT = Path.of("src/test/python/decrypt_recording.py");
  private static final Path WAV_INFO = Path.of("src/test/python/wav_info.py");
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  @BeforeAll
  static void pythonCryptographyIsThere() {
    ExternalTool.Run probe =
        ExternalTool.run(
            new ProcessBuilder(
                "python3",
                "-c",
                "from cryptography.hazmat.primitives.keywrap import aes_key_unwrap;"
                    + "from cryptography.hazmat.primitives.ciphers.aead import AESGCM"),
            Duration.ofSeconds(30));
    Assumptions.assumeTrue(
        probe.exit() == 0, "python3-cryptography missing (apt-get install python3-cryptography)");
  }

  private ExternalTool.Run python(Path script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
    cmd.addAll(List.of(args));
    return ExternalTool.run(new ProcessBuilder(cmd), Duration.ofSeconds(60));
  }

  private Path kekFile(SecretKey kek) throws Exception {
    return Files.write(dir.resolve("kek.bin"), kek.getEncoded());
  }

  @Test
  void pythonDecryptsEverySegmentToOurPlaintext() throws Exception {
    SecretKey kek = EncryptedArchiveFileTest.aes256();
    ArchiveEncryption encryption = new ArchiveEncryption("kek-2026", kek, RANDOM);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ArchiveFile file = encryption.create(dir, "events.jsonl");
    for (int size : new int[] {1, 300, 0, 70_000, (1 << 20) * 2 + 3}) {
      byte[] b = new byte[size];
      RANDOM.nextBytes(b);
      file.append(ByteBuffer.wrap(b));
      plain.writeBytes(b);
    }
    file.close();

    Path out = dir.resolve("events.jsonl");
    ExternalTool.Run run =
        python(
            DECRYPT,
            "--kek-file",
            kekFile(kek).toString(),
            "--key-id",
            "kek-2026",
            file.path().toString(),
            out.toString());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("\"finished\": true").contains("\"segments\": 7");
    assertThat(Files.readAllBytes(out)).isEqualTo(plain.toByteArray());
  }

  @Test
  void anEncryptedWavDecryptsToTheFileThePlainArchiveWritesAndPythonsWaveReadsIt()
      throws Exception {
    SecretKey kek = EncryptedArchiveFileTest.aes256();
    ArchiveEncryption encryption = new ArchiveEncryption("k", kek, RANDOM);
    Path plainDir = Files.createDirectories(dir.resolve("plain"));
    byte[] audio = new byte[3200];
    RANDOM.nextBytes(audio);
    try (WavFile encrypted = new WavFile(encryption.create(dir, "stream-1.wav"), 16000, 1);
        WavFile plain =
            new WavFile(PlainArchiveFile.create(plainDir.resolve("stream-1.wav")), 16000, 1)) {
      for (WavFile w : List.of(encrypted, plain)) {
        w.write(0, audio);
        w.write(48_000, audio); // a 2.9 s gap: silence in 64 KiB blocks
        w.write(48_800, audio); // half of it already written: skipped
      }
    }

    Path out = dir.resolve("stream-1.wav");
    ExternalTool.Run run =
        python(
            DECRYPT,
            "--kek-file",
            kekFile(kek).toString(),
            dir.resolve("stream-1.wav.enc").toString(),
            out.toString());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(Files.readAllBytes(out))
        .isEqualTo(Files.readAllBytes(plainDir.resolve("stream-1.wav")));
    ExternalTool.Run wave = python(WAV_INFO, out.toString());
    assertThat(wave.exit()).as(wave.output()).isZero();
    assertThat(wave.output())
        .contains("\"frames\": 50400")
        .contains("\"framesRead\": 50400")
        .contains("\"rate\": 16000");
  }

  @Test
  void pythonSeesAnUnclosedFileAsNotFinishedAndRefusesATamperedOne() throws Exception {
    SecretKey kek = EncryptedArchiveFileTest.aes256();
    ArchiveEncryption encryption = new ArchiveEncryption("k", kek, RANDOM);
    byte[] audio = new byte[3200];
    RANDOM.nextBytes(audio);
    WavFile killed = new WavFile(encryption.create(dir, "killed.wav"), 16000, 1);
    killed.write(0, audio);
    killed.write(1600, audio); // never closed: the server was killed here

    ExternalTool.Run run =
        python(
            DECRYPT,
            "--kek-file",
            kekFile(kek).toString(),
            dir.resolve("killed.wav.enc").toString(),
            dir.resolve("killed.wav").toString());
    assertThat(run.exit()).as(run.output()).isEqualTo(3);
    assertThat(run.output()).contains("\"finished\": false").contains("\"segments\": 3");
    ExternalTool.Run wave = python(WAV_INFO, dir.resolve("killed.wav").toString());
    assertThat(wave.output()).contains("\"frames\": 3200").contains("\"framesRead\": 3200");

    Path tampered = dir.resolve("killed.wav.enc");
    byte[] raw = Files.readAllBytes(tampered);
    raw[raw.length - 1] ^= 0x01;
    Files.write(tampered, raw);
    ExternalTool.Run refused =
        python(
            DECRYPT,
            "--kek-file",
            kekFile(kek).toString(),
            tampered.toString(),
            dir.resolve("tampered.wav").toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output()).contains("segment 2 does not authenticate");
    assertThat(dir.resolve("tampered.wav")).doesNotExist();
  }
}
