package io.siprec.srs.sip.stack;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The stack's NIO transports with our framing on TCP and TLS; UDP and anything else as the stock
 * NIO factory makes them (datagrams are framed by {@link DatagramParser}). Named by {@code
 * gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY} in server-config/mss-sip-stack.properties.
 */
public final class FramedMessageProcessorFactory implements MessageProcessorFactory {
  private final MessageProcessorFactory stock = new NioMessageProcessorFactory();

  @Override
  public MessageProcessor createMessageProcessor(
      SIPTransactionStack stack, InetAddress address, int port, String transport)
      throws IOException {
    if ("TCP".equalsIgnoreCase(transport)) {
      return new FramedTcpMessageProcessor(address, stack, port);
    }
    if ("TLS".equalsIgnoreCase(transport)) {
      return new FramedTlsMessageProcessor(address, stack, port);
    }
    return stock.createMessageProcessor(stack, address, port, transport);
  }
}
