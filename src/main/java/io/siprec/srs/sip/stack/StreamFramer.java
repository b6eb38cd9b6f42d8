package io.siprec.srs.sip.stack;

import java.nio.charset.StandardCharsets;

/**
 * Finds where each SIP message begins and ends in a byte stream (TCP, TLS), per RFC 3261:
 *
 * <ul>
 *   <li>CRLFs before a start line are ignored (§7.5); between messages a CRLFCRLF is an RFC 5626
 *       §4.4.1 keep-alive ping and a lone CRLF its pong.
 *   <li>A line ends with CRLF or with a bare LF (many SBCs send bare LFs; the stack's own reader
 *       waits for a CRLF blank line and so never sees the end of such a request).
 *   <li>The header section ends at the first empty line; the body is exactly Content-Length bytes
 *       (§18.3), whatever they hold: bare LFs in a body are body bytes, counted and passed on
 *       untouched.
 *   <li>Content-Length is found in any case, long or compact ({@code l}, §7.3.3), with white space
 *       around the colon and the value (§7.3.1 HCOLON) and even folded onto the next line.
 *   <li>A message without Content-Length is refused (§18.3, §20.14: mandatory on streams), as is
 *       one whose Content-Length is not a number or whose Content-Length headers disagree; framing
 *       then resumes at the next start line.
 *   <li>Bytes before a start line that are not line ends are skipped up to the next start line:
 *       nothing in them says whom an answer would go to.
 *   <li>A message over the size limit is answered 413 and its body discarded as it arrives, so the
 *       connection stays usable. A header section over the limit cannot be framed at all: the
 *       connection is given up.
 * </ul>
 *
 * <p>Buffers: {@link #feed} borrows its bytes for the call and copies what it must keep. The
 * listener is given ranges of a buffer it borrows for the duration of the call only.
 *
 * <p>Not thread-safe: one framer per connection, fed by one reader at a time.
 */
final class StreamFramer {
  /** What the framer finds. Each call borrows {@code buffer}; copy what you keep. */
  interface Listener {
    /**
     * A whole message: header section [start, bodyStart) with its empty line, body [bodyStart,
     * end).
     */
    void message(byte[] buffer, int start, int bodyStart, int end);

    /**
     * A header section [start, bodyStart) whose message cannot be framed: answer it with the
     * problem.
     */
    void refused(byte[] buffer, int start, int bodyStart, FramingProblem problem);

    /** CRLFCRLF between messages: RFC 5626 §4.4.1 asks for a CRLF in return. */
    void keepAlivePing();

    /** A single CRLF between messages: the answer to our own ping. */
    void keepAlivePong();

    /** Bytes before a start line that are neither line ends nor a message were dropped. */
    void skipped(int bytes);

    /**
     * The stream cannot be framed any more (a header section over the limit): close the connection.
     */
    void unframeable(String why);
  }

  private static final byte[] NOTHING = new byte[0];
  private static final int INITIAL_CAPACITY = 8 * 1024;

  /**
   * A buffer grown for a large message is given back once empty, so idle connections stay small.
   */
  private static final int RETAINED_CAPACITY = 64 * 1024;

  /** {@link #contentLength}: the header section has none. */
  static final long NOT_SEEN = -1;

  private static final long NOT_A_NUMBER = -2;
  private static final long DISAGREE = -3;

  private final int maxMessageBytes;
  private final Listener listener;
  private byte[] pending = NOTHING;
  private int pendingLength;

  /** Body bytes of a refused oversized message still to come, to be dropped. */
  private long discarding;

  /** Line ends since the last message, for telling keep-alive pings from pongs. */
  private int lineEndsBetweenMessages;

  private boolean givenUp;

  /**
   * @param maxMessageBytes the largest message (header section and body) accepted, 0 or less for no
   *     limit
   */
  StreamFramer(int maxMessageBytes, Listener listener) {
    this.maxMessageBytes = maxMessageBytes > 0 ? maxMessageBytes : Integer.MAX_VALUE - 16;
    this.listener = listener;
  }

  /** Bytes as they came off the connection. Calls the listener for everything complete in them. */
  void feed(byte[] bytes, int offset, int length) {
    if (givenUp) {
      return;
    }
    if (discarding > 0) {
      int dropped = (int) Math.min(discarding, length);
      discarding -= dropped;
      offset += dropped;
      length -= dropped;
    }
    if (length == 0) {
      return;
    }
    if (pendingLength == 0) {
      // Usual case: a read that holds whole messages is framed where it lies, without a copy.
      int used = frame(bytes, offset, offset + length);
      keep(bytes, used, offset + length);
    } else {
      append(bytes, offset, length);
      int used = frame(pending, 0, pendingLength);
      dropConsumed(used);
    }
  }

  /** Bytes held back waiting for the rest of a message. */
  int pendingBytes() {
    return pendingLength;
  }

  /** Frames what is complete in [from, to). @return the index up to which the bytes are consumed */
  private int frame(byte[] buf, int from, int to) {
    int pos = from;
    while (pos < to && !givenUp) {
      byte b = buf[pos];
      if (b != '\n' && (b & 0xff) < 0x20) {
        pos++; // CR, and control bytes some NATs send as keep-alives: nothing to frame
        continue;
      }
      if (b == '\n') {
        pos++;
        if (++lineEndsBetweenMessages % 2 == 0) {
          listener.keepAlivePing();
        } else {
          listener.keepAlivePong();
        }
        continue;
      }
      int lineEnd = indexOf(buf, '\n', pos, to);
      if (lineEnd < 0) {
        return waitFor(pos, to);
      }
      lineEndsBetweenMessages = 0;
      if (!isStartLine(buf, pos, lineEnd)) {
        listener.skipped(lineEnd + 1 - pos);
        pos = lineEnd + 1;
        continue;
      }
      int bodyStart = endOfHeaderSection(buf, lineEnd, to);
      if (bodyStart < 0) {
        return waitFor(pos, to);
      }
      long contentLength = contentLength(buf, lineEnd + 1, bodyStart);
      if (contentLength < 0) {
        listener.refused(buf, pos, bodyStart, problem(contentLength));
        pos = bodyStart; // whatever body follows is skipped up to the next start line
        continue;
      }
      if (bodyStart - pos + contentLength > maxMessageBytes) {
        listener.refused(buf, pos, bodyStart, FramingProblem.tooLarge(maxMessageBytes));
        long here = to - bodyStart;
        if (contentLength <= here) {
          pos = bodyStart + (int) contentLength;
        } else {
          discarding = contentLength - here;
          pos = to;
        }
        continue;
      }
      if (to - bodyStart < contentLength) {
        return pos; // the body is still on its way
      }
      int end = bodyStart + (int) contentLength;
      listener.message(buf, pos, bodyStart, end);
      pos = end;
    }
    return pos;
  }

  /**
   * An incomplete line or header section at [pos, to): keep waiting, unless it is already too long.
   */
  private int waitFor(int pos, int to) {
    if (to - pos > maxMessageBytes) {
      givenUp = true;
      listener.unframeable("no end of the header section within " + maxMessageBytes + " bytes");
      return to;
    }
    return pos;
  }

  private static FramingProblem problem(long contentLength) {
    if (contentLength == NOT_SEEN) {
      return FramingProblem.contentLengthMissingOnStream();
    }
    if (contentLength == DISAGREE) {
      return FramingProblem.contentLengthsDisagree();
    }
    return FramingProblem.contentLengthNotANumber();
  }

  /**
   * RFC 3261 §7.1, §7.2: a Status-Line starts with the SIP-Version; a Request-Line is Method SP
   * Request-URI SP SIP-Version. The version is matched without regard to case ("SIP-Version string
   * is case-insensitive"); its number is checked later by the stack (505).
   *
   * @param lf the index of the line's LF
   */
  static boolean isStartLine(byte[] buf, int from, int lf) {
    int end = lf > from && buf[lf - 1] == '\r' ? lf - 1 : lf;
    if (end - from >= 5 && regionIsSipSlash(buf, from) && isDigit(buf[from + 4])) {
      return true;
    }
    // From the end: 1*DIGIT "." 1*DIGIT, "SIP/", SP, and a method before an earlier SP.
    int p = end - 1;
    int digits = 0;
    while (p >= from && isDigit(buf[p])) {
      p--;
      digits++;
    }
    if (digits == 0 || p < from || buf[p] != '.') {
      return false;
    }
    p--;
    digits = 0;
    while (p >= from && isDigit(buf[p])) {
      p--;
      digits++;
    }
    p -= 3; // now at the 'S' of "SIP/"
    if (digits == 0 || p - 1 <= from || !regionIsSipSlash(buf, p) || buf[p - 1] != ' ') {
      return false;
    }
    int firstSpace = indexOf(buf, ' ', from, p - 1);
    return firstSpace > from && firstSpace < p - 2;
  }

  private static boolean regionIsSipSlash(byte[] buf, int at) {
    return (buf[at] | 0x20) == 's'
        && (buf[at + 1] | 0x20) == 'i'
        && (buf[at + 2] | 0x20) == 'p'
        && buf[at + 3] == '/';
  }

  /**
   * The index just after the empty line that ends the header section, or -1 if it has not arrived.
   * An empty line is CRLF or a bare LF right after a line's LF.
   *
   * @param firstLf the LF of the start line
   */
  static int endOfHeaderSection(byte[] buf, int firstLf, int to) {
    for (int lf = firstLf; lf >= 0 && lf < to; lf = indexOf(buf, '\n', lf + 1, to)) {
      int next = lf + 1;
      if (next < to && buf[next] == '\n') {
        return next + 1;
      }
      if (next + 1 < to && buf[next] == '\r' && buf[next + 1] == '\n') {
        return next + 2;
      }
    }
    return -1;
  }

  /**
   * The Content-Length of a header section, or NOT_SEEN, NOT_A_NUMBER, DISAGREE. Header names are
   * compared without regard to case (§7.3.1), {@code l} is the compact form (§7.3.3), and the value
   * may be surrounded by white space or folded onto continuation lines.
   */
  static long contentLength(byte[] buf, int from, int to) {
    long found = NOT_SEEN;
    int lineStart = from;
    while (lineStart < to) {
      int lf = indexOf(buf, '\n', lineStart, to);
      int lineEnd = lf < 0 ? to : lf;
      byte first = buf[lineStart];
      if (first != ' ' && first != '\t') { // a continuation line belongs to the header before it
        int colon = indexOf(buf, ':', lineStart, lineEnd);
        if (colon > lineStart
            && isContentLengthName(buf, lineStart, trimEnd(buf, lineStart, colon))) {
          long value = decimalValue(buf, colon + 1, lineEnd, to);
          if (value < 0) {
            return NOT_A_NUMBER;
          }
          if (found != NOT_SEEN && found != value) {
            return DISAGREE;
          }
          found = value;
        }
      }
      lineStart = lineEnd + 1;
    }
    return found;
  }

  /**
   * The Call-ID of a header section [from, to), long or compact ({@code i}) name in any case, or
   * null without one. Read without parsing the message, to pick the thread that handles its call.
   */
  static String callId(byte[] buf, int from, int to) {
    int lineStart = from;
    while (lineStart < to) {
      int lf = indexOf(buf, '\n', lineStart, to);
      int lineEnd = lf < 0 ? to : lf;
      int colon = indexOf(buf, ':', lineStart, lineEnd);
      if (colon > lineStart
          && buf[lineStart] != ' '
          && buf[lineStart] != '\t'
          && isName(buf, lineStart, trimEnd(buf, lineStart, colon), CALL_ID, 'i')) {
        int start = colon + 1;
        int end = lineEnd;
        while (start < end && (buf[start] == ' ' || buf[start] == '\t')) {
          start++;
        }
        while (end > start
            && (buf[end - 1] == ' ' || buf[end - 1] == '\t' || buf[end - 1] == '\r')) {
          end--;
        }
        return end > start
            ? new String(buf, start, end - start, StandardCharsets.ISO_8859_1)
            : null;
      }
      lineStart = lineEnd + 1;
    }
    return null;
  }

  /**
   * A decimal value from [from, lineEnd) and any continuation lines after it; -1 if it is not one.
   */
  private static long decimalValue(byte[] buf, int from, int lineEnd, int to) {
    long value = -1;
    boolean afterDigits = false;
    int p = from;
    int end = lineEnd;
    while (true) {
      for (; p < end; p++) {
        byte c = buf[p];
        if (c == ' ' || c == '\t' || c == '\r') {
          afterDigits = value >= 0;
        } else if (isDigit(c) && !afterDigits && value <= Integer.MAX_VALUE) {
          value = (value < 0 ? 0 : value * 10) + (c - '0');
        } else {
          return -1;
        }
      }
      int next = end + 1;
      if (next >= to || (buf[next] != ' ' && buf[next] != '\t')) {
        break;
      }
      p = next;
      int lf = indexOf(buf, '\n', next, to);
      end = lf < 0 ? to : lf;
    }
    return value > Integer.MAX_VALUE ? -1 : value;
  }

  private static boolean isContentLengthName(byte[] buf, int from, int to) {
    return isName(buf, from, to, CONTENT_LENGTH, 'l');
  }

  /**
   * Whether [from, to) is a header name, long or compact, in any case (RFC 3261 §7.3.1, §7.3.3).
   */
  private static boolean isName(byte[] buf, int from, int to, byte[] longName, char compactName) {
    int length = to - from;
    if (length == 1) {
      return (buf[from] | 0x20) == compactName;
    }
    if (length != longName.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if ((buf[from + i] | 0x20) != longName[i]) {
        return false;
      }
    }
    return true;
  }

  /** Lower case; '-' is unchanged by | 0x20. */
  private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] CALL_ID = "call-id".getBytes(StandardCharsets.US_ASCII);

  private static int trimEnd(byte[] buf, int from, int to) {
    while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
      to--;
    }
    return to;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static int indexOf(byte[] buf, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private void keep(byte[] bytes, int from, int to) {
    if (from < to) {
      append(bytes, from, to - from);
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    int needed = pendingLength + length;
    if (needed > pending.length) {
      byte[] grown = new byte[Math.max(needed, Math.max(INITIAL_CAPACITY, pending.length * 2))];
      System.arraycopy(pending, 0, grown, 0, pendingLength);
      pending = grown;
    }
    System.arraycopy(bytes, offset, pending, pendingLength, length);
    pendingLength = needed;
  }

  private void dropConsumed(int used) {
    int left = pendingLength - used;
    if (left > 0 && used > 0) {
      System.arraycopy(pending, used, pending, 0, left);
    }
    pendingLength = left;
    if (left == 0 && pending.length > RETAINED_CAPACITY) {
      pending = NOTHING;
    }
  }
}
