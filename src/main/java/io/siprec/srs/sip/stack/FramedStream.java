package io.siprec.srs.sip.stack;

import gov.nist.javax.sip.ThreadAffinityTask;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.QueuedMessageDispatchBase;
import gov.nist.javax.sip.stack.SIPEventInterceptor;
import java.io.IOException;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.message.Request;
import org.apache.log4j.Logger;

/**
 * One connection's bytes, framed by {@link StreamFramer}, parsed by the stack's message parser and
 * handed to the stack as its own reader would (the channel's {@code processMessage}); what cannot
 * be framed or parsed is answered on the same connection with a 400 or 413 naming the problem.
 */
final class FramedStream implements StreamFramer.Listener {
  private static final Logger LOG = Logger.getLogger(FramedStream.class);

  /**
   * Headers a response must copy or a message cannot be routed without: unreadable, the message is
   * refused.
   */
  private static final Set<Class<?>> VITAL_HEADERS =
      Set.of(
          From.class,
          To.class,
          CSeq.class,
          Via.class,
          CallID.class,
          ContentLength.class,
          RequestLine.class,
          StatusLine.class);

  /**
   * Any other unreadable header is kept as it came, as the stack does on UDP, and the message goes
   * on.
   */
  private static final ParseExceptionListener KEEP_UNREADABLE_OPTIONAL_HEADERS =
      (problem, message, headerClass, header, text) -> {
        if (VITAL_HEADERS.contains(headerClass)) {
          throw problem;
        }
        message.addUnparsed(header);
      };

  /** How a channel sends bytes that are not a parsed message (its protected send). */
  interface RawSender {
    void send(byte[] bytes) throws IOException;
  }

  private final ConnectionOrientedMessageChannel channel;
  private final RawSender raw;
  private final MessageParser parser;
  private final StreamFramer framer;
  private long skippedBytes;

  FramedStream(ConnectionOrientedMessageChannel channel, RawSender raw) {
    this.channel = channel;
    this.raw = raw;
    this.parser =
        channel.getSIPStack().getMessageParserFactory().createMessageParser(channel.getSIPStack());
    this.framer = new StreamFramer(channel.getSIPStack().getMaxMessageSize(), this);
  }

  /**
   * Bytes off the connection (plain text, after TLS). Messages complete in them are processed
   * before this returns.
   */
  synchronized void addBytes(byte[] bytes) {
    framer.feed(bytes, 0, bytes.length);
  }

  @Override
  public void message(byte[] buffer, int start, int bodyStart, int end) {
    byte[] head = Arrays.copyOfRange(buffer, start, bodyStart);
    byte[] body = end > bodyStart ? Arrays.copyOfRange(buffer, bodyStart, end) : null;
    // As the stack's own reader: parsed and processed on the stack's post-parsing pool, not on
    // the selector thread that serves every connection. One call's messages go to one thread, in
    // order.
    ScheduledExecutorService pool = channel.getSIPStack().getSelfRoutingThreadpoolExecutor();
    String callId = StreamFramer.callId(head, 0, head.length);
    if (pool == null || callId == null) {
      parseAndProcess(head, body);
    } else {
      pool.execute(new Delivery(callId, head, body));
    }
  }

  /** One framed message on its way to the pool; its call's id picks the thread. */
  private final class Delivery implements ThreadAffinityTask, QueuedMessageDispatchBase {
    private final String callId;
    private final byte[] head;
    private final byte[] body;
    private final long receivedAt = System.currentTimeMillis();

    Delivery(String callId, byte[] head, byte[] body) {
      this.callId = callId;
      this.head = head;
      this.body = body;
    }

    @Override
    public Object getThreadHash() {
      return callId;
    }

    @Override
    public long getReceptionTime() {
      return receivedAt;
    }

    @Override
    public void run() {
      parseAndProcess(head, body);
    }
  }

  private void parseAndProcess(byte[] head, byte[] body) {
    SIPMessage message;
    try {
      message = parser.parseSIPMessage(head, false, false, KEEP_UNREADABLE_OPTIONAL_HEADERS);
    } catch (ParseException e) {
      answerUnparseable(head, e.getMessage());
      return;
    }
    if (message == null) {
      return;
    }
    if (body != null) {
      message.setMessageContent(body);
    }
    SIPEventInterceptor interceptor = channel.getSIPStack().sipEventInterceptor;
    try {
      if (interceptor != null) {
        interceptor.beforeMessage(message);
      }
      channel.processMessage(message);
    } catch (Exception e) {
      LOG.warn("cannot process a message from " + peer() + ": " + e, e);
    } finally {
      if (interceptor != null) {
        interceptor.afterMessage(message);
      }
    }
  }

  @Override
  public void refused(byte[] buffer, int start, int bodyStart, FramingProblem problem) {
    byte[] head = Arrays.copyOfRange(buffer, start, bodyStart);
    SIPMessage message;
    try {
      message = parser.parseSIPMessage(head, false, false, KEEP_UNREADABLE_OPTIONAL_HEADERS);
    } catch (ParseException e) {
      answerUnparseable(head, problem.reason());
      return;
    }
    if (!(message instanceof SIPRequest request) || Request.ACK.equals(request.getMethod())) {
      LOG.warn(
          "dropped a message from " + peer() + " that cannot be answered: " + problem.reason());
      return;
    }
    LOG.warn(
        "refused "
            + request.getMethod()
            + " from "
            + peer()
            + ": "
            + problem.status()
            + " "
            + problem.reason());
    try {
      channel.sendMessage(refusal(request, problem));
    } catch (IOException | ParseException e) {
      LOG.warn("cannot answer " + peer() + ": " + e.getMessage());
    }
  }

  /**
   * A stateless answer (like the stack's own automatic 400), with a To tag as RFC 3261 §8.2.6.2
   * asks.
   */
  static SIPResponse refusal(SIPRequest request, FramingProblem problem) throws ParseException {
    SIPResponse response = request.createResponse(problem.status(), problem.reason());
    if (response.getTo() != null && response.getTo().getTag() == null) {
      response
          .getTo()
          .setTag(Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }
    return response;
  }

  /**
   * A header section the stack cannot parse: a 400 built from its raw lines, if it is a request.
   */
  private void answerUnparseable(byte[] head, String why) {
    String reason = "Bad Request (" + RawBadRequest.phrase(why) + ")";
    byte[] answer = RawBadRequest.answer(head, reason);
    if (answer == null) {
      LOG.warn(
          "dropped an unreadable message from " + peer() + " (" + why + "): it cannot be answered");
      return;
    }
    LOG.warn("refused an unreadable request from " + peer() + ": 400 " + reason);
    try {
      raw.send(answer);
    } catch (IOException e) {
      LOG.warn("cannot answer " + peer() + ": " + e.getMessage());
    }
  }

  @Override
  public void keepAlivePing() {
    try {
      channel.sendSingleCLRF();
    } catch (Exception e) {
      LOG.debug("cannot answer a keep-alive from " + peer() + ": " + e.getMessage());
    }
  }

  @Override
  public void keepAlivePong() {
    channel.cancelPingKeepAliveTimeoutTaskIfStarted();
  }

  @Override
  public void skipped(int bytes) {
    if (skippedBytes == 0) {
      LOG.warn(
          "skipping bytes from "
              + peer()
              + " that are not a SIP message, up to the next start line");
    }
    skippedBytes += bytes;
    LOG.debug(skippedBytes + " bytes skipped so far from " + peer());
  }

  @Override
  public void unframeable(String why) {
    LOG.warn("closing the connection from " + peer() + ": " + why);
    channel.close();
  }

  private String peer() {
    return channel.getPeerAddress() + ":" + channel.getPeerPort() + "/" + channel.getTransport();
  }

  /** For tests: bytes held back for an incomplete message. */
  int pendingBytes() {
    return framer.pendingBytes();
  }
}
