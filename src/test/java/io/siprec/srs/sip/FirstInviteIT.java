package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The first call after start is answered like the later ones. It once took about 600 ms on a quiet
 * CI machine (later ones 13-48 ms): every class on the INVITE path was loaded and linked on it, and
 * the XML binding context was made, so an SRC over UDP retransmitted it at T1 (500 ms), and the
 * late 100 Trying for that retransmission broke strict SRCs. The server now warms that path at
 * start-up.
 *
 * <p>What is measured, besides the time: how many classes the JVM loads between "ready" and the
 * first answer (its class-load log), which does not depend on how busy the machine is. Without the
 * warm-up that was about 1,100 (JAXB 340, the SIP stack's parser 200, our own 100, Artemis 80,
 * ...); with it about 400, mostly the broker client on the event sender's thread.
 */
class FirstInviteIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MAX_CLASSES_LOADED_BY_FIRST_CALL = 600;

  /** RFC 3261 T1: where an SRC over UDP retransmits the INVITE. */
  private static final long T1_MILLIS = 500;

  @Test
  void theFirstInviteAfterStartFindsItsPathWarm() throws Exception {
    Path classLog =
        Files.createDirectories(
                SrsServerProcess.projectDir().resolve("target/it-work/first-invite"))
            .resolve("class-load.log");
    Files.deleteIfExists(classLog);
    try (SrsServerProcess server =
            SrsServerProcess.named("first-invite")
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog)
                .start();
        SipClient sbc = SipClient.to(server)) {
      assertThat(server.log()).contains("warmed up the INVITE path");
      long classesAtReady = lines(classLog);
      List<Long> millis = new ArrayList<>();
      long classesAfterFirst = 0;
      for (int call = 0; call < 6; call++) {
        SipClient.Sent invite =
            sbc.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
        long t0 = System.nanoTime();
        SipClient.Response ok = sbc.exchange(invite, WAIT);
        millis.add((System.nanoTime() - t0) / 1_000_000);
        assertThat(ok.status()).isEqualTo(200);
        if (call == 0) {
          classesAfterFirst = lines(classLog);
        }
        sbc.ack(invite, ok);
        assertThat(sbc.bye(invite, ok).status()).isEqualTo(200);
      }
      long loaded = classesAfterFirst - classesAtReady;
      System.out.printf(
          "[FirstInviteIT] INVITE-to-200 of the calls after start: %s ms; classes loaded by the "
              + "first: %d%n",
          millis, loaded);
      assertThat(loaded)
          .as("classes loaded between ready and the first 200")
          .isPositive()
          .isLessThan(MAX_CLASSES_LOADED_BY_FIRST_CALL);
      assertThat(millis.get(0)).as("first INVITE-to-200, ms").isLessThan(T1_MILLIS);
    }
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> s = Files.lines(file)) {
      return s.count();
    }
  }
}
