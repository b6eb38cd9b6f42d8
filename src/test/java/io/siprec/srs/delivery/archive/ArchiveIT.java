package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.delivery.jms.EmbeddedBroker;
import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.PacedRtpSender;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * Recordings on disk against what a consumer gets: several concurrent SIPREC calls (SIPp, both legs
 * from our paced sender, one leg with a 2 s outage), the stereo mix on, and the example consumer of
 * the consumer kit (target/srs-consumer, run as its own process, knowing only the contract) writing
 * WAV files. Every stream it rebuilt must equal the archive's file bit for bit. Then a server
 * killed mid-call must leave playable files.
 */
class ArchiveIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PACKETS = 200;
  private static final int CALLS = 3;

  @Test
  void theConsumerKitRebuildsEveryStreamExactlyAsTheArchiveKeptIt() throws Exception {
    try (SrsServerProcess server =
        SrsServerProcess.named("archive").env("SRS_AUDIO_STEREO_MIX", "true").start()) {
      Path out = SrsServerProcess.projectDir().resolve("target/it-work/archive/consumer");
      deleteTree(out);
      Files.createDirectories(out);
      Process consumer = startConsumer(server, out);
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        int n = i;
        calls.add(CompletableFuture.runAsync(() -> call(server, n)));
      }
      CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);

      // Each call: two streams and the mix, each ending with its last chunk.
      awaitLog(out.resolve("consumer.log"), "done:", CALLS * 3);
      consumer.destroy();
      assertThat(consumer.waitFor(20, TimeUnit.SECONDS)).isTrue();

      List<Path> sessions;
      try (Stream<Path> s = Files.list(out)) {
        sessions = s.filter(Files::isDirectory).toList();
      }
      assertThat(sessions).hasSize(CALLS);
      int compared = 0;
      long silenceFrames = 0;
      for (Path session : sessions) {
        Path archived = archiveFolder(server, session.getFileName().toString());
        for (String label : List.of("1", "2", "mix")) {
          Path ours = session.resolve(label + ".wav");
          Path theirs =
              archived.resolve(label.equals("mix") ? "mix.wav" : "stream-" + label + ".wav");
          byte[] a = Files.readAllBytes(ours);
          byte[] b = Files.readAllBytes(theirs);
          assertThat(a.length)
              .as("%s of %s: consumer vs archive length", label, session)
              .isEqualTo(b.length);
          assertThat(a)
              .as("%s of %s: consumer and archive files differ", label, session)
              .isEqualTo(b);
          compared++;
        }
        String summary = Files.readString(archived.resolve("archive.json"));
        assertThat(summary).contains("\"complete\":true").contains("\"chunksDroppedByArchive\":0");
        assertThat(archived.resolve("session.json")).exists();
        assertThat(Files.readAllLines(archived.resolve("events.jsonl")))
            .first()
            .asString()
            .contains("\"type\":\"session.started\"");
        silenceFrames += jsonLong(summary, "silenceFrames");
      }
      System.out.printf(
          "[ArchiveIT] %d calls: %d files identical between consumer and archive; "
              + "%d frames of silence filled in for the outage%n",
          CALLS, compared, silenceFrames);
      // Call 0's leg 2 lost 2 s: more than concealment covers, so silence on both sides of it.
      assertThat(silenceFrames).isGreaterThanOrEqualTo(16000L * 2 - 1600);
    }
  }

  @Test
  void aServerKilledMidCallLeavesPlayableFiles() throws Exception {
    SrsServerProcess server = SrsServerProcess.named("archive-crash").start();
    AnsweredPort ports = AnsweredPort.create();
    Sipp sipp =
        mediaCall(
            server, ports, server.ports.peer(), server.ports.peerMedia(), Duration.ofSeconds(8));
    Path folder;
    try (PacedRtpSender leg1 = new PacedRtpSender(server.ports.peerMedia() + 6, 0x1001, null)) {
      int[] answered = ports.awaitAll(Duration.ofSeconds(15));
      CompletableFuture<Integer> sent =
          leg1.send(
              plan("sipp/audio/leg1_1khz.ulaw"), new InetSocketAddress("127.0.0.1", answered[0]));
      // Killed mid-call once a second of leg 1 is on disk (the 4 s leg is still being sent).
      awaitFileOfAtLeast(server, "stream-1.wav", 44 + 16000 * 2);
      server.kill();
      sent.join();
      sipp.await();
    }
    try (Stream<Path> days = Files.list(server.runtimeDir.resolve("recordings"))) {
      folder =
          days.flatMap(
                  d -> {
                    try {
                      return Files.list(d);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .filter(p -> Files.exists(p.resolve("stream-1.wav")))
              .max(Comparator.comparing(p -> p.toFile().lastModified()))
              .orElseThrow();
    }
    File wav = folder.resolve("stream-1.wav").toFile();
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav)) {
      long frames = in.getFrameLength();
      System.out.printf(
          "[ArchiveIT] killed with 1 s on disk: %s holds %d frames (%.2f s), header and size agree%n",
          wav.getName(), frames, frames / 16000.0);
      assertThat(wav.length()).isEqualTo(44 + frames * 2);
      assertThat(frames)
          .as("frames kept: what was on disk at the kill, and less than the whole leg")
          .isBetween(16000L, 16000L * 3);
    }
    assertThat(folder.resolve("events.jsonl")).exists();
  }

  // ---------------------------------------------------------------------------------------------

  private static void call(SrsServerProcess server, int n) {
    AnsweredPort ports = AnsweredPort.create();
    int sipPort = server.ports.peer() + 20 + n;
    int mediaPort = server.ports.peerMedia() + 20 + 20 * n;
    Sipp sipp = mediaCall(server, ports, sipPort, mediaPort, Duration.ofSeconds(60));
    try (PacedRtpSender leg1 = new PacedRtpSender(mediaPort + 6, 0x100 + n, null);
        PacedRtpSender leg2 = new PacedRtpSender(mediaPort + 8, 0x200 + n, null)) {
      int[] answered = ports.awaitAll(Duration.ofSeconds(15));
      RtpPlan plan2 = plan("media/leg2_440hz.ulaw");
      if (n == 0) {
        plan2 = plan2.withoutPackets(60, 160); // 2 s that never arrive
      }
      long start = System.nanoTime() + 20_000_000L;
      CompletableFuture<Integer> a =
          leg1.send(
              plan("sipp/audio/leg1_1khz.ulaw"),
              new InetSocketAddress("127.0.0.1", answered[0]),
              start);
      CompletableFuture<Integer> b =
          leg2.send(plan2, new InetSocketAddress("127.0.0.1", answered[1]), start);
      a.join();
      b.join();
      assertThat(sipp.await()).as(sipp.report()).isZero();
    }
  }

  private static Sipp mediaCall(
      SrsServerProcess server, AnsweredPort ports, int sipPort, int mediaPort, Duration timeout) {
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

  private static Process startConsumer(SrsServerProcess server, Path out) throws Exception {
    Path jar =
        Path.of(System.getProperty("srs.consumer.dir", "target/srs-consumer"))
            .resolve("srs-consumer.jar");
    ProcessBuilder pb =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar.toString(),
                server.jmsUrl(),
                out.toString())
            .redirectErrorStream(true);
    // As an operator on the server's host would run it: the login from the file the server made.
    pb.environment().put("BROKER_USER", server.consumerLogin().user());
    pb.environment()
        .put(
            "BROKER_PASSWORD_FILE",
            server.runtimeDir.resolve(EmbeddedBroker.CONSUMER_PASSWORD_FILE).toString());
    pb.redirectOutput(out.resolve("consumer.log").toFile());
    Process p = pb.start();
    awaitLog(out.resolve("consumer.log"), "consuming from", 1);
    return p;
  }

  /** Waits until some session's {@code name} under the server's recordings holds {@code bytes}. */
  private static void awaitFileOfAtLeast(SrsServerProcess server, String name, long bytes)
      throws Exception {
    Path recordings = server.runtimeDir.resolve("recordings");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(recordings)) {
        try (Stream<Path> walk = Files.walk(recordings)) {
          if (walk.filter(p -> p.getFileName().toString().equals(name))
              .anyMatch(p -> p.toFile().length() >= bytes)) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no " + name + " of " + bytes + " bytes under " + recordings + " within " + WAIT);
  }

  private static void awaitLog(Path log, String text, int times) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        if (s.split(Pattern.quote(text), -1).length - 1 >= times) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "consumer never said '" + text + "' " + times + " times:\n" + Files.readString(log));
  }

  private static Path archiveFolder(SrsServerProcess server, String sessionId) throws Exception {
    try (Stream<Path> days = Files.list(server.runtimeDir.resolve("recordings"))) {
      return days.map(d -> d.resolve(sessionId))
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no archive folder for " + sessionId));
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

  private static long jsonLong(String json, String field) {
    long sum = 0;
    Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
    }
    return sum;
  }
}
