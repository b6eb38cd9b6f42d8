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
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tamper evidence end to end: one server signing with an Ed25519 key from a PKCS12 keystore, two
 * short real calls (SIPp and our paced RTP sender), then the consumer kit's verify command, run as
 * its own process from target/srs-consumer, finds both sessions OK; OpenSSL verifies a signature
 * and sha256sum the hashes without our code. On a copy of the archive, a byte changed in a WAV, a
 * file deleted and a file added are each reported with a non-zero exit.
 */
class TamperEvidenceIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration TOOL_BOUND = Duration.ofSeconds(30);
  private static final String ALIAS = "archive-signing";
  private static final int PACKETS = 100; // 2 s a leg

  private static SrsServerProcess server;
  private static Path recordings;
  private static Path operatorKey;
  private static List<Path> sessions;

  @BeforeAll
  static void twoCallsOnASigningServer() throws Exception {
    Path work = SrsServerProcess.projectDir().resolve("target/it-work/tamper-evidence-keys");
    Keytool keytool = Keytool.in(work, "it-archive-pass");
    Path store = keytool.ed25519KeyPair("archive.p12", ALIAS);
    // The operator's own copy of the public key, from the keystore, not from the archive.
    Path cert = keytool.exportPem("archive.p12", "PKCS12", ALIAS, "archive-cert.pem");
    ExternalTool.Run pub =
        ExternalTool.run(
            new ProcessBuilder("openssl", "x509", "-in", cert.toString(), "-pubkey", "-noout"),
            TOOL_BOUND);
    assertThat(pub.exit()).as(pub.output()).isZero();
    operatorKey = Files.writeString(work.resolve("operator-copy.pem"), pub.output());

    server =
        SrsServerProcess.named("tamper-evidence")
            .env("SRS_ARCHIVE_KEYSTORE", store.toString())
            .env(
                "SRS_ARCHIVE_KEYSTORE_PASSWORD_FILE",
                keytool.passwordFile("archive-pass.txt").toString())
            .env("SRS_ARCHIVE_SIGNING_KEY_ID", ALIAS)
            .start();
    recordings = server.runtimeDir.resolve("recordings");
    CompletableFuture<?> first = CompletableFuture.runAsync(() -> call(0));
    CompletableFuture<?> second = CompletableFuture.runAsync(() -> call(1));
    CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);
    sessions = awaitSealed(2);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void bothCallsAreSealedSignedAndVerifyOkWithTheOperatorsKey() throws Exception {
    long t0 = System.nanoTime();
    ExternalTool.Run verify = verify(recordings);
    long verifyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(verify.exit()).as(verify.output()).isZero();
    for (Path s : sessions) {
      assertThat(verify.output())
          .contains(s.getParent().getFileName() + "/" + s.getFileName() + "  OK  ")
          .contains("signed by '" + ALIAS + "'");
    }
    assertThat(verify.output()).contains("summary: 2 OK").contains("all OK");

    // Without our code: OpenSSL checks the first session's signature with the day's key...
    Path session = sessions.get(0);
    Path day = session.getParent();
    JsonObject line =
        chainLines(recordings).stream()
            .filter(l -> l.getString("session").equals(session.getFileName().toString()))
            .findFirst()
            .orElseThrow();
    Path sig =
        Files.write(
            server.runtimeDir.resolve("manifest.sig"),
            Base64.getDecoder().decode(line.getString("signature")));
    ExternalTool.Run openssl =
        ExternalTool.run(
            new ProcessBuilder(
                "openssl",
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                day.resolve("signing-key.pem").toString(),
                "-rawin",
                "-in",
                session.resolve("manifest.json").toString(),
                "-sigfile",
                sig.toString()),
            TOOL_BOUND);
    assertThat(openssl.output()).contains("Signature Verified Successfully");
    // ... and sha256sum every file's hash.
    JsonObject manifest = json(session.resolve("manifest.json"));
    List<String> command = new ArrayList<>(List.of("sha256sum", "--"));
    List<String> expected = new ArrayList<>();
    for (JsonValue v : manifest.getJsonArray("files")) {
      JsonObject f = v.asJsonObject();
      command.add(f.getString("name"));
      expected.add(f.getString("sha256") + "  " + f.getString("name"));
    }
    ExternalTool.Run sums =
        ExternalTool.run(new ProcessBuilder(command).directory(session.toFile()), TOOL_BOUND);
    assertThat(sums.output().lines().toList()).containsExactlyElementsOf(expected);
    assertThat(expected)
        .anyMatch(e -> e.endsWith("  stream-1.wav"))
        .anyMatch(e -> e.endsWith("  stream-2.wav"))
        .anyMatch(e -> e.endsWith("  events.jsonl"));
    System.out.printf(
        "[TamperEvidenceIT] 2 calls sealed and signed; verify (its own JVM) took %d ms; "
            + "manifest %d bytes for %d files%n",
        verifyMs, Files.size(session.resolve("manifest.json")), expected.size());
  }

  @Test
  void aByteChangedAFileDeletedAndAFileAddedAreEachReportedWithANonZeroExit() throws Exception {
    Path copy = SrsServerProcess.projectDir().resolve("target/it-work/tamper-evidence/tampered");
    deleteTree(copy);
    copyTree(recordings, copy);
    Path one = copy.resolve(recordings.relativize(sessions.get(0)));
    Path two = copy.resolve(recordings.relativize(sessions.get(1)));
    String nameOne = one.getParent().getFileName() + "/" + one.getFileName();
    String nameTwo = two.getParent().getFileName() + "/" + two.getFileName();

    byte[] wav = Files.readAllBytes(one.resolve("stream-1.wav"));
    wav[wav.length - 100] ^= 0x01;
    Files.write(one.resolve("stream-1.wav"), wav);
    ExternalTool.Run changed = verify(copy);
    assertThat(changed.exit()).as(changed.output()).isEqualTo(1);
    assertThat(changed.output())
        .contains(nameOne + "  CHANGED  stream-1.wav")
        .contains(nameTwo + "  OK");

    Files.delete(two.resolve("stream-2.wav"));
    ExternalTool.Run missing = verify(copy);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.output()).contains(nameTwo + "  MISSING  stream-2.wav");

    Files.writeString(one.resolve("extra.wav"), "not recorded by us");
    ExternalTool.Run added = verify(copy);
    assertThat(added.exit()).isEqualTo(1);
    assertThat(added.output()).contains(nameOne + "  ADDED  extra.wav (18 bytes)");
    System.out.printf(
        "[TamperEvidenceIT] tampered copy: %s%n",
        added.output().lines().filter(l -> l.startsWith("summary:")).findFirst().orElse(""));
  }

  // ---------------------------------------------------------------------------------------------

  /** The verify command as an operator runs it: the consumer kit's jar, its own JVM. */
  private static ExternalTool.Run verify(Path root) {
    Path jar =
        Path.of(System.getProperty("srs.consumer.dir", "target/srs-consumer"))
            .resolve("srs-consumer.jar");
    return ExternalTool.run(
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            jar.toString(),
            "io.siprec.srs.consumer.ArchiveVerify",
            root.toString(),
            "--public-key",
            operatorKey.toString()),
        TOOL_BOUND);
  }

  private static void call(int n) {
    AnsweredPort ports = AnsweredPort.create();
    int sipPort = server.ports.peer() + 20 + n;
    int mediaPort = server.ports.peerMedia() + 20 + 20 * n;
    Sipp sipp =
        Sipp.scenario("siprec_media_call.xml")
            .against(server)
            .localPorts(sipPort, mediaPort)
            .timeout(Duration.ofSeconds(30))
            .set("portfile", ports.file())
            .key("proto", "RTP/AVP")
            .key("pt", 0)
            .key("rtpmap", "PCMU/8000")
            .key("fmtp", "a=silenceSupp:off - - - -")
            .key("crypto1", "a=sendonly")
            .key("crypto2", "a=sendonly")
            .start();
    try (PacedRtpSender leg1 = new PacedRtpSender(mediaPort + 6, 0x300 + n, null);
        PacedRtpSender leg2 = new PacedRtpSender(mediaPort + 8, 0x400 + n, null)) {
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
  }

  private static RtpPlan plan(String fixture) {
    byte[] audio = Fixtures.bytes(fixture);
    return RtpPlan.everyTwentyMillis(Arrays.copyOf(audio, PACKETS * 160), 0, PACKETS);
  }

  /** The session folders that have their manifest, once there are {@code count}. */
  private static List<Path> awaitSealed(int count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Path> sealed = List.of();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(recordings)) {
        try (Stream<Path> walk = Files.walk(recordings, 3)) {
          sealed =
              walk.filter(p -> p.getFileName().toString().equals("manifest.json"))
                  .map(Path::getParent)
                  .sorted()
                  .toList();
        }
        if (sealed.size() >= count) {
          return sealed;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        sealed.size()
            + " sealed session(s) under "
            + recordings
            + " within "
            + WAIT
            + ", not "
            + count);
  }

  private static List<JsonObject> chainLines(Path root) throws IOException {
    List<JsonObject> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, 2)) {
      for (Path chain :
          walk.filter(p -> p.getFileName().toString().equals("chain.jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(chain)) {
          out.add(Json.createReader(new StringReader(line)).readObject());
        }
      }
    }
    return out;
  }

  private static JsonObject json(Path file) throws IOException {
    return Json.createReader(new StringReader(Files.readString(file))).readObject();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
