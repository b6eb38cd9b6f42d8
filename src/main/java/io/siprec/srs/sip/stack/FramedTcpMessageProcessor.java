package io.siprec.srs.sip.stack;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.NIOMode;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * The stack's NIO TCP listener, whose connections (accepted and opened) are {@link
 * FramedTcpMessageChannel}s. The hooks are the processor's channel factories: the one the accept
 * loop calls, and the two the stack calls to reach a peer.
 */
public class FramedTcpMessageProcessor extends NioTcpMessageProcessor {
  public FramedTcpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) {
    super(address, stack, port);
  }

  @Override
  public NioTcpMessageChannel createMessageChannel(
      NioTcpMessageProcessor processor, SocketChannel socket) throws IOException {
    NioTcpMessageChannel known = nioHandler.getMessageChannel(socket);
    if (known != null) {
      return known;
    }
    FramedTcpMessageChannel accepted = new FramedTcpMessageChannel(processor, socket);
    nioHandler.putMessageChannel(socket, accepted);
    return accepted;
  }

  @Override
  public MessageChannel createMessageChannel(HostPort target) throws IOException {
    return channelTo(
        MessageChannel.getKey(target, transport), target.getInetAddress(), target.getPort());
  }

  @Override
  public MessageChannel createMessageChannel(InetAddress address, int port) throws IOException {
    return channelTo(MessageChannel.getKey(address, port, transport), address, port);
  }

  /** The cached connection to a peer, or a new one. */
  private synchronized MessageChannel channelTo(String key, InetAddress address, int port)
      throws IOException {
    ConnectionOrientedMessageChannel cached = messageChannels.get(key);
    if (cached != null) {
      return cached;
    }
    FramedTcpMessageChannel opened = new FramedTcpMessageChannel(address, port, sipStack, this);
    messageChannels.put(key, opened);
    if (sipStack.nioMode == NIOMode.BLOCKING) {
      selector.wakeup(); // the new socket must join the selector's set
    }
    return opened;
  }
}
