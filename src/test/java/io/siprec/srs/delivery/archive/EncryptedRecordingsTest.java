package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.config.Settings;
import io.siprec.srs.consumer.ArchiveDecrypt;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import io.siprec.srs.testsupport.Keytool;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive with encryption at rest on, through {@link RecordingArchive} as the server runs it,
 * and the consumer kit's {@code ArchiveDecrypt} command on what it wrote: every file but
 * archive.json encrypted, decrypted back to a normal WAV, a tampered file refused with no output,
 * keys rotated.
 */
class EncryptedRecordingsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String PASSWORD = "archive-store-pass";
  // Made once: keytool is a JVM start per key.
  @TempDir static Path keys;
  private static Path store;
  private static Path passwordFile;
  @TempDir Path dir;

  @BeforeAll
  static void keystore() throws Exception {
    Keytool keytool = Keytool.in(keys.resolve("keys"), PASSWORD);
    keytool.aesSecretKey("archive.p12", "kek-2025", 256);
    keytool.aesSecretKey("archive.p12", "kek-2026", 256);
    keytool.aesSecretKey("other.p12", "kek-2026", 256);
    store = keytool.dir().resolve("archive.p12");
    passwordFile = Files.writeString(keys.resolve("password"), PASSWORD);
  }

  private RecordingArchive archive(String keyId) {
    Map<String, String> p = new HashMap<>();
    p.put("srs.archive.dir", dir.resolve("recordings").toString());
    p.put("srs.archive.encryption.enabled", "true");
    p.put("srs.archive.keystore", store.toString());
    p.put("srs.archive.keystore-password-file", passwordFile.toString());
    p.put("srs.archive.encryption.key-id", keyId);
    RecordingArchive a =
        new RecordingArchive(
            Settings.load(p::get, k -> null, null), Clock.fixed(NOW, ZoneOffset.UTC));
    a.start();
    return a;
  }

  private static AudioChunk chunk(RecordingSessionId id, String label, long start, short value) {
    byte[] pcm = new byte[1600 * 2];
    for (int i = 0; i < pcm.length; i += 2) {
      pcm[i] = (byte) value;
      pcm[i + 1] = (byte) (value >> 8);
    }
    return new AudioChunk(
        id,
        new StreamLabel(label),
        start / 1600,
        16000,
        start,
        0,
        pcm,
        false,
        StreamAttribution.UNKNOWN);
  }

  /**
   * One session: stream 1 100 ms, a 200 ms gap, 100 ms; 100 ms of the mix; ended. @return its
   * folder
   */
  private Path record(RecordingArchive archive) throws Exception {
    RecordingSessionId id = RecordingSessionId.random();
    archive.accept(chunk(id, "1", 0, (short) 1000));
    archive.accept(chunk(id, "1", 4800, (short) -1000));
    archive.accept(
        new AudioChunk(
            id,
            StreamLabel.MIX,
            0,
            16000,
            0,
            0,
            new byte[1600 * 4],
            false,
            StreamAttribution.UNKNOWN,
            2,
            new AudioChunk.ChannelLayout("1", ""),
            -1));
    archive.publish(RecordingArchiveTest.endedEventOf(id));
    archive.stop(Duration.ofSeconds(5));
    return dir.resolve("recordings/2026-12-02").resolve(id.value());
  }

  private record Result(int exit, String out, String err) {}

  private Result decrypt(Path keystore, Path input, Path out) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int exit =
        ArchiveDecrypt.run(
            new String[] {
              "--keystore",
              keystore.toString(),
              "--password-file",
              passwordFile.toString(),
              input.toString(),
              out.toString()
            },
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void everyFileButTheSummaryIsEncryptedAndDecryptsToWhatThePlainArchiveWrites() throws Exception {
    Path folder = record(archive("kek-2026"));

    assertThat(names(folder))
        .containsExactly(
            "archive.json",
            "events.jsonl.enc",
            // It names the participants: encrypted like the rest; the server reads it at start.
            "index.json.enc",
            "manifest.json",
            "mix.wav.enc",
            "retention.json",
            "session.json.enc",
            "stream-1.wav.enc");
    for (String name :
        List.of(
            "events.jsonl.enc",
            "index.json.enc",
            "mix.wav.enc",
            "session.json.enc",
            "stream-1.wav.enc")) {
      String raw =
          new String(Files.readAllBytes(folder.resolve(name)), StandardCharsets.ISO_8859_1);
      assertThat(raw).startsWith("SRS-ENC").doesNotContain("RIFF").doesNotContain("session.ended");
    }
    assertThat(Files.readString(folder.resolve("archive.json")))
        .contains("\"file\":\"stream-1.wav.enc\"")
        .contains("\"frames\":6400");

    Path out = dir.resolve("out");
    Result r = decrypt(store, folder, out);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("key id 'kek-2026'");
    assertThat(names(out))
        .containsExactly("events.jsonl", "index.json", "mix.wav", "session.json", "stream-1.wav");
    try (AudioInputStream mix = AudioSystem.getAudioInputStream(out.resolve("mix.wav").toFile())) {
      assertThat(mix.getFormat().getChannels()).isEqualTo(2);
      assertThat(mix.getFrameLength()).isEqualTo(1600);
    }
    assertThat(Files.readString(out.resolve("session.json")))
        .contains("\"type\":\"session.ended\"");
    File wav = out.resolve("stream-1.wav").toFile();
    assertThat(wav.length()).isEqualTo(44 + 6400 * 2);
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav)) {
      assertThat(in.getFrameLength()).isEqualTo(6400);
    }
    byte[] pcm = Files.readAllBytes(wav.toPath());
    assertThat(pcm[44 + 2 * 1599 + 1]).isEqualTo((byte) (1000 >> 8));
    assertThat(pcm[44 + 2 * 1600]).isZero(); // the gap, as silence
  }

  /**
   * The search index names the participants, so it is encrypted too; the server decrypts it at
   * start, and a call archived before a restart is found again.
   */
  @Test
  void theEncryptedSearchIndexIsReadBackAtTheNextStart() throws Exception {
    Path folder = record(archive("kek-2026"));
    String raw =
        new String(
            Files.readAllBytes(folder.resolve("index.json.enc")), StandardCharsets.ISO_8859_1);
    assertThat(raw).startsWith("SRS-ENC").doesNotContain(folder.getFileName().toString());

    RecordingArchive restarted = archive("kek-2026");
    try {
      assertThat(restarted.archivedCalls())
          .extracting(c -> c.id().value())
          .containsExactly(folder.getFileName().toString());
    } finally {
      restarted.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void aTamperedFileGetsNoOutputAndANonZeroExitTheOthersDecrypt() throws Exception {
    Path folder = record(archive("kek-2026"));
    Path wav = folder.resolve("stream-1.wav.enc");
    byte[] raw = Files.readAllBytes(wav);
    raw[raw.length - 100] ^= 0x04; // in the last audio segment
    Files.write(wav, raw);

    Path out = dir.resolve("out");
    Result r = decrypt(store, folder, out);

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("cannot decrypt " + wav + ": segment 3: does not authenticate")
        .contains("nothing written for it");
    assertThat(names(out)).containsExactly("events.jsonl", "index.json", "mix.wav", "session.json");
  }

  @Test
  void rotatedKeysNewFilesUseTheNewIdOldOnesDecryptWhileTheKeystoreHoldsTheirs() throws Exception {
    Path before = record(archive("kek-2025"));
    Path after = record(archive("kek-2026"));

    Result old = decrypt(store, before.resolve("stream-1.wav.enc"), dir.resolve("a"));
    Result current = decrypt(store, after.resolve("stream-1.wav.enc"), dir.resolve("b"));
    assertThat(old.exit()).as(old.err()).isZero();
    assertThat(old.out()).contains("key id 'kek-2025'");
    assertThat(current.exit()).as(current.err()).isZero();
    assertThat(current.out()).contains("key id 'kek-2026'");
    assertThat(Files.readAllBytes(dir.resolve("a/stream-1.wav")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b/stream-1.wav")));

    // A keystore without the old key, and one whose key has the right id but is another key.
    Path other = store.resolveSibling("other.p12");
    Result missing = decrypt(other, before.resolve("stream-1.wav.enc"), dir.resolve("c"));
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("key id 'kek-2025', which the keystore does not hold");
    Result wrong = decrypt(other, after.resolve("stream-1.wav.enc"), dir.resolve("d"));
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("does not unwrap with the keystore's key 'kek-2026'");
    assertThat(names(dir.resolve("c"))).isEmpty();
    assertThat(names(dir.resolve("d"))).isEmpty();
  }

  @Test
  void aFolderLeftByAKilledServerDecryptsUpToItsLastChunkAndSaysSo() throws Exception {
    Path folder = dir.resolve("killed");
    Files.createDirectories(folder);
    ArchiveEncryption encryption =
        new ArchiveEncryption(
            "kek-2026",
            ArchiveKeystore.open(store, passwordFile).aes256Key("kek-2026"),
            new SecureRandom());
    // Written and never closed, as when the process is killed.
    WavFile wav = new WavFile(encryption.create(folder, "stream-1.wav"), 16000, 1);
    wav.write(0, new byte[3200]);
    wav.write(1600, new byte[3200]);

    Path out = dir.resolve("out");
    Result r = decrypt(store, folder, out);

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).contains("NOT FINISHED: the server stopped mid-call");
    try (AudioInputStream in =
        AudioSystem.getAudioInputStream(out.resolve("stream-1.wav").toFile())) {
      assertThat(in.getFrameLength()).isEqualTo(3200);
    }
  }
}
