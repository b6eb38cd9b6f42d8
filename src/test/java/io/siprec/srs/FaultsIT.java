package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.PacedRtpSender;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.broker.StandaloneBroker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * Faults with real peers: the broker is down when the server starts and during a whole call (the
 * call is recorded to disk, its events arrive once the broker is back, the audio the feed lost is
 * accounted for); and the server is killed with a call up and started again on the same ports (the
 * old dialog gets 481, new calls work, the cut-off recording is playable and marked); and the
 * archive's disk is below its minimum free space (an alarm on /health and in the metrics, calls go
 * on).
 */
class FaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PACKETS = 100;

  @Test
  void aBrokerDownAtStartAndThroughACallLosesNoEventAndTheCallIsOnDisk() throws Exception {
    try (StandaloneBroker broker = StandaloneBroker.named("faults").start()) {
      broker.stop();
      try (SrsServerProcess server =
              SrsServerProcess.named("faults-no-broker")
                  .env("SRS_JMS_EMBEDDED_BROKER", "false")
                  .env("SRS_JMS_URL", broker.url())
                  .start();
          SipClient sip = SipClient.to(server)) {
        SipClient.Sent invite =
            sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
        SipClient.Response ok = sip.exchange(invite, WAIT);
        assertThat(ok.status()).as("recording goes on without a broker").isEqualTo(200);
        sip.ack(invite, ok);
        stream(server, ok, 0);
        assertThat(sip.bye(invite, ok).status()).isEqualTo(200);

        Path folder = completeSessionFolder(server);
        long frames = framesOf(folder.resolve("stream-1.wav"));
        System.out.printf(
            "[FaultsIT] no broker: call on disk, %d frames in stream-1.wav%n", frames);
        assertThat(frames).isEqualTo(PACKETS * 320L);
        String id = folder.getFileName().toString();

        broker.restart();
        try (JmsProbe jms = new JmsProbe(broker.url())) {
          jms.awaitEvent(id, "session.ended", WAIT);
          jms.awaitLastChunks(id, WAIT, "1", "2");
          assertThat(jms.events(id))
              .extracting(JmsProbe.Event::type)
              .containsSubsequence("session.started", "session.ended");
          for (String label : List.of("1", "2")) {
            List<JmsProbe.Chunk> chunks = jms.chunks(id, label);
            JmsProbe.Chunk last = chunks.get(chunks.size() - 1);
            System.out.printf(
                "[FaultsIT] stream %s: last chunk %d arrived after the outage saying %d dropped%n",
                label, last.sequence(), last.droppedBefore());
            assertThat(chunks).as("only the kept last chunk arrives").hasSize(1);
            assertThat(last.droppedBefore())
                .as("every chunk before it accounted for")
                .isEqualTo(last.sequence());
          }
        }
      }
    }
  }

  @Test
  void aServerKilledWithACallUpComesBackOnItsPortsAndSaysWhatItLost() throws Exception {
    SrsServerProcess first = SrsServerProcess.named("faults-restart").start();
    SipClient.Sent invite;
    SipClient.Response ok;
    try (SipClient sip = SipClient.to(first)) {
      invite = sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
      ok = sip.exchange(invite, WAIT);
      sip.ack(invite, ok);
      stream(first, ok, 0);
      first.kill();
    }
    Path cutOff = onlySessionFolder(first);
    try (SrsServerProcess second =
            SrsServerProcess.named("faults-restart").onPortsOf(first).start();
        SipClient sip = SipClient.to(second)) {
      assertThat(sip.bye(invite, ok).status()).as("the old dialog is gone").isEqualTo(481);
      SipClient.Sent again =
          sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
      SipClient.Response ok2 = sip.exchange(again, WAIT);
      assertThat(ok2.status()).isEqualTo(200);
      sip.ack(again, ok2);
      assertThat(sip.bye(again, ok2).status()).isEqualTo(200);
      assertThat(Files.readString(cutOff.resolve("archive.json")))
          .contains("\"complete\":false")
          .contains("interrupted");
      long frames = framesOf(cutOff.resolve("stream-1.wav"));
      System.out.printf(
          "[FaultsIT] killed mid-call: %d frames kept in the cut-off recording%n", frames);
      assertThat(frames).isPositive();
      assertThat(second.log()).contains("cut off by the previous run");
    }
  }

  @Test
  void anArchiveDiskBelowItsMinimumRaisesAnAlarmAndCallsGoOn() throws Exception {
    // No test machine has a petabyte free: the archive's disk is "full" from the first check.
    try (SrsServerProcess server =
            SrsServerProcess.named("faults-disk")
                .env("SRS_ARCHIVE_MIN_FREE_MB", String.valueOf(1L << 30))
                .start();
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin());
        SipClient sip = SipClient.to(server)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(server.adminUrl() + "health"))
                  .timeout(WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      System.out.printf(
          "[FaultsIT] disk below minimum: /health %d %s%n", health.statusCode(), health.body());
      assertThat(health.body())
          .contains("\"alarms\"")
          .contains("ARCHIVE_LOW_SPACE")
          .contains("\"status\":\"UP\"");
      assertThat(health.statusCode()).as("a load balancer keeps sending calls").isEqualTo(200);
      assertThat(server.log()).contains("alarm ARCHIVE_LOW_SPACE raised");

      int mark = jms.mark();
      SipClient.Sent invite =
          sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).as("calls are still taken").isEqualTo(200);
      sip.ack(invite, ok);
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      stream(server, ok, 0);
      assertThat(sip.bye(invite, ok).status()).isEqualTo(200);
      jms.awaitEvent(id, "session.ended", WAIT);
      jms.awaitLastChunks(id, WAIT, "1", "2");
      assertThat(jms.chunks(id, "1")).extracting(JmsProbe.Chunk::droppedBefore).containsOnly(0L);
      assertThat(framesOf(completeSessionFolder(server).resolve("stream-1.wav")))
          .as("and still archived while space lasts")
          .isEqualTo(PACKETS * 320L);
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(server.adminUrl() + "metrics"))
                      .timeout(WAIT)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).containsPattern("(?m)^srs_alarms_active(\\{[^}]*\\})? 1(\\.0)?$");
    }
  }

  /** Sends {@value #PACKETS} packets of a tone to each line of the answer, in real time. */
  private static void stream(SrsServerProcess server, SipClient.Response ok, int offset) {
    Matcher port = Pattern.compile("m=audio (\\d+) ").matcher(ok.body());
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    List<PacedRtpSender> senders = new ArrayList<>();
    for (int leg = 0; port.find(); leg++) {
      PacedRtpSender s =
          new PacedRtpSender(server.ports.peerMedia() + offset + 2 * leg, 0x900 + leg, null);
      senders.add(s);
      sent.add(
          s.send(
              RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS),
              new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)))));
    }
    sent.forEach(CompletableFuture::join);
    senders.forEach(PacedRtpSender::close);
  }

  /** The newest session folder of a server's archive (runs of the same test name share it). */
  private static Path onlySessionFolder(SrsServerProcess server) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> days = Files.list(server.runtimeDir.resolve("recordings"))) {
        var newest =
            days.flatMap(
                    d -> {
                      try {
                        return Files.list(d);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    })
                .filter(p -> Files.exists(p.resolve("stream-1.wav")))
                .max(Comparator.comparing(p -> p.toFile().lastModified()));
        if (newest.isPresent()) {
          return newest.get();
        }
      } catch (NoSuchFileException e) {
        // not yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no recording on disk");
  }

  /**
   * The newest session folder, once its archive.json says complete: every chunk of the ended call
   * is on disk.
   */
  private static Path completeSessionFolder(SrsServerProcess server) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Path folder = onlySessionFolder(server);
    while (!isComplete(folder)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("recording " + folder + " not complete within " + WAIT);
      }
      Thread.sleep(100);
    }
    return folder;
  }

  private static boolean isComplete(Path folder) {
    try {
      return Files.readString(folder.resolve("archive.json")).contains("\"complete\":true");
    } catch (IOException e) {
      return false; // not written yet
    }
  }

  private static long framesOf(Path wav) throws Exception {
    File f = wav.toFile();
    try (AudioInputStream in = AudioSystem.getAudioInputStream(f)) {
      assertThat(f.length()).isEqualTo(44 + in.getFrameLength() * 2);
      return in.getFrameLength();
    }
  }
}
