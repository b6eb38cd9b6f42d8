package io.siprec.srs.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal SIP user agent for tests that need one request and its answer: corpus replays, OPTIONS,
 * error cases, CANCEL races, in-dialog requests, over UDP or TCP. Requests are sent as written,
 * after the fixture's placeholder SRS address (198.51.100.20) is pointed at the server and Call-ID,
 * tag and branch are made fresh. Content-Length is never recomputed: some fixtures are about it.
 */
public final class SipClient implements AutoCloseable {
  private static final Pattern SRS_PLACEHOLDER = Pattern.compile("198\\.51\\.100\\.20(:\\d+)?");

  private final Transport transport;
  private final int serverPort;
  private final List<Response> stray = new ArrayList<>();

  private SipClient(Transport transport, int serverPort) {
    this.transport = transport;
    this.serverPort = serverPort;
  }

  public static SipClient to(SrsServerProcess server) {
    return new SipClient(
        new Udp(new InetSocketAddress("127.0.0.1", server.sipPort)), server.sipPort);
  }

  /** Over UDP from another loopback address (127.0.0.0/8), for source access-control tests. */
  public static SipClient fromAddress(SrsServerProcess server, String localAddress) {
    return new SipClient(
        new Udp(new InetSocketAddress("127.0.0.1", server.sipPort), localAddress), server.sipPort);
  }

  /**
   * Over TLS to {@code port}, with the given context (its trust decides whether the server's
   * certificate is accepted, its keys whether we show one). @throws UncheckedIOException when the
   * handshake fails
   */
  public static SipClient overTls(SrsServerProcess server, int port, SSLContext tls) {
    try {
      SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      socket.startHandshake();
      return new SipClient(new Tls(socket), server.sipPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Tls extends Tcp {
    Tls(Socket socket) {
      super(socket);
    }

    @Override
    public String name() {
      return "TLS";
    }
  }

  public static SipClient overTcp(SrsServerProcess server) {
    return new SipClient(
        new Tcp(new InetSocketAddress("127.0.0.1", server.sipPort)), server.sipPort);
  }

  public int localPort() {
    return transport.localPort();
  }

  /** A response as received. */
  public record Response(
      int status,
      String reason,
      String cseqMethod,
      List<String[]> headers,
      String body,
      String raw) {
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)
            || (name.equalsIgnoreCase("Content-Type") && h[0].equals("c"))) {
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
    String[] parts = split(new String(fixture, StandardCharsets.ISO_8859_1));
    String head = parts[0];
    String callId = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@test.client";
    String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt());
    String branch = newBranch();
    head = SRS_PLACEHOLDER.matcher(head).replaceAll("127.0.0.1:" + serverPort);
    head = head.replaceAll("(?im)^(Call-ID:\\s*).*$", "$1" + Matcher.quoteReplacement(callId));
    head = head.replaceFirst("(?im)^(From:.*?;tag=)[^;\\r\\n]*", "$1" + tag);
    head = via(head, branch);
    return new Sent(head + parts[1], callId, tag, branch, cseqOf(head));
  }

  public Sent prepare(String request) {
    return prepare(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Puts a fixture's in-dialog request (re-INVITE, UPDATE, BYE) into the dialog that {@code ok}
   * established: our Call-ID and tags, the Contact as Request-URI, the next CSeq.
   */
  public Sent inDialog(byte[] fixture, Sent invite, Response ok, int cseq) {
    String[] parts = split(new String(fixture, StandardCharsets.ISO_8859_1));
    String head = parts[0];
    String target = contactUri(ok);
    head =
        head.replaceFirst(
            "^(\\S+) \\S+ SIP/2.0", "$1 " + Matcher.quoteReplacement(target) + " SIP/2.0");
    head =
        head.replaceAll(
            "(?im)^(Call-ID:\\s*).*$", "$1" + Matcher.quoteReplacement(invite.callId()));
    head =
        head.replaceAll(
            "(?im)^From:.*$", Matcher.quoteReplacement(headerLine(invite.text(), "From").strip()));
    head = head.replaceAll("(?im)^To:.*$", Matcher.quoteReplacement("To: " + ok.header("To")));
    head = head.replaceFirst("(?im)^(CSeq:\\s*)\\d+", "$1" + cseq);
    String branch = newBranch();
    head = via(head, branch);
    return new Sent(head + parts[1], invite.callId(), invite.fromTag(), branch, cseq);
  }

  public void send(Sent request) {
    transport.send(request.text().getBytes(StandardCharsets.ISO_8859_1));
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
      String raw = transport.receive(deadline);
      if (raw == null) {
        break;
      }
      if (!raw.startsWith("SIP/2.0 ")) {
        continue; // a request from the server (a BYE at shutdown) is not what we wait for
      }
      Response r = parse(raw);
      if (r.isFinal() && callId.equals(r.header("Call-ID")) && method.equals(r.cseqMethod())) {
        return r;
      }
      if (r.isFinal()) {
        stray.add(r);
      }
    }
    throw new AssertionError(
        "no final response to " + method + " " + callId + " within " + timeout);
  }

  /**
   * Waits for a request from the server (its BYE, say); responses meanwhile are kept. @return its
   * text
   */
  public String awaitRequest(String method, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String raw = transport.receive(deadline);
      if (raw == null) {
        break;
      }
      if (raw.startsWith(method + " ")) {
        return raw;
      }
      if (raw.startsWith("SIP/2.0 ")) {
        Response r = parse(raw);
        if (r.isFinal()) {
          stray.add(r);
        }
      }
    }
    throw new AssertionError("no " + method + " from the server within " + timeout);
  }

  /** Answers a request the server sent, copying its Via, From, To, Call-ID and CSeq. */
  public void respond(String request, int status, String reason) {
    StringBuilder m =
        new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
    for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
      Matcher h =
          Pattern.compile("(?im)^(" + name + "|" + shortForm(name) + "):.*$").matcher(request);
      while (h.find()) {
        m.append(h.group()).append("\r\n");
      }
    }
    m.append("Content-Length: 0\r\n\r\n");
    transport.send(m.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String shortForm(String name) {
    return switch (name) {
      case "Via" -> "v";
      case "From" -> "f";
      case "To" -> "t";
      case "Call-ID" -> "i";
      default -> name;
    };
  }

  /** Acknowledges a 2xx to INVITE. */
  public void ack(Sent invite, Response ok) {
    send(
        new Sent(
            inDialog("ACK", invite, ok, invite.cseq(), newBranch()),
            invite.callId(),
            invite.fromTag(),
            "",
            invite.cseq()));
  }

  /** Ends the dialog a 2xx created with the next CSeq; returns the answer to the BYE. */
  public Response bye(Sent invite, Response ok) {
    return bye(invite, ok, invite.cseq() + 1);
  }

  public Response bye(Sent invite, Response ok, int cseq) {
    Sent bye =
        new Sent(
            inDialog("BYE", invite, ok, cseq, newBranch()),
            invite.callId(),
            invite.fromTag(),
            "",
            cseq);
    return exchange(bye, Duration.ofSeconds(5));
  }

  /** An in-dialog request with a body (UPDATE, re-INVITE) after a 2xx to INVITE. */
  public Sent inDialogWithBody(
      String method, Sent invite, Response ok, int cseq, String contentType, String body) {
    String head = inDialog(method, invite, ok, cseq, newBranch());
    head =
        head.replace(
            "Content-Length: 0\r\n\r\n",
            "Content-Type: "
                + contentType
                + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.ISO_8859_1).length
                + "\r\n\r\n");
    return new Sent(head + body, invite.callId(), invite.fromTag(), "", cseq);
  }

  /** A CANCEL for a pending INVITE (same branch, RFC 3261 §9.1). */
  public Sent cancel(Sent invite) {
    String requestLine =
        invite.text().substring(0, invite.text().indexOf("\r\n")).replaceFirst("^INVITE", "CANCEL");
    StringBuilder m = new StringBuilder(requestLine).append("\r\n");
    m.append("Via: SIP/2.0/")
        .append(transport.name())
        .append(" 127.0.0.1:")
        .append(localPort())
        .append(";branch=")
        .append(invite.branch())
        .append("\r\n");
    m.append("Max-Forwards: 70\r\n");
    m.append(headerLine(invite.text(), "From")).append(headerLine(invite.text(), "To"));
    m.append("Call-ID: ").append(invite.callId()).append("\r\n");
    m.append("CSeq: ").append(invite.cseq()).append(" CANCEL\r\nContent-Length: 0\r\n\r\n");
    return new Sent(
        m.toString(), invite.callId(), invite.fromTag(), invite.branch(), invite.cseq());
  }

  /** An OPTIONS request outside any dialog. */
  public Sent options(String... extraHeaders) {
    StringBuilder m = new StringBuilder("OPTIONS sip:srs@198.51.100.20 SIP/2.0\r\n");
    m.append("Via: SIP/2.0/UDP 127.0.0.1:").append(localPort()).append(";branch=z9hG4bKopt\r\n");
    m.append(
        "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=opt\r\nTo: <sip:srs@198.51.100.20>\r\n");
    m.append("Call-ID: x\r\nCSeq: 1 OPTIONS\r\n");
    for (String h : extraHeaders) {
      m.append(h).append("\r\n");
    }
    m.append("Content-Length: 0\r\n\r\n");
    return prepare(m.toString());
  }

  private String inDialog(String method, Sent invite, Response ok, int cseq, String branch) {
    StringBuilder m =
        new StringBuilder(method).append(' ').append(contactUri(ok)).append(" SIP/2.0\r\n");
    m.append("Via: SIP/2.0/")
        .append(transport.name())
        .append(" 127.0.0.1:")
        .append(localPort())
        .append(";branch=")
        .append(branch)
        .append("\r\n");
    m.append("Max-Forwards: 70\r\n");
    m.append(headerLine(invite.text(), "From"));
    m.append("To: ").append(ok.header("To")).append("\r\n");
    m.append("Call-ID: ").append(invite.callId()).append("\r\n");
    m.append("CSeq: ")
        .append(cseq)
        .append(' ')
        .append(method)
        .append("\r\nContent-Length: 0\r\n\r\n");
    return m.toString();
  }

  private String via(String head, String branch) {
    String viaLine =
        "Via: SIP/2.0/" + transport.name() + " 127.0.0.1:" + localPort() + ";branch=" + branch;
    return head.replaceFirst("(?im)^Via:.*$", Matcher.quoteReplacement(viaLine));
  }

  private static String contactUri(Response ok) {
    String contact = ok.header("Contact");
    return contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
  }

  private static String[] split(String text) {
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      split = text.indexOf("\n\n");
    }
    return new String[] {text.substring(0, split), text.substring(split)};
  }

  private static int cseqOf(String head) {
    Matcher cseq = Pattern.compile("(?im)^CSeq:\\s*(\\d+)").matcher(head);
    return cseq.find() ? Integer.parseInt(cseq.group(1)) : 1;
  }

  private static String headerLine(String message, String name) {
    Matcher m =
        Pattern.compile("(?im)^(" + name + "|" + name.substring(0, 1) + "):.*$").matcher(message);
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
    return new Response(
        Integer.parseInt(status[1]),
        status.length > 2 ? status[2] : "",
        cseqMethod,
        headers,
        body,
        raw);
  }

  @Override
  public void close() {
    transport.close();
  }

  /** How messages travel. */
  private interface Transport {
    void send(byte[] message);

    /** The next whole message, or null at the deadline. */
    String receive(long deadlineNanos);

    int localPort();

    String name();

    void close();
  }

  private static final class Udp implements Transport {
    private final DatagramSocket socket;
    private final InetSocketAddress server;

    Udp(InetSocketAddress server) {
      this(server, "127.0.0.1");
    }

    Udp(InetSocketAddress server, String localAddress) {
      this.server = server;
      try {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void send(byte[] message) {
      try {
        socket.send(new DatagramPacket(message, message.length, server));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String receive(long deadlineNanos) {
      byte[] buffer = new byte[65535];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.setSoTimeout((int) Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      } catch (SocketTimeoutException e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public int localPort() {
      return socket.getLocalPort();
    }

    @Override
    public String name() {
      return "UDP";
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** SIP over one TCP connection: messages framed by their Content-Length (RFC 3261 §18.3). */
  private static class Tcp implements Transport {
    private final Socket socket;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Tcp(InetSocketAddress server) {
      this(connect(server));
    }

    Tcp(Socket connected) {
      this.socket = connected;
    }

    private static Socket connect(InetSocketAddress server) {
      try {
        Socket s = new Socket();
        s.connect(server, 5000);
        return s;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void send(byte[] message) {
      try {
        socket.getOutputStream().write(message);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String receive(long deadlineNanos) {
      try {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (true) {
          String message = frame();
          if (message != null) {
            return message;
          }
          long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
          if (left <= 0) {
            return null;
          }
          socket.setSoTimeout((int) left);
          int n = in.read(buffer);
          if (n < 0) {
            return null; // the server closed the connection
          }
          pending.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String frame() {
      String text = pending.toString(StandardCharsets.ISO_8859_1).replaceFirst("^(\r\n)+", "");
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return null;
      }
      Matcher length =
          Pattern.compile("(?im)^(Content-Length|l):\\s*(\\d+)").matcher(text.substring(0, end));
      int bodyLength = length.find() ? Integer.parseInt(length.group(2)) : 0;
      int total = end + 4 + bodyLength;
      if (text.length() < total) {
        return null;
      }
      String message = text.substring(0, total);
      pending.reset();
      pending.writeBytes(text.substring(total).getBytes(StandardCharsets.ISO_8859_1));
      return message;
    }

    @Override
    public int localPort() {
      return socket.getLocalPort();
    }

    @Override
    public String name() {
      return "TCP";
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
