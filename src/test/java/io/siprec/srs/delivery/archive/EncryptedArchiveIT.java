package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.Keytool;
import io.siprec.srs.testsupport.PacedRtpSender;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Encryption at rest end to end: one server with its archive encrypted under a key made by keytool,
 * real SIPREC calls (SIPp, RTP from our paced sender). The session folder holds only {@code .enc}
 * files and {@code archive.json}, none showing a RIFF header or a participant's AOR; the consumer
 * kit's {@code ArchiveDecrypt}, run as its own process, turns them into WAVs that Python's {@code
 * wave} module reads with the call's duration. Then the server is killed mid-call: the file it was
 * writing decrypts up to its last chunk and is reported as not finished.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncryptedArchiveIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PASSWORD = "it-archive-store";
  private static final String KEY_ID = "kek-it";
  private static final String CALLER_AOR = "+15550100001@carrier.example.com";
  private static final int PACKETS = 200; // 4 s of 20 ms packets

  private static Path keystore;
  private static Path passwordFile;
  private static SrsServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    Path work = SrsServerProcess.projectDir().resolve("target/it-work/archive-encrypted-keys");
    Keytool keytool = Keytool.in(work, PASSWORD);
    keystore = keytool.aesSecretKey("archive.p12", KEY_ID, 256);
    passwordFile = Files.writeString(work.resolve("archive.password"), PASSWORD + "\n");
    server =
        SrsServerProcess.named("archive-encrypted")
            .env("SRS_ARCHIVE_ENCRYPTION_ENABLED", "true")
            .env("SRS_ARCHIVE_KEYSTORE", keystore.toString())
            .env("SRS_ARCHIVE_KEYSTORE_PASSWORD_FILE", passwordFile.toString())
            .env("SRS_ARCHIVE_ENCRYPTION_KEY_ID", KEY_ID)
            .start();
    assertThat(server.log()).contains("encrypted with key id '" + KEY_ID + "'");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void aCallIsArchivedEncryptedAndDecryptsToWavsOfItsDuration() throws Exception {
    AnsweredPort ports = AnsweredPort.create();
    Sipp sipp =
        mediaCall(ports, server.ports.peer(), server.ports.peerMedia(), Duration.ofSeconds(30));
    try (PacedRtpSender leg1 = new PacedRtpSender(server.ports.peerMedia() + 6, 0x301, null);
        PacedRtpSender leg2 = new PacedRtpSender(server.ports.peerMedia() + 8, 0x302, null)) {
      int[] answered = ports.awaitAll(Duration.ofSeconds(15));
      long start = System.nanoTime() + 20_000_000L;
      CompletableFuture<Integer> a =
          leg1.send(
              plan("sipp/audio/leg1_1khz.ulaw"),
              new InetSocketAddress("127.0.0.1", answered[0]),
              start);
      CompletableFuture<Integer> b =
          leg2.send(
              plan("media/leg2_440hz.ulaw"),
              new InetSocketAddress("127.0.0.1", answered[1]),
              start);
      a.join();
      b.join();
      assertThat(sipp.await()).as(sipp.report()).isZero();
    }
    // Sealed: the manifest is the last file a session gets.
    Path folder =
        awaitFolder(f -> completeSummary(f) && Files.exists(f.resolve("manifest.json")), null);

    assertThat(names(folder))
        .containsExactly(
            "archive.json",
            "events.jsonl.enc",
            "index.json.enc",
            "manifest.json",
            "retention.json",
            "session.json.enc",
            "stream-1.wav.enc",
            "stream-2.wav.enc");
    for (String name : names(folder)) {
      String raw =
          new String(Files.readAllBytes(folder.resolve(name)), StandardCharsets.ISO_8859_1);
      // No file of the folder, encrypted or not, names a participant.
      assertThat(raw).as(name).doesNotContain(CALLER_AOR);
      if (name.endsWith(".enc")) {
        assertThat(raw).as(name).startsWith("SRS-ENC").doesNotContain("RIFF");
      }
    }

    Path out = SrsServerProcess.projectDir().resolve("target/it-work/archive-encrypted/decrypted");
    ExternalTool.Run decrypted = archiveDecrypt(folder, out);
    assertThat(decrypted.exit()).as(decrypted.output()).isZero();
    assertThat(Files.readString(out.resolve("events.jsonl"))).contains(CALLER_AOR);
    assertThat(Files.readString(out.resolve("session.json")))
        .contains("\"type\":\"session.ended\"");
    for (String wav : List.of("stream-1.wav", "stream-2.wav")) {
      double seconds = pythonWaveSeconds(out.resolve(wav));
      System.out.printf(
          "[EncryptedArchiveIT] %s decrypted: %.3f s by Python's wave%n", wav, seconds);
      assertThat(seconds).as(wav).isBetween(3.8, 4.1);
    }
  }

  @Test
  @Order(2)
  void aServerKilledMidCallLeavesAFileThatDecryptsUpToItsLastChunk() throws Exception {
    List<Path> before = sessionFolders();
    AnsweredPort ports = AnsweredPort.create();
    int sipPort = server.ports.peer() + 20;
    int mediaPort = server.ports.peerMedia() + 20;
    Sipp sipp = mediaCall(ports, sipPort, mediaPort, Duration.ofSeconds(8));
    try (PacedRtpSender leg1 = new PacedRtpSender(mediaPort + 6, 0x401, null)) {
      int[] answered = ports.awaitAll(Duration.ofSeconds(15));
      CompletableFuture<Integer> sent =
          leg1.send(
              plan("sipp/audio/leg1_1khz.ulaw"), new InetSocketAddress("127.0.0.1", answered[0]));
      // Killed once a second of leg 1 is on disk (its 4 s are still being sent).
      Path folder =
          awaitFolder(
              f -> size(f.resolve("stream-1.wav.enc")) >= 44 + 16000 * 2 + 10 * 20 + 64, before);
      server.kill();
      sipp.kill();
      sent.join();

      Path out = SrsServerProcess.projectDir().resolve("target/it-work/archive-encrypted/killed");
      ExternalTool.Run decrypted = archiveDecrypt(folder, out);
      System.out.printf("[EncryptedArchiveIT] after kill -9:%n%s", decrypted.output());
      assertThat(decrypted.exit()).as(decrypted.output()).isEqualTo(3);
      assertThat(decrypted.output())
          .contains("stream-1.wav.enc")
          .contains("NOT FINISHED: the server stopped mid-call");
      double seconds = pythonWaveSeconds(out.resolve("stream-1.wav"));
      System.out.printf(
          "[EncryptedArchiveIT] killed with 1 s on disk: %.3f s decrypted%n", seconds);
      assertThat(seconds).as("what was on disk at the kill, less than the leg").isBetween(1.0, 3.0);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static Sipp mediaCall(AnsweredPort ports, int sipPort, int mediaPort, Duration timeout) {
    return Sipp.scenario("siprec_media_call.xml")
        .against(server)
        .localPorts(sipPort, mediaPort)
        .timeout(timeout)
        .set("portfile", ports.file())
        .key("proto", "RTP/AVP")
        .key("pt", 0)
        .key("rtpmap", "PCMU/8000")
        .key("fmtp", "a=silenceSupp:off - - - -")
        .key("crypto1", "a=sendonly")
        .key("crypto2", "a=sendonly")
        .start();
  }

  private static RtpPlan plan(String fixture) {
    byte[] audio = Fixtures.bytes(fixture);
    return RtpPlan.everyTwentyMillis(Arrays.copyOf(audio, PACKETS * 160), 0, PACKETS);
  }

  /** The consumer kit's command, as an operator runs it: its own JVM, the kit's jar only. */
  private static ExternalTool.Run archiveDecrypt(Path folder, Path out) {
    Path jar =
        Path.of(System.getProperty("srs.consumer.dir", "target/srs-consumer"))
            .resolve("srs-consumer.jar");
    return ExternalTool.run(
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            jar.toString(),
            "io.siprec.srs.consumer.ArchiveDecrypt",
            "--keystore",
            keystore.toString(),
            "--password-file",
            passwordFile.toString(),
            folder.toString(),
            out.toString()),
        Duration.ofSeconds(60));
  }

  /** Seconds of audio in a WAV as Python's wave module reads them (frames read / rate). */
  private static double pythonWaveSeconds(Path wav) {
    ExternalTool.Run run =
        ExternalTool.run(
            new ProcessBuilder(
                "python3",
                SrsServerProcess.projectDir().resolve("src/test/python/wav_info.py").toString(),
                wav.toString()),
            Duration.ofSeconds(30));
    assertThat(run.exit()).as(run.output()).isZero();
    Matcher frames = Pattern.compile("\"framesRead\": (\\d+)").matcher(run.output());
    Matcher rate = Pattern.compile("\"rate\": (\\d+)").matcher(run.output());
    assertThat(frames.find() && rate.find()).as(run.output()).isTrue();
    return Long.parseLong(frames.group(1)) / (double) Long.parseLong(rate.group(1));
  }

  private static boolean completeSummary(Path folder) {
    try {
      Path summary = folder.resolve("archive.json");
      return Files.exists(summary) && Files.readString(summary).contains("\"complete\":true");
    } catch (IOException e) {
      return false;
    }
  }

  private static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<Path> sessionFolders() throws IOException {
    Path recordings = server.runtimeDir.resolve("recordings");
    if (!Files.isDirectory(recordings)) {
      return List.of();
    }
    List<Path> folders = new ArrayList<>();
    try (Stream<Path> days = Files.list(recordings)) {
      for (Path day : days.filter(Files::isDirectory).toList()) {
        try (Stream<Path> sessions = Files.list(day)) {
          sessions.filter(Files::isDirectory).forEach(folders::add);
        }
      }
    }
    return folders;
  }

  /** The first session folder, not among {@code except}, that satisfies {@code ready}. */
  private static Path awaitFolder(Predicate<Path> ready, List<Path> except) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Path> found =
          sessionFolders().stream()
              .filter(f -> except == null || !except.contains(f))
              .filter(ready)
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no session folder ready within " + WAIT + ":\n" + server.log());
  }

  private static List<String> names(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
