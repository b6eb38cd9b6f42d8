package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.UdpSockets;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM with a recording in progress: the SRC gets a BYE and answers it, consumers get the last
 * chunks and the "session ended" event, and the process exits with 0 in bounded time.
 */
class ShutdownIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void sigtermEndsLiveRecordingsCleanlyAndExitsZero() throws Exception {
    SrsServerProcess server = SrsServerProcess.named("shutdown").start();
    try (JmsProbe jms = new JmsProbe(server.jmsUrl());
        RtpSender leg2 = new RtpSender(server.ports.peerMedia() + 4, Fixtures.bytes("sipp/audio/leg2_440hz.alaw"), 8,
            0x5EC0FL)) {
      AnsweredPort leg2Port = AnsweredPort.create();
      Sipp sipp = Sipp.scenario("siprec_call_ended_by_srs.xml").against(server).set("portfile", leg2Port.file()).start();
      int port = leg2Port.await(Duration.ofSeconds(15));
      leg2.send(new InetSocketAddress("127.0.0.1", port), 1000);
      String id = jms.awaitSessionStartedAfter(0, WAIT);
      Thread.sleep(1500); // let audio flow

      long t0 = System.nanoTime();
      int exit = server.terminate(Duration.ofSeconds(30));
      long stopMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("[ShutdownIT] SIGTERM to exit: %d ms, exit code %d%n", stopMs, exit);

      assertThat(exit).isZero();
      assertThat(stopMs).isLessThan(15_000);
      assertThat(sipp.await()).as("SIPp received our BYE and answered it\n" + sipp.report()).isZero();
      assertThat(server.log()).contains("session " + id + ": BYE sent").contains("drained: 1 recording session(s) ended");

      JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
      assertThat(ended.json().getString("reason")).isEqualTo("SERVER_SHUTDOWN");
      jms.awaitLastChunks(id, WAIT, "1", "2");
      assertThat(jms.chunks(id, "1").size()).isGreaterThan(10);
      assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax)).isZero();
    } finally {
      server.close();
    }
  }

}
