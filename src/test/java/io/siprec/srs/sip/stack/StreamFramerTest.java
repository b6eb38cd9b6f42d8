package io.siprec.srs.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamFramerTest {
  private static final int LIMIT = 64 * 1024;

  /** Everything the framer reports, as copies. */
  static final class Seen implements StreamFramer.Listener {
    final List<String> heads = new ArrayList<>();
    final List<byte[]> bodies = new ArrayList<>();
    final List<FramingProblem> refusals = new ArrayList<>();
    int pings;
    int pongs;
    int skipped;
    String unframeable;

    @Override
    public void message(byte[] buffer, int start, int bodyStart, int end) {
      heads.add(new String(buffer, start, bodyStart - start, StandardCharsets.ISO_8859_1));
      bodies.add(Arrays.copyOfRange(buffer, bodyStart, end));
    }

    @Override
    public void refused(byte[] buffer, int start, int bodyStart, FramingProblem problem) {
      heads.add(new String(buffer, start, bodyStart - start, StandardCharsets.ISO_8859_1));
      refusals.add(problem);
    }

    @Override
    public void keepAlivePing() {
      pings++;
    }

    @Override
    public void keepAlivePong() {
      pongs++;
    }

    @Override
    public void skipped(int bytes) {
      skipped += bytes;
    }

    @Override
    public void unframeable(String why) {
      unframeable = why;
    }
  }

  private static byte[] fixture(String name) {
    return Fixtures.bytes("framing/" + name);
  }

  /** The body as the fixture file holds it: everything after the first empty line. */
  private static byte[] bodyOf(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1);
    int crlf = text.indexOf("\r\n\r\n");
    int lf = text.indexOf("\n\n");
    int bodyStart = lf >= 0 && (crlf < 0 || lf < crlf) ? lf + 2 : crlf + 4;
    return Arrays.copyOfRange(message, bodyStart, message.length);
  }

  private static Seen feedWhole(byte[]... chunks) {
    Seen seen = new Seen();
    StreamFramer framer = new StreamFramer(LIMIT, seen);
    for (byte[] chunk : chunks) {
      framer.feed(chunk, 0, chunk.length);
    }
    assertThat(framer.pendingBytes()).as("nothing left over").isZero();
    return seen;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lf-only-line-endings.sip",
        "lf-in-body-only.sip",
        "lf-in-headers-only.sip",
        "compact-header-forms.sip",
        "folded-headers.sip",
        "header-names-in-any-case.sip",
        "several-via-headers.sip",
        "record-route.sip",
        "body-without-final-crlf.sip",
        "content-length-with-extra-spaces.sip",
        "content-length-space-before-colon.sip",
        "via-rport-with-value.sip"
      })
  void aFixtureIsOneMessageWhoseBodyIsPassedOnByteForByte(String name) {
    byte[] message = fixture(name);
    Seen seen = feedWhole(message);

    assertThat(seen.refusals).isEmpty();
    assertThat(seen.heads).hasSize(1);
    assertThat(seen.heads.get(0)).startsWith("INVITE sip:srs@{srs} SIP/2.0");
    assertThat(seen.bodies.get(0)).as("the body, bare LFs and all").isEqualTo(bodyOf(message));
  }

  @Test
  void bareLineFeedsInTheBodyAreCountedAndKept() {
    byte[] body = feedWhole(fixture("lf-in-body-only.sip")).bodies.get(0);
    String text = new String(body, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("\n").doesNotContain("\r").endsWith("--rfc-example-boundary--\n");
    assertThat(body).hasSize(2430);
  }

  @Test
  void aMessageArrivingOneByteAtATimeIsFramedOnceComplete() {
    byte[] message = fixture("lf-only-line-endings.sip");
    Seen seen = new Seen();
    StreamFramer framer = new StreamFramer(LIMIT, seen);
    for (int i = 0; i < message.length; i++) {
      framer.feed(message, i, 1);
      assertThat(seen.heads).as("after byte " + i).hasSize(i == message.length - 1 ? 1 : 0);
    }
    assertThat(seen.bodies.get(0)).isEqualTo(bodyOf(message));
    assertThat(framer.pendingBytes()).isZero();
  }

  @Test
  void twoMessagesInOneReadAndAThirdSplitAcrossReads() {
    byte[] a = fixture("compact-header-forms.sip");
    byte[] b = fixture("lf-only-line-endings.sip");
    byte[] stream = concat(a, b, a);
    int cut = a.length + b.length + 100;
    Seen seen =
        feedWhole(
            Arrays.copyOfRange(stream, 0, cut), Arrays.copyOfRange(stream, cut, stream.length));

    assertThat(seen.heads).hasSize(3);
    assertThat(seen.bodies.get(0)).isEqualTo(bodyOf(a));
    assertThat(seen.bodies.get(1)).isEqualTo(bodyOf(b));
    assertThat(seen.bodies.get(2)).isEqualTo(bodyOf(a));
  }

  @Test
  void lineEndsBeforeARequestAreKeepAlivesAndIgnored() {
    Seen seen = feedWhole(fixture("crlf-keep-alives-before-request-line.sip"));
    // RFC 5626 §4.4.1: CRLFCRLF is a ping (answered), the CRLF after it a pong.
    assertThat(seen.pings).isEqualTo(1);
    assertThat(seen.pongs).isEqualTo(2);
    assertThat(seen.heads).hasSize(1);
    assertThat(seen.skipped).isZero();
  }

  @Test
  void aPingSplitAcrossReadsIsStillOnePing() {
    Seen seen =
        feedWhole(
            "\r\n".getBytes(StandardCharsets.US_ASCII), "\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(seen.pings).isEqualTo(1);
    assertThat(seen.heads).isEmpty();
  }

  @Test
  void controlBytesBetweenMessagesAreIgnored() {
    byte[] message = fixture("lf-only-line-endings.sip");
    Seen seen = feedWhole(new byte[] {0, 0, 0, 0}, message);
    assertThat(seen.heads).hasSize(1);
    assertThat(seen.skipped).isZero();
  }

  @Test
  void garbageBeforeARequestLineIsSkippedUpToIt() {
    byte[] message = fixture("garbage-before-request-line.sip");
    Seen seen = feedWhole(message);
    int garbage = new String(message, StandardCharsets.ISO_8859_1).indexOf("INVITE ");
    assertThat(seen.skipped)
        .as("all but the two control bytes at a line start")
        .isEqualTo(garbage - 2);
    assertThat(seen.heads).hasSize(1);
    assertThat(seen.heads.get(0)).startsWith("INVITE ");
  }

  @Test
  void withoutContentLengthAStreamMessageIsRefusedAndTheNextOneStillFramed() {
    byte[] noLength = fixture("no-content-length.sip");
    byte[] next = fixture("lf-only-line-endings.sip");
    Seen seen = feedWhole(concat(noLength, next));

    assertThat(seen.refusals).extracting(FramingProblem::status).containsExactly(400);
    assertThat(seen.refusals.get(0).reason())
        .contains("Content-Length required")
        .contains("RFC 3261 18.3");
    assertThat(seen.heads.get(0)).startsWith("INVITE ").doesNotContain("v=0");
    // The orphaned body is skipped line by line; its two empty lines pass as line ends between
    // messages.
    assertThat(seen.skipped + 2 * "\r\n".length())
        .as("the orphaned body")
        .isEqualTo(bodyOf(noLength).length);
    assertThat(seen.bodies).hasSize(1);
    assertThat(seen.bodies.get(0)).isEqualTo(bodyOf(next));
  }

  @Test
  void aContentLengthThatIsNotANumberOrDisagreesIsRefused() {
    String head =
        "OPTIONS sip:srs@{srs} SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK1\r\n";
    assertThat(
            feedWhole((head + "Content-Length: 12a\r\n\r\n").getBytes(StandardCharsets.US_ASCII))
                .refusals)
        .extracting(FramingProblem::reason)
        .containsExactly(FramingProblem.contentLengthNotANumber().reason());
    assertThat(
            feedWhole((head + "Content-Length: -1\r\n\r\n").getBytes(StandardCharsets.US_ASCII))
                .refusals)
        .hasSize(1);
    assertThat(
            feedWhole(
                    (head + "Content-Length: 0\r\nl: 4\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII))
                .refusals)
        .extracting(FramingProblem::reason)
        .containsExactly(FramingProblem.contentLengthsDisagree().reason());
    Seen same =
        feedWhole(
            (head + "Content-Length: 4\r\nl: 4\r\n\r\nabcd").getBytes(StandardCharsets.US_ASCII));
    assertThat(same.refusals).isEmpty();
    assertThat(same.bodies).hasSize(1);
  }

  @Test
  void contentLengthIsFoundInEveryFormTheGrammarAllows() {
    for (String header :
        List.of(
            "Content-Length: 4",
            "content-length:4",
            "CONTENT-LENGTH :\t4 ",
            "l: 4",
            "L:4",
            "Content-Length:\r\n 4",
            "Content-Length:\n\t4")) {
      String text =
          "OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\n"
              + header
              + "\n\nabcdOPTIONS";
      Seen seen = new Seen();
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      new StreamFramer(LIMIT, seen).feed(bytes, 0, bytes.length);
      assertThat(seen.bodies).as(header).hasSize(1);
      assertThat(new String(seen.bodies.get(0), StandardCharsets.US_ASCII))
          .as(header)
          .isEqualTo("abcd");
    }
  }

  @Test
  void aHeaderNamedLikeContentLengthIsNotIt() {
    String text =
        "OPTIONS sip:a@b SIP/2.0\r\nX-Content-Length: 9\r\nLength: 9\r\nl-x: 9\r\nContent-Length: 0\r\n\r\n";
    Seen seen = feedWhole(text.getBytes(StandardCharsets.US_ASCII));
    assertThat(seen.bodies).hasSize(1);
    assertThat(seen.bodies.get(0)).isEmpty();
  }

  @Test
  void aMessageOverTheLimitIs413AndItsBodyIsDiscardedAsItArrives() {
    int limit = 4096;
    Seen seen = new Seen();
    StreamFramer framer = new StreamFramer(limit, seen);
    String head =
        "INVITE sip:srs@h SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: 10000\r\n\r\n";
    byte[] big = concat(head.getBytes(StandardCharsets.US_ASCII), new byte[10_000]);
    byte[] next = fixture("content-length-with-extra-spaces.sip");
    byte[] stream = concat(big, next);
    for (int i = 0; i < stream.length; i += 1000) {
      framer.feed(stream, i, Math.min(1000, stream.length - i));
    }
    assertThat(seen.refusals).containsExactly(FramingProblem.tooLarge(limit));
    assertThat(seen.bodies).hasSize(1);
    assertThat(seen.bodies.get(0)).isEqualTo(bodyOf(next));
    assertThat(seen.skipped).isZero();
    assertThat(framer.pendingBytes()).isZero();
  }

  @Test
  void aHeaderSectionWithoutEndPastTheLimitGivesTheConnectionUp() {
    Seen seen = new Seen();
    StreamFramer framer = new StreamFramer(1024, seen);
    byte[] start = "INVITE sip:srs@h SIP/2.0\r\nSubject: ".getBytes(StandardCharsets.US_ASCII);
    framer.feed(start, 0, start.length);
    byte[] endless = new byte[2048];
    Arrays.fill(endless, (byte) 'x');
    framer.feed(endless, 0, endless.length);
    assertThat(seen.unframeable).contains("1024");
    framer.feed(fixture("lf-only-line-endings.sip"), 0, 100);
    assertThat(seen.heads).as("nothing after giving up").isEmpty();
  }

  @Test
  void startLinesAreRequestAndStatusLinesOnly() {
    for (String line :
        List.of(
            "INVITE sip:srs@192.0.2.1 SIP/2.0",
            "OPTIONS sips:x@y;transport=tls sip/2.0\r",
            "SIP/2.0 200 OK",
            "sip/2.0 180 Ringing\r",
            "FOO bar SIP/3.10")) {
      assertThat(isStartLine(line)).as(line).isTrue();
    }
    for (String line :
        List.of(
            "HELLO",
            "v=0",
            "SIP/",
            " INVITE sip:a SIP/2.0",
            "INVITE  SIP/2.0",
            "INVITE sip:a SIP/2.",
            "INVITE sip:a SIP/.0",
            "Via: SIP/2.0/UDP 192.0.2.1",
            "INVITE sip:a XSIP/2.0")) {
      assertThat(isStartLine(line)).as(line).isFalse();
    }
  }

  @Test
  void theCallIdIsReadInAnyFormWithoutParsing() {
    for (String header :
        List.of("Call-ID: abc@h", "call-id:abc@h", "CALL-ID :\tabc@h \r", "i: abc@h", "I:abc@h")) {
      byte[] head =
          ("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/TCP h\nX-Call-ID: no\n" + header + "\nl: 0\n\n")
              .getBytes(StandardCharsets.US_ASCII);
      assertThat(StreamFramer.callId(head, 0, head.length)).as(header).isEqualTo("abc@h");
    }
    byte[] none = "OPTIONS sip:a@b SIP/2.0\r\nid: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(StreamFramer.callId(none, 0, none.length)).isNull();
  }

  private static boolean isStartLine(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
    return StreamFramer.isStartLine(bytes, 0, bytes.length - 1);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
