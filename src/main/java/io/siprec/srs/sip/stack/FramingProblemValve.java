package io.siprec.srs.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import java.text.ParseException;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.log4j.Logger;

/**
 * Answers the datagrams {@link DatagramParser} marked as unframeable before the transaction layer
 * sees them: a request gets the problem as a 400 sent to where the datagram came from (as the
 * stack's own automatic 400), a response or an ACK is dropped (RFC 3261 §18.3). Everything else
 * passes. Named by {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}.
 */
public final class FramingProblemValve implements SIPMessageValve {
  private static final Logger LOG = Logger.getLogger(FramingProblemValve.class);

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    if (!(request.getApplicationData() instanceof FramingProblem problem)) {
      return true;
    }
    request.setApplicationData(null);
    String peer = channel.getPeerPacketSourceAddress() + ":" + channel.getPeerPacketSourcePort();
    if (Request.ACK.equals(request.getMethod())) {
      LOG.warn("dropped an ACK from " + peer + ": " + problem.reason());
      return false;
    }
    LOG.warn(
        "refused "
            + request.getMethod()
            + " from "
            + peer
            + ": "
            + problem.status()
            + " "
            + problem.reason());
    try {
      channel.sendMessage(
          FramedStream.refusal(request, problem),
          channel.getPeerPacketSourceAddress(),
          channel.getPeerPacketSourcePort());
    } catch (IOException | ParseException e) {
      LOG.warn("cannot answer " + peer + ": " + e.getMessage());
    }
    return false;
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    if (response instanceof SIPMessage message
        && message.getApplicationData() instanceof FramingProblem problem) {
      LOG.warn("dropped a response from " + channel.getPeerAddress() + ": " + problem.reason());
      return false;
    }
    return true;
  }

  @Override
  public void init(SipStack stack) {}

  @Override
  public void destroy() {}
}
