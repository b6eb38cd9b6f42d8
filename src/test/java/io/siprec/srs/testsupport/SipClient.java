package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal SIP user agent over UDP for tests that need one request and its answer: corpus
 * replays, OPTIONS, error cases, CANCEL races. Requests are sent as written, after the fixture's
 * placeholder SRS address (198.51.100.20) is pointed at the server and Call-ID, tag and branch
 * are made fresh. Content-Length is never recomputed: some fixtures are about it.
 */
public final class SipClient implements AutoCloseable {
  private static final Pattern SRS_PLACEHOLDER = Pattern.compile("198\\.51\\.100\\.20(:\\d+)?");

  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private final List<Response> stray = new ArrayList<>();

  public SipClient(String host, int port) {
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      server = new InetSocketAddress(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SipClient to(SrsServerProcess server) {
    return new SipClient("127.0.0.1", server.sipPort);
  }

  public int localPort() {
    return socket.getLocalPort();
  }

  /** A response as received. */
  public record Response(int status, String reason, String cseqMethod, List<String[]> headers, String body, String raw) {
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name) || (name.equalsIgnoreCase("Content-Type") && h[0].equals("c"))) {
          return h[1];
        }
      }
      return null;
    }

    public boolean isFinal() {
      return status >= 200;
    }
  }

  /** A request on its way, remembered so ACK, CANCEL and BYE can follow it. */
  public record Sent(String text, String callId, String fromTag, String branch, int cseq) {}

  /** Makes a fixture's request sendable to our server from this client. */
  public Sent prepare(byte[] fixture) {
    String text = new String(fixture, StandardCharsets.ISO_8859_1);
    int split = text.indexOf("\r\n\r\n");
    String eol = "\r\n";
    if (split < 0) {
      split = text.indexOf("\n\n");
      eol = "\n";
    }
    String head = text.substring(0, split);
    String body = text.substring(split);
    String callId = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@test.client";
    String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt());
    String branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    head = SRS_PLACEHOLDER.matcher(head).replaceAll("127.0.0.1:" + server.getPort());
    head = head.replaceAll("(?im)^(Call-ID:\\s*).*$", "$1" + Matcher.quoteReplacement(callId));
    head = head.replaceFirst("(?im)^(From:.*?;tag=)[^;\\r\\n]*", "$1" + tag);
    head = head.replaceFirst("branch=[^;\\r\\n ]+", "branch=" + branch);
    head = head.replaceFirst("(?im)^(Via:\\s*SIP/2\\.0/)\\w+\\s+[^;\\r\\n]+", "$1UDP 127.0.0.1:" + localPort());
    Matcher cseq = Pattern.compile("(?im)^CSeq:\\s*(\\d+)").matcher(head);
    int number = cseq.find() ? Integer.parseInt(cseq.group(1)) : 1;
    return new Sent(head + body, callId, tag, branch, number);
  }

  public Sent prepare(String request) {
    return prepare(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void send(Sent request) {
    byte[] bytes = request.text().getBytes(StandardCharsets.ISO_8859_1);
    try {
      socket.send(new DatagramPacket(bytes, bytes.length, server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends and returns the final response (provisional ones are skipped). */
  public Response exchange(Sent request, Duration timeout) {
    send(request);
    return awaitFinal(request.callId(), methodOf(request), timeout);
  }

  /** The next final response for that Call-ID and CSeq method. */
  public Response awaitFinal(String callId, String method, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Response r : List.copyOf(stray)) {
      if (r.isFinal() && callId.equals(r.header("Call-ID")) && method.equals(r.cseqMethod())) {
        stray.remove(r);
        return r;
      }
    }
    while (System.nanoTime() < deadline) {
      Response r = receive(deadline);
      if (r == null) {
        break;
      }
      if (r.isFinal() && callId.equals(r.header("Call-ID")) && method.equals(r.cseqMethod())) {
        return r;
      }
      if (r.isFinal()) {
        stray.add(r);
      }
    }
    throw new AssertionError("no final response to " + method + " " + callId + " within " + timeout);
  }

  /** Acknowledges a 2xx to INVITE. */
  public void ack(Sent invite, Response ok) {
    send(new Sent(inDialog("ACK", invite, ok, invite.cseq(), newBranch()), invite.callId(), invite.fromTag(),
        "", invite.cseq()));
  }

  /** Ends the dialog a 2xx created; returns the answer to the BYE. */
  public Response bye(Sent invite, Response ok) {
    Sent bye = new Sent(inDialog("BYE", invite, ok, invite.cseq() + 1, newBranch()), invite.callId(),
        invite.fromTag(), "", invite.cseq() + 1);
    return exchange(bye, Duration.ofSeconds(5));
  }

  /** An in-dialog request with a body (UPDATE, re-INVITE) after a 2xx to INVITE. */
  public Sent inDialogWithBody(String method, Sent invite, Response ok, int cseq, String contentType, String body) {
    String head = inDialog(method, invite, ok, cseq, newBranch());
    head = head.replace("Content-Length: 0\r\n\r\n", "Content-Type: " + contentType + "\r\nContent-Length: "
        + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n");
    return new Sent(head + body, invite.callId(), invite.fromTag(), "", cseq);
  }

  /** A CANCEL for a pending INVITE (same branch, RFC 3261 §9.1). */
  public Sent cancel(Sent invite) {
    String requestLine = invite.text().substring(0, invite.text().indexOf("\r\n")).replaceFirst("^INVITE", "CANCEL");
    StringBuilder m = new StringBuilder(requestLine).append("\r\n");
    m.append("Via: SIP/2.0/UDP 127.0.0.1:").append(localPort()).append(";branch=").append(invite.branch()).append("\r\n");
    m.append("Max-Forwards: 70\r\n");
    m.append(headerLine(invite.text(), "From")).append(headerLine(invite.text(), "To"));
    m.append("Call-ID: ").append(invite.callId()).append("\r\n");
    m.append("CSeq: ").append(invite.cseq()).append(" CANCEL\r\nContent-Length: 0\r\n\r\n");
    return new Sent(m.toString(), invite.callId(), invite.fromTag(), invite.branch(), invite.cseq());
  }

  /** An OPTIONS request outside any dialog. */
  public Sent options(String... extraHeaders) {
    StringBuilder m = new StringBuilder("OPTIONS sip:srs@198.51.100.20 SIP/2.0\r\n");
    m.append("Via: SIP/2.0/UDP 127.0.0.1:").append(localPort()).append(";branch=z9hG4bKopt\r\n");
    m.append("Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=opt\r\nTo: <sip:srs@198.51.100.20>\r\n");
    m.append("Call-ID: x\r\nCSeq: 1 OPTIONS\r\n");
    for (String h : extraHeaders) {
      m.append(h).append("\r\n");
    }
    m.append("Content-Length: 0\r\n\r\n");
    return prepare(m.toString());
  }

  private String inDialog(String method, Sent invite, Response ok, int cseq, String branch) {
    String contact = ok.header("Contact");
    String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
    StringBuilder m = new StringBuilder(method).append(' ').append(target).append(" SIP/2.0\r\n");
    m.append("Via: SIP/2.0/UDP 127.0.0.1:").append(localPort()).append(";branch=").append(branch).append("\r\n");
    m.append("Max-Forwards: 70\r\n");
    m.append(headerLine(invite.text(), "From"));
    m.append("To: ").append(ok.header("To")).append("\r\n");
    m.append("Call-ID: ").append(invite.callId()).append("\r\n");
    m.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\nContent-Length: 0\r\n\r\n");
    return m.toString();
  }

  private static String headerLine(String message, String name) {
    Matcher m = Pattern.compile("(?im)^(" + name + "|" + name.substring(0, 1) + "):.*$").matcher(message);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + name + " header");
    }
    return m.group() + "\r\n";
  }

  private static String newBranch() {
    return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  private static String methodOf(Sent request) {
    Matcher m = Pattern.compile("(?im)^CSeq:\\s*\\d+\\s+(\\S+)").matcher(request.text());
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "";
  }

  private Response receive(long deadlineNanos) {
    byte[] buffer = new byte[65535];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      int waitMs = (int) Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout(waitMs);
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String raw = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    if (!raw.startsWith("SIP/2.0 ")) {
      return receive(deadlineNanos); // a request from the server (e.g. BYE) is not what we wait for
    }
    return parse(raw);
  }

  static Response parse(String raw) {
    int split = raw.indexOf("\r\n\r\n");
    String head = split < 0 ? raw : raw.substring(0, split);
    String body = split < 0 ? "" : raw.substring(split + 4);
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    List<String[]> headers = new ArrayList<>();
    String cseqMethod = "";
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String[] h = {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()};
      headers.add(h);
      if (h[0].equalsIgnoreCase("CSeq")) {
        cseqMethod = h[1].replaceFirst("^\\d+\\s+", "").toUpperCase(Locale.ROOT);
      }
    }
    return new Response(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", cseqMethod, headers,
        body, raw);
  }

  @Override
  public void close() {
    socket.close();
  }
}
