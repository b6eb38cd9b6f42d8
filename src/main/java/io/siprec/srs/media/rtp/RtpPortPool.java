package io.siprec.srs.media.rtp;

import io.siprec.srs.session.MediaUnavailableException;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

/**
 * Hands out RTP ports from the configured range: even numbers, each with the odd port above it
 * bound for RTCP (RFC 3550 §11). Allocation walks the range round-robin, so a port just released is
 * the last to be reused and late packets of an ended call do not land in a new one. A port another
 * process holds is skipped.
 */
final class RtpPortPool {
  private static final int RECEIVE_BUFFER_BYTES = 256 * 1024;
  private static final int RTCP_RECEIVE_BUFFER_BYTES = 16 * 1024;

  private final InetAddress bindAddress;
  private final int first;
  private final int pairs;
  private final BitSet inUse;
  private int next;

  RtpPortPool(InetAddress bindAddress, int min, int max) {
    this.bindAddress = bindAddress;
    this.first = (min % 2 == 0) ? min : min + 1;
    this.pairs = Math.max(0, (max - first + 1) / 2);
    this.inUse = new BitSet(pairs);
  }

  int capacity() {
    return pairs;
  }

  synchronized int inUse() {
    return inUse.cardinality();
  }

  /** The two sockets of one stream: RTP on the even port, RTCP on the odd one above it. */
  record Pair(DatagramChannel rtp, DatagramChannel rtcp) {
    int port() {
      return rtp.socket().getLocalPort();
    }
  }

  /** Binds non-blocking channels on the next free even port and the odd port above it. */
  synchronized Pair bind() throws MediaUnavailableException {
    IOException lastFailure = null;
    for (int tried = 0; tried < pairs; tried++) {
      int slot = next;
      next = (next + 1) % pairs;
      if (inUse.get(slot)) {
        continue;
      }
      int port = first + 2 * slot;
      DatagramChannel rtp = null;
      DatagramChannel rtcp = null;
      try {
        rtp = open(port, RECEIVE_BUFFER_BYTES);
        rtcp = open(port + 1, RTCP_RECEIVE_BUFFER_BYTES);
        inUse.set(slot);
        return new Pair(rtp, rtcp);
      } catch (BindException e) {
        lastFailure = e; // someone else has one of them: try the next pair
        closeQuietly(rtp);
        closeQuietly(rtcp);
      } catch (IOException e) {
        closeQuietly(rtp);
        closeQuietly(rtcp);
        throw new MediaUnavailableException("cannot open an RTP socket: " + e.getMessage(), e);
      }
    }
    throw new MediaUnavailableException(
        "no free RTP port in " + first + "-" + (first + 2 * pairs - 1), lastFailure);
  }

  private DatagramChannel open(int port, int receiveBuffer) throws IOException {
    DatagramChannel channel =
        DatagramChannel.open(
            bindAddress instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      channel.bind(new InetSocketAddress(bindAddress, port));
      channel.configureBlocking(false);
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  synchronized void release(int port) {
    int slot = (port - first) / 2;
    if (slot >= 0 && slot < pairs) {
      inUse.clear(slot);
    }
  }

  private static void closeQuietly(DatagramChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
