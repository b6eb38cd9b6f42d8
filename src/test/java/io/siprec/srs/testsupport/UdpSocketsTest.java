package io.siprec.srs.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The positive control of every "no RTP port left bound" check: a bound socket is counted, a closed
 * one not.
 */
class UdpSocketsTest {
  @Test
  void aBoundSocketIsSeenAndAClosedOneIsNot() throws Exception {
    int port;
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      port = socket.getLocalPort();
      assertThat(UdpSockets.bound(port)).isEqualTo(1);
      assertThat(UdpSockets.boundInRange(port, port)).isEqualTo(1);
    }
    assertThat(UdpSockets.bound(port)).isZero();
  }
}
