package io.siprec.srs.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import java.text.ParseException;
import java.util.Arrays;
import org.apache.log4j.Logger;

/**
 * The stack's message parser with RFC 3261 §18.3's rules for a datagram's body, which the stock
 * parser does not follow (it ignores a body without Content-Length and keeps bytes beyond
 * Content-Length as part of the body):
 *
 * <ul>
 *   <li>no Content-Length: the body is the rest of the datagram;
 *   <li>Content-Length smaller than what follows the header section: the body is Content-Length
 *       bytes, the rest "MUST be discarded";
 *   <li>Content-Length larger: an error; the message is marked with its {@link FramingProblem} and
 *       {@link FramingProblemValve} answers a request 400 and drops a response, whatever form its
 *       headers are in (the stack's own automatic 400 only reads long-form CRLF headers).
 * </ul>
 *
 * The stack also uses this parser, without a body ({@code readBody} false), for the header sections
 * {@link FramedStream} frames: those pass straight through. Stateless, as the stock parser: one
 * instance may serve several threads.
 */
public class DatagramParser extends StringMsgParser {
  private static final Logger LOG = Logger.getLogger(DatagramParser.class);

  @Override
  public SIPMessage parseSIPMessage(
      byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener)
      throws ParseException {
    if (!readBody) {
      return super.parseSIPMessage(bytes, false, strict, listener);
    }
    SIPMessage message;
    try {
      rejectWithoutStartLine(bytes);
      message = super.parseSIPMessage(bytes, false, strict, listener);
    } catch (ParseException e) {
      LOG.warn("unreadable datagram from " + peer(listener) + ": " + e.getMessage());
      throw e;
    }
    if (message == null) {
      return null; // nothing but line ends: a keep-alive
    }
    int bodyStart = Math.min(message.getSize(), bytes.length);
    int available = bytes.length - bodyStart;
    if (StreamFramer.contentLength(bytes, 0, bodyStart)
        == StreamFramer.NOT_SEEN) { // the stack reads it as 0
      if (available > 0) {
        message.setMessageContent(Arrays.copyOfRange(bytes, bodyStart, bytes.length));
      }
      return message;
    }
    int declared = message.getContentLength().getContentLength();
    if (declared > available) {
      message.setApplicationData(
          FramingProblem.datagramShorterThanContentLength(declared, available));
    } else if (declared > 0) {
      message.setMessageContent(Arrays.copyOfRange(bytes, bodyStart, bodyStart + declared));
    }
    return message;
  }

  /**
   * A datagram whose first line (after line ends, §7.5) is not a start line: refused naming that
   * line, where the stack's parser would fail somewhere inside it with a message such as
   * "[C@2f44b6ba getNextChar: End of buffer". The stack answers the ParseException with a 400.
   */
  private static void rejectWithoutStartLine(byte[] bytes) throws ParseException {
    int start = 0;
    while (start < bytes.length && (bytes[start] & 0xff) < 0x20) {
      start++; // line ends and other control bytes before the start line, as the stock parser skips
      // them
    }
    if (start == bytes.length) {
      return; // nothing else: a keep-alive, for which the stock parser returns null
    }
    int lf = start;
    while (lf < bytes.length && bytes[lf] != '\n') {
      lf++;
    }
    if (lf < bytes.length && StreamFramer.isStartLine(bytes, start, lf)) {
      return;
    }
    StringBuilder line = new StringBuilder();
    int end = lf > start && bytes[lf - 1] == '\r' ? lf - 1 : lf;
    for (int i = start; i < end && line.length() < 40; i++) {
      char c = (char) (bytes[i] & 0xff);
      line.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    throw new ParseException(
        "Not a SIP start line (RFC 3261 7.1): " + line.toString().strip(), start);
  }

  private static String peer(ParseExceptionListener listener) {
    return listener instanceof MessageChannel channel ? channel.getPeerAddress() : "?";
  }
}
