package io.siprec.srs.sip.stack;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * A SIP-over-TLS connection: the stack decrypts, then the plain text is framed by {@link
 * StreamFramer} instead of the stack's line reader (the hook: {@code addPlaintextBytes}).
 */
public class FramedTlsMessageChannel extends NioTlsMessageChannel {
  private volatile FramedStream framing;

  /** A connection the SRC opened to us. */
  FramedTlsMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
      throws IOException {
    super(processor, socket);
  }

  /** A connection we open (a BYE to the SRC): cached by the processor under its peer's key. */
  FramedTlsMessageChannel(
      InetAddress address, int port, SIPTransactionStack stack, NioTcpMessageProcessor processor)
      throws IOException {
    super(address, port, stack, processor);
    isCached = true;
  }

  /**
   * As {@link FramedTcpMessageChannel#sendMessage(byte[], InetAddress, int, boolean)}: the stock
   * TLS path loses such a request the same way.
   */
  @Override
  public void sendMessage(byte[] message, InetAddress receiver, int port, boolean retry)
      throws IOException {
    if (receiver.equals(peerAddress)
        && port == peerPort
        && socketChannel != null
        && socketChannel.isOpen()) {
      sendMessage(message, retry); // encrypted, then written on this connection
    } else {
      super.sendMessage(message, receiver, port, retry);
    }
  }

  @Override
  public void addPlaintextBytes(byte[] bytes) {
    framing().addBytes(bytes);
  }

  /**
   * Made on first use: the super constructor registers this channel for reads before ours has run.
   */
  private FramedStream framing() {
    FramedStream f = framing;
    if (f == null) {
      synchronized (this) {
        if (framing == null) {
          framing = new FramedStream(this, bytes -> sendMessage(bytes, false));
        }
        f = framing;
      }
    }
    return f;
  }
}
