package io.siprec.srs.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.Keytool;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.UdpSockets;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * SIP framing against the packaged server over real SIP (docs/sip-framing.md): every case of
 * src/test/resources/framing/cases.txt over each transport it names, a Record-Routing proxy in
 * front of the SRC over UDP and TCP, and SIPp sending a whole call with bare LF line ends and
 * compact headers. A case either is recorded or gets a 400 naming its problem: a case with no
 * answer fails on its timeout.
 */
class FramingIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PASSWORD = "test-only-secret";

  /** The participants every fixture's metadata names (the RFC 7866 reference call). */
  private static final List<String> REFERENCE_AORS =
      List.of("sip:+15550142001@carrier.example.net", "sip:4711@pbx.example.org");

  private static SrsServerProcess server;
  private static JmsProbe jms;
  private static int tlsPort;
  private static SSLContext trustsTheServer;
  private static Path keyDir;

  @BeforeAll
  static void startServer() throws Exception {
    Keytool keytool =
        Keytool.in(SrsServerProcess.projectDir().resolve("target/it-work/framing-keys"), PASSWORD);
    Path keys =
        keytool.rsaKeyPair(
            "server.p12", "PKCS12", "srs", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1");
    keyDir = keytool.dir();
    keytool.trust("server.p12", "PKCS12", "srs", "client-trust.p12");
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      tlsPort = probe.getLocalPort();
    }
    // Min-SE 2 s: the Record-Route case has the server send its BYE through the route set soon.
    server =
        SrsServerProcess.named("framing")
            .env("SRS_SIP_MIN_SESSION_EXPIRES", "2")
            .env("SRS_SIP_TLS_PORT", String.valueOf(tlsPort))
            .env("SRS_SIP_TLS_KEYSTORE", keys.toString())
            .env("SRS_SIP_TLS_KEYSTORE_PASSWORD", PASSWORD)
            .start();
    jms = JmsProbe.loggedIn(server.consumerLogin());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keytool.dir().resolve("client-trust.p12"))) {
      trust.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trustsTheServer = SSLContext.getInstance("TLS");
    trustsTheServer.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stopServer() {
    if (jms != null) {
      jms.close();
    }
    if (server != null) {
      assertThat(server.terminate(Duration.ofSeconds(40))).isZero();
      assertThat(server.log()).doesNotContain("Exception in thread");
    }
  }

  /** One line of the manifest, for one transport. */
  record Case(
      String fixture,
      String transport,
      String delivery,
      int status,
      String reasonPart,
      String check) {
    @Override
    public String toString() {
      return fixture
          + " over "
          + transport
          + (delivery.equals("whole") ? "" : " (" + delivery + ")")
          + " -> "
          + status;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCaseIsRecordedOrAnsweredWithItsProblem() {
    return cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      run(c);
                      assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax))
                          .as("RTP ports left bound")
                          .isZero();
                    }));
  }

  private void run(Case c) throws Exception {
    try (SipClient sip = connect(c.transport())) {
      int mark = jms.mark();
      List<Call> calls = new ArrayList<>();
      calls.add(new Call(c.fixture(), c.transport(), sip));
      if (c.delivery().equals("twice")) {
        calls.add(new Call(c.fixture(), c.transport(), sip));
      }
      deliver(sip, c.delivery(), calls);
      try {
        for (Call call : calls) {
          SipClient.Response answer = sip.awaitFinal(call.callId, "INVITE", WAIT);
          if (answer.status() == 200) {
            call.ok = answer;
            sip.send(call.inDialog("ACK", 1, answer));
          }
          assertThat(answer.status()).as(answer.raw()).isEqualTo(c.status());
          if (c.reasonPart() != null) {
            assertThat(answer.reason()).contains(c.reasonPart());
          }
          checkAnswer(c, call, answer, sip);
          if (answer.status() == 200) {
            recorded(call, sip, mark);
          }
        }
      } finally {
        for (Call call : calls) {
          if (call.ok != null
              && !call.ended) { // a failed check must not leave a call up for the next case
            sip.send(call.inDialog("BYE", 2, call.ok));
            SrsServerProcess.sleepQuietly(300);
          }
        }
      }
      if (c.status() != 200) {
        SrsServerProcess.sleepQuietly(300);
        assertThat(jms.events().subList(mark, jms.events().size()))
            .as("a refused request starts no session")
            .noneMatch(e -> e.type().equals("session.started"));
      }
      if (c.check().equals("then-usable")) {
        assertThat(sip.exchange(sip.options(), WAIT).status())
            .as("the same connection, after")
            .isEqualTo(200);
      }
    }
  }

  /** A call placed with one fixture: its placeholders and the request they make. */
  static final class Call {
    final String callId =
        "framing-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    final String tag =
        Integer.toHexString(ThreadLocalRandom.current().nextInt() & Integer.MAX_VALUE);
    final String transport;
    final String client;
    final byte[] request;
    SipClient.Response ok;
    boolean ended;
    String sessionId;

    Call(String fixture, String transport, SipClient sip) {
      this(fixture, transport, sip, Map.of());
    }

    Call(String fixture, String transport, SipClient sip, Map<String, String> more) {
      this.transport = transport.toUpperCase(Locale.ROOT);
      this.client = "127.0.0.1:" + sip.localPort();
      Map<String, String> values = new LinkedHashMap<>(more);
      values.put("srs", "127.0.0.1:" + (this.transport.equals("TLS") ? tlsPort : server.sipPort));
      values.put("client", client);
      values.put("transport", this.transport);
      values.put("branch", newBranch());
      values.put("tag", tag);
      values.put("call-id", callId);
      request = FramingFixtures.filled(fixture, values);
    }

    SipClient.Sent sent(byte[] bytes) {
      return new SipClient.Sent(new String(bytes, StandardCharsets.ISO_8859_1), callId, tag, "", 1);
    }

    /**
     * ACK or BYE in plain form: the quirk under test is the INVITE's, not the in-dialog requests'.
     */
    SipClient.Sent inDialog(String method, int cseq, SipClient.Response ok) {
      String target = ok.header("Contact").replaceFirst("^.*<([^>]*)>.*$", "$1");
      String text =
          method
              + " "
              + target
              + " SIP/2.0\r\nVia: SIP/2.0/"
              + transport
              + " "
              + client
              + ";branch="
              + newBranch()
              + "\r\nMax-Forwards: 70\r\nFrom: <sip:src@"
              + client
              + ">;tag="
              + tag
              + "\r\nTo: "
              + ok.header("To")
              + "\r\nCall-ID: "
              + callId
              + "\r\nCSeq: "
              + cseq
              + " "
              + method
              + "\r\nContent-Length: 0\r\n\r\n";
      return new SipClient.Sent(text, callId, tag, "", cseq);
    }
  }

  private static void deliver(SipClient sip, String delivery, List<Call> calls) {
    switch (delivery) {
      case "whole" -> sip.send(calls.get(0).sent(calls.get(0).request));
      case "twice" -> {
        byte[] both =
            Arrays.copyOf(
                calls.get(0).request, calls.get(0).request.length + calls.get(1).request.length);
        System.arraycopy(
            calls.get(1).request,
            0,
            both,
            calls.get(0).request.length,
            calls.get(1).request.length);
        sip.send(calls.get(0).sent(both));
      }
      case "split" -> {
        byte[] r = calls.get(0).request;
        // In the request line, in the header section, in the body: each part is its own read.
        int[] cuts = {0, 12, 300, r.length - 700, r.length};
        for (int i = 1; i < cuts.length; i++) {
          sip.send(calls.get(0).sent(Arrays.copyOfRange(r, cuts[i - 1], cuts[i])));
          SrsServerProcess.sleepQuietly(100);
        }
      }
      default -> throw new IllegalArgumentException(delivery);
    }
  }

  /** The "also checked" column. */
  private static void checkAnswer(Case c, Call call, SipClient.Response answer, SipClient sip) {
    String check = c.check();
    if (check.startsWith("vias=")) {
      List<String> vias = viaValues(answer);
      assertThat(vias).as(answer.raw()).hasSize(Integer.parseInt(check.substring(5)));
      assertThat(vias.get(0)).contains(call.client);
    } else if (check.startsWith("session-expires=")) {
      assertThat(answer.header("Session-Expires"))
          .isEqualTo(check.substring("session-expires=".length()));
    } else if (check.startsWith("m-lines=")) {
      assertThat(answer.body().lines().filter(l -> l.startsWith("m=audio ")))
          .as(answer.body())
          .hasSize(Integer.parseInt(check.substring(8)));
    } else if (check.equals("rport")) {
      String via = answer.header("Via");
      if (c.transport().equals("udp")) {
        // RFC 3581 §4: the sent-by names 192.0.2.50:5060, yet the answer came here.
        assertThat(via).contains("received=127.0.0.1").contains("rport=" + sip.localPort());
      }
      assertThat(via).contains("192.0.2.50:5060");
    }
  }

  private static List<String> viaValues(SipClient.Response r) {
    List<String> values = new ArrayList<>();
    for (String[] h : r.headers()) {
      if (h[0].equalsIgnoreCase("Via") || h[0].equals("v")) {
        for (String v : h[1].split(",")) {
          values.add(v.strip());
        }
      }
    }
    return values;
  }

  /**
   * A 200 (acknowledged) counts once the call is recorded: a session whose streams carry the
   * metadata's participants (so the body arrived whole: a body cut short or rewritten loses its
   * XML), then BYE and the session's end.
   */
  private static void recorded(Call call, SipClient sip, int mark) {
    JmsProbe.Event started =
        jms.awaitEvent(
            e ->
                e.type().equals("session.started")
                    && jms.events().indexOf(e) >= mark
                    && call.callId.equals(
                        e.json().getJsonObject("session").getString("callId", "")),
            WAIT);
    Map<String, List<String>> heard = new LinkedHashMap<>();
    for (JsonValue s : started.json().getJsonObject("session").getJsonArray("streams")) {
      List<String> aors = new ArrayList<>();
      for (JsonValue p : s.asJsonObject().getJsonArray("participants")) {
        aors.add(p.asJsonObject().getString("aor"));
      }
      heard.put(s.asJsonObject().getString("label"), aors);
    }
    if (new String(call.request, StandardCharsets.ISO_8859_1)
        .contains("application/rs-metadata+xml")) {
      assertThat(heard)
          .as("who is heard, from the metadata")
          .isEqualTo(
              Map.of("1", List.of(REFERENCE_AORS.get(0)), "2", List.of(REFERENCE_AORS.get(1))));
    } else {
      assertThat(heard).containsOnlyKeys("1", "2");
    }
    SipClient.Response byeAnswer = sip.exchange(call.inDialog("BYE", 2, call.ok), WAIT);
    call.ended = true;
    assertThat(byeAnswer.status()).isEqualTo(200);
    jms.awaitEvent(started.sessionId(), "session.ended", WAIT);
  }

  /**
   * A proxy that Record-Routes stands between the SRC and us (RFC 3261 §16.6, §12.1.1): our 200
   * repeats the Record-Route values in order; our own BYE (the 2 s session timer running out) goes
   * to the first of them with the route set as Route headers and the SRC's Contact as Request-URI
   * (§12.2.1.1); the SRC's BYE arrives from the proxy with its Via on top and is answered there.
   * Over UDP.
   */
  @Test
  void aRecordRoutingProxyCarriesTheDialogBothWaysOverUdp() {
    try (SipClient src = SipClient.to(server);
        SipClient proxy = SipClient.to(server)) {
      String proxyAddress = "127.0.0.1:" + proxy.localPort();
      Call call = placeThroughProxy(src, "udp", proxyAddress);
      String bye = proxy.awaitRequest("BYE", WAIT);
      checkRoutedBye(bye, call, proxyAddress, "UDP");
      proxy.respond(bye, 200, "OK");
      assertThat(jms.awaitEvent(call.sessionId, "session.ended", WAIT).json().getString("reason"))
          .isEqualTo("SESSION_EXPIRED");

      Call second = placeThroughProxy(src, "udp", proxyAddress);
      SipClient.Response byeAnswer = proxy.exchange(viaProxy(second, proxyAddress), WAIT);
      assertThat(byeAnswer.status()).isEqualTo(200);
      assertThat(viaValues(byeAnswer)).hasSize(2);
      assertThat(viaValues(byeAnswer).get(0)).contains(proxyAddress);
      assertThat(jms.awaitEvent(second.sessionId, "session.ended", WAIT).json().getString("reason"))
          .isEqualTo("SRC_BYE");
    }
  }

  /**
   * The same over TCP: our BYE opens a connection to the proxy (with the stock stack it never left:
   * see FramedTcpMessageChannel#sendMessage), which answers it with bare LF line ends and then
   * sends an OPTIONS with bare LFs on that same connection: a connection we opened is framed like
   * one we accepted.
   */
  @Test
  void aRecordRoutingProxyCarriesTheDialogBothWaysOverTcp() throws Exception {
    throughProxyOnAStream("tcp", new ServerSocket());
  }

  /** The same over TLS: the proxy has the server's own certificate, which the server trusts. */
  @Test
  void aRecordRoutingProxyCarriesTheDialogBothWaysOverTls() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyDir.resolve("server.p12"))) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD.toCharArray());
    SSLContext proxyTls = SSLContext.getInstance("TLS");
    proxyTls.init(kmf.getKeyManagers(), null, null);
    throughProxyOnAStream("tls", proxyTls.getServerSocketFactory().createServerSocket());
  }

  private static void throughProxyOnAStream(String transport, ServerSocket listening)
      throws Exception {
    String upper = transport.toUpperCase(Locale.ROOT);
    try (SipClient src = connect(transport);
        listening) {
      listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String proxyAddress = "127.0.0.1:" + listening.getLocalPort();
      Call call = placeThroughProxy(src, transport, proxyAddress);
      listening.setSoTimeout((int) WAIT.toMillis());
      try (Socket fromUs = listening.accept()) {
        fromUs.setSoTimeout((int) WAIT.toMillis());
        String bye = readMessage(fromUs.getInputStream());
        checkRoutedBye(bye, call, proxyAddress, upper);
        write(fromUs, okFor(bye).replace("\r\n", "\n"));
        assertThat(jms.awaitEvent(call.sessionId, "session.ended", WAIT).json().getString("reason"))
            .isEqualTo("SESSION_EXPIRED");
        int ourPort = transport.equals("tls") ? tlsPort : server.sipPort;
        write(
            fromUs,
            ("OPTIONS sip:srs@127.0.0.1:"
                + ourPort
                + " SIP/2.0\nv: SIP/2.0/"
                + upper
                + " "
                + proxyAddress
                + ";branch="
                + newBranch()
                + "\nf: <sip:proxy@"
                + proxyAddress
                + ">;tag=p1\nt: <sip:srs@127.0.0.1>\n"
                + "i: options-on-our-connection\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nl: 0\n\n"));
        String answer = readMessage(fromUs.getInputStream());
        assertThat(answer).startsWith("SIP/2.0 200 ").contains("options-on-our-connection");
      }

      try (SipClient proxySide = connect(transport)) {
        String proxySideAddress = "127.0.0.1:" + proxySide.localPort();
        Call second = placeThroughProxy(src, transport, proxyAddress);
        SipClient.Response byeAnswer = proxySide.exchange(viaProxy(second, proxySideAddress), WAIT);
        assertThat(byeAnswer.status()).isEqualTo(200);
        assertThat(viaValues(byeAnswer).get(0)).contains(proxySideAddress);
        assertThat(
                jms.awaitEvent(second.sessionId, "session.ended", WAIT).json().getString("reason"))
            .isEqualTo("SRC_BYE");
      }
    }
  }

  /**
   * Over TCP and TLS, an SRC with bare LF line ends whose Contact is the address it connected from:
   * when its session timer runs out our BYE comes back on its own connection (the stack has no
   * other way to reach it), and its bare-LF 200 to that BYE is read there.
   */
  @Test
  void ourByeComesBackOnTheSrcsOwnConnection() {
    for (String transport : List.of("tcp", "tls")) {
      try (SipClient src = connect(transport)) {
        int mark = jms.mark();
        Call call = new Call("session-timer-bare-lf.sip", transport, src);
        src.send(call.sent(call.request));
        SipClient.Response ok = src.awaitFinal(call.callId, "INVITE", WAIT);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.header("Session-Expires")).isEqualTo("2;refresher=uac");
        src.send(call.inDialog("ACK", 1, ok));
        String id =
            jms.awaitEvent(
                    e ->
                        e.type().equals("session.started")
                            && jms.events().indexOf(e) >= mark
                            && call.callId.equals(
                                e.json().getJsonObject("session").getString("callId", "")),
                    WAIT)
                .sessionId();
        String bye = src.awaitRequest("BYE", WAIT);
        assertThat(bye).as(transport).contains(call.callId);
        src.send(
            new SipClient.Sent(okFor(bye).replace("\r\n", "\n"), call.callId, call.tag, "", 1));
        assertThat(jms.awaitEvent(id, "session.ended", WAIT).json().getString("reason"))
            .isEqualTo("SESSION_EXPIRED");
      }
    }
  }

  /** record-route.sip placed and acknowledged; the Record-Route values came back in the 200. */
  private static Call placeThroughProxy(SipClient src, String transport, String proxyAddress) {
    int mark = jms.mark();
    Call call = new Call("record-route.sip", transport, src, Map.of("proxy", proxyAddress));
    src.send(call.sent(call.request));
    SipClient.Response ok = src.awaitFinal(call.callId, "INVITE", WAIT);
    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    assertThat(headerValues(ok.raw(), "Record-Route"))
        .containsExactly(
            "<sip:" + proxyAddress + ";lr;transport=" + call.transport + ">",
            "<sip:192.0.2.40;lr>",
            "<sip:192.0.2.41;lr>");
    call.ok = ok;
    src.send(call.inDialog("ACK", 1, ok));
    call.sessionId =
        jms.awaitEvent(
                e ->
                    e.type().equals("session.started")
                        && jms.events().indexOf(e) >= mark
                        && call.callId.equals(
                            e.json().getJsonObject("session").getString("callId", "")),
                WAIT)
            .sessionId();
    return call;
  }

  private static void checkRoutedBye(String bye, Call call, String proxyAddress, String transport) {
    assertThat(bye)
        .as(bye)
        .startsWith("BYE sip:src@" + call.client + ";transport=" + transport + " SIP/2.0");
    assertThat(headerValues(bye, "Route"))
        .as(bye)
        .containsExactly(
            "<sip:" + proxyAddress + ";lr;transport=" + transport + ">",
            "<sip:192.0.2.40;lr>",
            "<sip:192.0.2.41;lr>");
    assertThat(bye).contains(call.callId);
  }

  /**
   * The SRC's BYE as the proxy forwards it: the proxy's Via above the SRC's, its Route entry gone.
   */
  private static SipClient.Sent viaProxy(Call call, String proxyAddress) {
    String srcBye = call.inDialog("BYE", 2, call.ok).text();
    String forwarded =
        srcBye.replaceFirst(
            "\r\nVia: ",
            "\r\nVia: SIP/2.0/"
                + call.transport
                + " "
                + proxyAddress
                + ";branch="
                + newBranch()
                + "\r\nVia: ");
    return new SipClient.Sent(forwarded, call.callId, call.tag, "", 2);
  }

  /** A 200 for a request: its Vias, From, To, Call-ID and CSeq copied (RFC 3261 §8.2.6.2). */
  private static String okFor(String request) {
    StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
    Matcher h = Pattern.compile("(?im)^(Via|From|To|Call-ID|CSeq):.*$").matcher(request);
    while (h.find()) {
      ok.append(h.group().strip()).append("\r\n");
    }
    return ok.append("Content-Length: 0\r\n\r\n").toString();
  }

  /** Every value of a header, in order, whether in separate lines or comma-separated. */
  private static List<String> headerValues(String message, String name) {
    List<String> values = new ArrayList<>();
    Matcher h =
        Pattern.compile("(?im)^" + name + ":(.*)$").matcher(message.split("\r?\n\r?\n", 2)[0]);
    while (h.find()) {
      for (String v : h.group(1).split(",")) {
        values.add(v.strip());
      }
    }
    return values;
  }

  /** One message from a raw TCP connection, framed by its Content-Length. */
  private static String readMessage(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (true) {
      String text = seen.toString(StandardCharsets.ISO_8859_1).replaceFirst("^(\r?\n)+", "");
      Matcher end = Pattern.compile("\r?\n\r?\n").matcher(text);
      if (end.find()) {
        Matcher length =
            Pattern.compile("(?im)^(Content-Length|l)\\s*:\\s*(\\d+)")
                .matcher(text.substring(0, end.start()));
        int body = length.find() ? Integer.parseInt(length.group(2)) : 0;
        if (text.length() >= end.end() + body) {
          return text.substring(0, end.end() + body);
        }
      }
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + text);
      }
      seen.write(b);
    }
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * SIPp as an independent SRC: a whole call (INVITE with SDP and metadata, ACK, BYE) whose
   * requests have bare LF line ends and compact headers, over UDP and over TCP. SIPp's message log
   * shows what it really sent: SIPp turns a scenario's lines into CRLF lines, so the scenario
   * writes [lf] where a line ends and SIPp must not have rewritten it.
   */
  @Test
  void sippPlacesACallWithBareLineFeedsAndCompactHeadersOverUdpAndTcp() {
    for (boolean tcp : new boolean[] {false, true}) {
      int mark = jms.mark();
      Sipp sipp =
          Sipp.scenario("siprec_call_lf_compact.xml")
              .against(server)
              .key("lf", "\n")
              .timeout(Duration.ofSeconds(30));
      if (tcp) {
        sipp.overTcp();
      }
      assertThat(sipp.run()).as(sipp.report()).isZero();
      String sent = sipp.messages();
      int invite = sent.indexOf("INVITE sip:");
      String head = sent.substring(invite, sent.indexOf("--lf-boundary", invite));
      assertThat(head)
          .as("SIPp sent the scenario's bare LFs")
          .contains("\nv: SIP/2.0/" + (tcp ? "TCP" : "UDP"))
          .contains("\ni: ")
          .contains("\nl: 1278\n")
          .doesNotContain("\r");
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      jms.awaitEvent(id, "session.ended", WAIT);
      JsonObject session =
          jms.awaitEvent(id, "session.started", WAIT).json().getJsonObject("session");
      assertThat(session.getString("srcAddress")).endsWithIgnoringCase(tcp ? "/tcp" : "/udp");
      assertThat(
              session
                  .getJsonArray("streams")
                  .getJsonObject(0)
                  .getJsonArray("participants")
                  .getJsonObject(0)
                  .getString("aor"))
          .as("the metadata was read")
          .isEqualTo("sip:+15550100001@carrier.example.com");
    }
  }

  private static SipClient connect(String transport) {
    return switch (transport) {
      case "udp" -> SipClient.to(server);
      case "tcp" -> SipClient.overTcp(server);
      case "tls" -> SipClient.overTls(server, tlsPort, trustsTheServer);
      default -> throw new IllegalArgumentException(transport);
    };
  }

  private static String newBranch() {
    return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String line : Fixtures.text("framing/cases.txt").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      String[] answer = f[3].strip().split(":", 2);
      for (String transport : f[1].strip().split("\\s+")) {
        cases.add(
            new Case(
                f[0].strip(),
                transport,
                f[2].strip(),
                Integer.parseInt(answer[0]),
                answer.length > 1 ? answer[1] : null,
                f.length > 4 ? f[4].strip() : ""));
      }
    }
    return cases;
  }
}
