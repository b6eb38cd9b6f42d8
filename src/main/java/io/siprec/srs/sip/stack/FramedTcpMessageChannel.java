package io.siprec.srs.sip.stack;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * A SIP-over-TCP connection whose bytes are framed by {@link StreamFramer} instead of the stack's
 * line reader (the hook: {@code addBytes}, which the stack calls with every read). Everything else,
 * sending included, is the stack's.
 */
public class FramedTcpMessageChannel extends NioTcpMessageChannel {
  private volatile FramedStream framing;

  /** A connection the SRC opened to us. */
  FramedTcpMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
      throws IOException {
    super(processor, socket);
    messageProcessor = processor; // the stock processor sets this after construction
  }

  /** A connection we open (a BYE to the SRC): cached by the processor under its peer's key. */
  FramedTcpMessageChannel(
      InetAddress address, int port, SIPTransactionStack stack, NioTcpMessageProcessor processor)
      throws IOException {
    super(address, port, stack, processor);
    isCached = true;
  }

  /**
   * A request to this channel's own peer (our BYE) goes on this channel's connection. jain-sip-ri
   * 1.3.0-91 drops a connection it has just opened from its socket table, so the stock path opens a
   * second one for the request, finds no channel for it and discards the bytes: a BYE to a TCP
   * SRC's Contact or to its Record-Route proxy never left. The stack's own send for responses (the
   * two-argument one) registers this channel's socket first; requests now take it too.
   */
  @Override
  public void sendMessage(byte[] message, InetAddress receiver, int port, boolean retry)
      throws IOException {
    if (receiver.equals(peerAddress)
        && port == peerPort
        && socketChannel != null
        && socketChannel.isOpen()) {
      sendMessage(message, retry);
    } else {
      super.sendMessage(message, receiver, port, retry);
    }
  }

  @Override
  protected void addBytes(byte[] bytes) {
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
