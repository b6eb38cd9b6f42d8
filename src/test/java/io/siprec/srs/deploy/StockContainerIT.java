package io.siprec.srs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.StockContainer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * target/srs.war, unchanged, in a stock Tomcat 7.0.64 + Restcomm SIP Servlets 3.2.0-37 installation
 * (target/stock-container, built from Maven artifacts by the pre-integration-test phase), started
 * with Tomcat's own Bootstrap as a process of its own: a SIPREC call from SIPp is answered, its
 * audio and events reach a JMS consumer on the WAR's embedded broker, and SIGTERM stops it cleanly.
 */
class StockContainerIT {
  private static final Duration DEPLOY = Duration.ofSeconds(120);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void theWarDeploysInAStockContainerAndRecordsACall() throws Exception {
    Path home = StockContainer.layout();
    assertThat(home.resolve("webapps/srs.war")).as("the build put the WAR in webapps/").isRegularFile();
    assertThat(Files.exists(home.resolve("webapps/srs"))).as("no unpacked copy left from an earlier run").isFalse();

    StockContainer container = StockContainer.start(home, "stock-container", DEPLOY);
    JmsProbe jms = null;
    try {
      jms = new JmsProbe(container.jmsUrl());
      System.out.printf("[StockContainerIT] Tomcat started with the WAR deployed %d ms after launch "
          + "(Tomcat: \"Server startup in %d ms\")%n", container.readyAfterMillis(), container.tomcatStartupMillis());
      assertThat(container.log()).contains("SIPREC recording server ready");

      AnsweredPort leg2Port = AnsweredPort.create();
      int mark = jms.mark();
      Sipp sipp = Sipp.scenario("siprec_call.xml").against(container.sipTarget(), container.ports)
          .set("portfile", leg2Port.file()).start();
      int leg2Packets = 100; // 2 s of 20 ms A-law
      try (RtpSender leg2 = new RtpSender(container.ports.peerMedia() + 4,
          Fixtures.bytes("sipp/audio/leg2_440hz.alaw"), 8, 0x5EC1DL)) {
        CompletableFuture<Integer> sent = leg2.send(
            new InetSocketAddress("127.0.0.1", leg2Port.await(Duration.ofSeconds(15))), leg2Packets);
        // SIPp checks the 200's SDP itself (two labelled recvonly lines, +sip.srs): exit 0 or a report.
        assertThat(sipp.await()).as(sipp.report()).isZero();
        assertThat(sent.join()).isEqualTo(leg2Packets);
      }
      String messages = sipp.messages();
      assertThat(messages).contains("SIP/2.0 200 OK").contains("Content-Type: application/sdp").contains("a=recvonly");

      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
      jms.awaitLastChunks(id, WAIT, "1", "2");
      assertThat(ended.json().getString("reason")).isEqualTo("SRC_BYE");
      List<JmsProbe.Chunk> leg1 = jms.chunks(id, "1");
      List<JmsProbe.Chunk> leg2 = jms.chunks(id, "2");
      long leg2Samples = leg2.stream().mapToLong(JmsProbe.Chunk::samples).sum();
      System.out.printf("[StockContainerIT] call %d ms: leg 1 %d chunks, leg 2 %d chunks (%d samples)%n",
          ended.json().getJsonNumber("durationMs").longValue(), leg1.size(), leg2.size(), leg2Samples);
      assertThat(leg1).isNotEmpty();
      // Everything our sender sent on leg 2 came out, at 16 kHz: 320 samples per 20 ms packet.
      assertThat(leg2Samples).isEqualTo(leg2Packets * 320L);

      jms.close(); // the consumer leaves before its broker does
      jms = null;
      long t0 = System.nanoTime();
      int exit = container.terminate(Duration.ofSeconds(40));
      System.out.printf("[StockContainerIT] SIGTERM to exit %d ms, exit code %d%n",
          (System.nanoTime() - t0) / 1_000_000, exit);
      // The JVM ends on the signal after Tomcat's shutdown hook has stopped the webapp: 128 + 15.
      assertThat(exit).isEqualTo(143);
      assertThat(container.log()).contains("SIPREC recording server stopped").contains("embedded broker stopped");
    } finally {
      if (jms != null) {
        jms.close();
      }
      container.close();
    }
  }
}
