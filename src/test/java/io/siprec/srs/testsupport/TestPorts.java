package io.siprec.srs.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for one test server and its peers, all on loopback, away from 5060 and from each other:
 * each block is checked free (UDP and TCP) before it is handed out.
 */
public final class TestPorts {
  private static final int FIRST_BLOCK = 40000;
  private static final int BLOCK = 400;
  private static final AtomicInteger next =
      new AtomicInteger((int) (ProcessHandle.current().pid() % 20));

  private TestPorts() {}

  /**
   * @param sip the server's SIP port; {@code peer} and {@code peerMedia} are for SIPp or our own
   *     senders; media is the server's RTP range; {@code admin} its console's HTTP port
   */
  public record Block(
      int sip, int broker, int peer, int peerMedia, int mediaMin, int mediaMax, int admin) {}

  public static Block next() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = FIRST_BLOCK + BLOCK * (next.getAndIncrement() % 60);
      Block b = new Block(base, base + 1, base + 2, base + 10, base + 100, base + 399, base + 3);
      if (free(b.sip())
          && free(b.broker())
          && free(b.peer())
          && free(b.peerMedia())
          && free(b.mediaMin())
          && free(b.admin())) {
        return b;
      }
    }
    throw new IllegalStateException("no free block of test ports");
  }

  /** A free port for a peer (SIPp, a sender), chosen by the OS. */
  public static int ephemeral() {
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean free(int port) {
    try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ServerSocket tcp = new ServerSocket()) {
      tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return udp.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
