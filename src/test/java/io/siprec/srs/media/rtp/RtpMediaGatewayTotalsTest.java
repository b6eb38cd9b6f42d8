package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEndpoint;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.MediaGateway;
import io.siprec.srs.session.MediaTotals;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.TestPorts;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The totals the console reads: streams open and closed, over real loopback sockets. */
class RtpMediaGatewayTotalsTest {
  private static final PayloadFormat PCMU = new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, "");
  private static final MediaEvents NO_EVENTS =
      new MediaEvents() {
        @Override
        public void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone) {}

        @Override
        public void silence(
            RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis) {}
      };

  private final TestPorts.Block ports = TestPorts.next();
  private final RtpMediaGateway gateway =
      new RtpMediaGateway(
          Settings.load(
              Map.of(
                      "srs.media.port-min", String.valueOf(ports.mediaMin()),
                      "srs.media.port-max", String.valueOf(ports.mediaMin() + 9))
                  ::get,
              k -> null,
              null),
          chunk -> {},
          NO_EVENTS);

  @AfterEach
  void stop() {
    gateway.stop();
  }

  @Test
  void totalsCountOpenAndClosedStreamsAndNeverGoBack() throws Exception {
    gateway.start();
    assertThat(gateway.totals().streamCapacity()).isEqualTo(5);

    MediaEndpoint first = open("1");
    MediaEndpoint second = open("2");
    send(first.localPort(), 10);
    send(second.localPort(), 5);
    awaitPackets(15);
    assertThat(gateway.totals().openStreams()).isEqualTo(2);

    first.close();
    MediaTotals afterClose = gateway.totals();
    assertThat(afterClose.packetsReceived()).isEqualTo(15);
    assertThat(afterClose.openStreams()).isEqualTo(1);
    assertThat(afterClose.streamsClosed()).isEqualTo(1);

    assertThat(stage(afterClose, "ingress").in())
        .as("stage figures, open and closed")
        .isEqualTo(15);
    assertThat(stage(afterClose, "timeline").out()).isEqualTo(afterClose.packetsPublished());

    second.close();
    assertThat(stage(gateway.totals(), "ingress").in()).isEqualTo(15);
    assertThat(stage(gateway.totals(), "decode").out()).isEqualTo(15);
    assertThat(gateway.totals().packetsReceived()).isEqualTo(15);
    assertThat(gateway.totals().openStreams()).isZero();
    assertThat(gateway.totals().streamsClosed()).isEqualTo(2);
  }

  private static StageFigures stage(MediaTotals totals, String name) {
    return totals.stages().stream().filter(f -> f.stage().equals(name)).findFirst().orElseThrow();
  }

  private MediaEndpoint open(String label) throws Exception {
    return gateway.open(
        new MediaGateway.StreamSpec(
            RecordingSessionId.random(),
            new StreamRequest(
                Integer.parseInt(label) - 1, new StreamLabel(label), List.of(PCMU), false, null)));
  }

  private static void send(int port, int packets) throws Exception {
    try (DatagramChannel out = DatagramChannel.open()) {
      for (int i = 0; i < packets; i++) {
        out.send(
            RtpPackets.packet(0, 100 + i, 160L * i, 0x1234 + port, new byte[160]),
            new InetSocketAddress("127.0.0.1", port));
      }
    }
  }

  private void awaitPackets(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (gateway.totals().packetsReceived() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(gateway.totals().packetsReceived()).isEqualTo(expected);
  }
}
