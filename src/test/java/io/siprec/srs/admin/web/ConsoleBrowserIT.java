package io.siprec.srs.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.HeadlessChromium;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium against the packaged server, with a live SIPREC
 * call from SIPp (leg 1) and our RTP sender (leg 2): log in with the password the server made at
 * first start, watch the call appear, its figures move and its dialog and metadata in detail, then
 * see it end, all without reloading the page. Also the open and closed doors over plain HTTP, a
 * refused INVITE counted by status, and logins through a trusted proxy (127.0.0.2) and from an
 * untrusted peer (127.0.0.3) sending the same forwarding headers. Screenshots go to
 * target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CALLER = "sip:+15550100001@carrier.example.com";
  private static final String AGENT = "sip:2001@pbx.example.com";

  /** A secret setting the console must show masked and nothing may log. */
  private static final String BROKER_SECRET = "not-shown-anywhere-42";

  private static final Path SCREENSHOTS =
      SrsServerProcess.projectDir().resolve("target/console-screenshots");

  /**
   * Loopback has all of 127/8: a socket bound to one of these reaches the server from that address.
   */
  private static final String TRUSTED_PROXY = "127.0.0.2";

  private static final String UNTRUSTED_PEER = "127.0.0.3";

  private static SrsServerProcess server;
  private static HeadlessChromium chromium;
  private static String password;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    server =
        SrsServerProcess.named("console-browser")
            .env("SRS_JMS_PASSWORD", BROKER_SECRET)
            .env("SRS_ADMIN_TRUSTED_PROXIES", TRUSTED_PROXY + ",10.99.0.0/16")
            .start();
    // No srs.admin.password-hash: the server made one at first start, for its own user only.
    password = Files.readString(server.runtimeDir.resolve("admin-password")).strip();
    chromium = HeadlessChromium.start();
    System.out.printf(
        "[ConsoleBrowserIT] server ready in %d ms, browser up %d ms after start%n",
        server.readyAfterMillis(), (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      assertThat(server.terminate(Duration.ofSeconds(40))).as("exit code after SIGTERM").isZero();
      assertThat(server.log()).doesNotContain(password).doesNotContain(BROKER_SECRET);
    }
  }

  @Test
  void anOperatorWatchesALiveCallFromLoginToItsEnd() throws Exception {
    long t0 = System.nanoTime();
    String refusedCallId = refuseTwoInvites();
    WebDriver browser = chromium.driver();

    // Not logged in: the console sends the browser to its login page.
    browser.get(server.adminUrl());
    assertThat(browser.getCurrentUrl()).endsWith("/srs/login");
    browser.findElement(By.id("user")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys("a wrong password");
    browser.findElement(By.id("login-submit")).click();
    // The answer is a new page: wait for it rather than read the old one.
    await(browser, "the login error", b -> !b.findElements(By.className("login-error")).isEmpty());
    assertThat(browser.findElement(By.className("login-error")).getText())
        .contains("Wrong user name or password");
    browser.findElement(By.id("user")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login-submit")).click();
    await(browser, "the console after login", b -> b.findElement(By.id("no-live")).isDisplayed());
    // Marks this page load: if anything below reloaded the page, the mark would be gone.
    js(browser, "window.srsTestMark = 'no reload';");

    // A call starts: it appears in the live list by itself.
    AnsweredPort leg2Port = AnsweredPort.create();
    Sipp sipp =
        Sipp.scenario("siprec_console_call.xml")
            .against(server)
            .set("portfile", leg2Port.file())
            .start();
    try (RtpSender leg2 =
        new RtpSender(
            server.ports.peerMedia() + 4,
            Fixtures.bytes("sipp/audio/leg2_440hz.alaw"),
            8,
            0xC0FFEEL)) {
      CompletableFuture<Integer> sent =
          leg2.send(
              new InetSocketAddress("127.0.0.1", leg2Port.await(Duration.ofSeconds(15))),
              450); // 9 s
      String id =
          await(
              browser,
              "the live call listed",
              b -> b.findElement(LIVE_ROW).getAttribute("data-session-id"));
      await(browser, "both streams receiving", b -> packets(b, "1") > 0 && packets(b, "2") > 0);
      String listed = await(browser, "the live call's row", b -> b.findElement(LIVE_ROW).getText());
      assertThat(listed).contains(CALLER, AGENT, "127.0.0.1", "PCMU/8000", "PCMA/8000");

      // The figures move without a reload.
      long before = await(browser, "packets of stream 1", b -> packets(b, "1"));
      await(browser, "packets of stream 1 counting up", b -> packets(b, "1") >= before + 50);
      Path overview = chromium.screenshot(SCREENSHOTS.resolve("live-call-overview.png"));

      // Its detail: the SIP dialog and the metadata, as received and normalised.
      click(browser, "the live call's row", LIVE_ROW);
      await(
          browser,
          "the session's detail",
          b -> b.findElement(By.id("session-status")).getText().equals("LIVE"));
      assertThat(browser.getCurrentUrl()).endsWith("#/session/" + id);
      WebElement offer = await(browser, "the SDP offer", b -> b.findElement(By.id("sdp-offer-0")));
      assertThat(offer.getText()).contains("m=audio", "a=label:1", "a=label:2", "a=sendonly");
      assertThat(browser.findElement(By.id("sdp-answer-0")).getText())
          .contains("a=recvonly", "a=label:2");
      assertThat(browser.findElement(By.id("raw-metadata")).getText())
          .contains("urn:ietf:params:xml:ns:recording:1", CALLER);
      assertThat(browser.findElement(By.id("normalised-metadata")).getText())
          .contains(AGENT, "RFC 7865");
      assertThat(browser.findElement(By.id("session-participants")).getText())
          .contains(CALLER, AGENT);
      assertThat(browser.findElement(By.id("session-timeline")).getText())
          .contains("session.started");
      long inDetail =
          await(browser, "packets of stream 2 in the detail", b -> detailPackets(b, "2"));
      await(browser, "leg 2 counting up in the detail", b -> detailPackets(b, "2") > inDetail);
      // Each stream's media path, stage by stage: ten rows, leg 2's ingress counting up.
      long ingressIn = stageIn(browser, "2", "ingress");
      await(
          browser,
          "leg 2's ingress stage counting up",
          b -> stageIn(b, "2", "ingress") > ingressIn);
      assertThat(browser.findElements(By.cssSelector("#session-stages tr[data-label='2']")))
          .hasSize(10);
      chromium.screenshot(SCREENSHOTS.resolve("live-call-detail.png"));

      // A legal hold from the session's view (docs/recordings.md): a reason, then the button.
      browser.findElement(By.id("session-hold-why")).sendKeys("case CB-1");
      browser.findElement(By.id("session-hold-button")).click();
      await(
          browser,
          "the session shown held",
          b -> b.findElement(By.id("session-hold-state")).getText().startsWith("HELD"));
      assertThat(browser.findElement(By.id("session-hold-state")).getText())
          .contains("by admin", "case CB-1");
      assertThat(browser.findElement(By.id("session-hold-button")).getText())
          .isEqualTo("Release hold");
      assertThat(browser.findElement(By.id("session-hold-error")).getText()).isEmpty();

      // Hear it while it is live: a player, a level strip and downloads per recorded file.
      hearTheLiveRecording(browser, id);

      // Its SIP ladder: what the SRC sent and we answered, each message opened by keyboard.
      await(
          browser,
          "the INVITE, 200 and ACK on the ladder",
          b -> ladder(b, "session-ladder").size() >= 3);
      assertThat(ladder(browser, "session-ladder"))
          .startsWith("INVITE →", "← 200 OK (INVITE)", "ACK →");
      String inviteText = openLadderMessage(browser, "session-ladder", 0);
      assertThat(inviteText)
          .startsWith("INVITE sip:")
          .contains("Call-ID:", "m=audio", "a=label:1", "urn:ietf:params:xml:ns:recording:1");
      assertThat(openLadderMessage(browser, "session-ladder", 1))
          .startsWith("SIP/2.0 200 OK")
          .contains("+sip.srs", "a=recvonly");

      // The SRC hangs up: the page says so.
      assertThat(sipp.await()).as(sipp.report()).isZero();
      assertThat(sent.join()).isEqualTo(450);
      await(
          browser,
          "the call shown ended",
          b -> b.findElement(By.id("session-status")).getText().equals("ENDED · SRC_BYE"));
      await(
          browser,
          "the end on the timeline",
          b -> b.findElement(By.id("session-timeline")).getText().contains("session.ended"));
      await(
          browser,
          "the BYE and its 200 on the ladder",
          b -> ladder(b, "session-ladder").containsAll(List.of("BYE →", "← 200 OK (BYE)")));
      chromium.screenshot(SCREENSHOTS.resolve("ended-call-detail.png"));
      servedAsArchivedOnceEnded(id, "stream-2.wav");

      browser.findElement(By.cssSelector("a[href='#/']")).click();
      await(
          browser,
          "the call among the recently ended",
          b ->
              !b.findElements(
                      By.cssSelector("#recent-sessions tbody tr[data-session-id='" + id + "']"))
                  .isEmpty());
      await(browser, "no live call left", b -> b.findElement(By.id("no-live")).isDisplayed());
      assertThat(
              browser
                  .findElement(
                      By.cssSelector("#recent-sessions tbody tr[data-session-id='" + id + "']"))
                  .getText())
          .contains("SRC_BYE", CALLER);

      // The system page: the refused INVITE by status, settings with the secret masked.
      browser.findElement(By.cssSelector("a[data-nav='system']")).click();
      await(
          browser,
          "the rejection by status",
          b -> b.findElement(By.id("rejections-by-status")).getText().contains("488"));
      assertThat(browser.findElement(By.id("last-rejections")).getText())
          .contains("488", "Not Acceptable Here");
      String settings =
          await(
              browser,
              "the settings",
              b -> {
                String text = b.findElement(By.id("settings")).getText();
                return text.contains("srs.jms.password") ? text : null;
              });
      assertThat(settings).contains("********").doesNotContain(BROKER_SECRET);
      chromium.screenshot(SCREENSHOTS.resolve("system.png"));

      // The refused INVITE's row names the option tag, and leads to its ladder.
      assertThat(browser.findElement(By.id("last-rejections")).getText())
          .contains("420", "unsupported option tag x-unknown-ext");
      click(browser, "the refused INVITE's Call-ID", By.linkText(refusedCallId));
      await(browser, "the refused INVITE's ladder", b -> ladder(b, "refusal-ladder").size() >= 2);
      assertThat(ladder(browser, "refusal-ladder"))
          .startsWith("INVITE →", "← 420 Bad Extension (INVITE)");
      assertThat(browser.findElement(By.id("refusal-why")).getText())
          .contains(
              "420", "unsupported option tag x-unknown-ext in Require: siprec, x-unknown-ext");
      assertThat(openLadderMessage(browser, "refusal-ladder", 1))
          .contains("Unsupported: x-unknown-ext");
      chromium.screenshot(SCREENSHOTS.resolve("refused-invite-ladder.png"));
      browser.findElement(By.cssSelector("a[data-nav='system']")).click();
      assertThat(browser.getPageSource()).doesNotContain(BROKER_SECRET);
      assertThat(js(browser, "return window.srsTestMark;"))
          .as("the page was never reloaded")
          .isEqualTo("no reload");
      System.out.printf(
          "[ConsoleBrowserIT] login to ended call in %d ms; screenshot %s%n",
          (System.nanoTime() - t0) / 1_000_000, overview);
    }

    String metrics = get("metrics", null).body();
    assertThat(metrics)
        .contains(
            "srs_sip_setups_total 1.0",
            "srs_sip_rejections_total{code=\"488\"} 1.0",
            "srs_sip_rejections_total{code=\"420\"} 1.0",
            "srs_session_duration_seconds_count 1",
            "srs_jms_chunk_latency_seconds_bucket",
            "srs_pipeline_stage_in_total{stage=\"ingress\"}");
    assertThat(metrics).doesNotContain(CALLER);

    // Metadata that cannot be read costs no call: listed with a badge, its detail says why.
    try (SipClient sip = SipClient.to(server)) {
      SipClient.Sent invite =
          sip.prepare(Fixtures.bytes("siprec-corpus/m01_broken_xml_unclosed.sip"));
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(invite, ok);
      browser.findElement(By.cssSelector("a[href='#/']")).click();
      WebElement badge =
          await(
              browser,
              "the metadata badge",
              b ->
                  b.findElement(
                      By.cssSelector(
                          "#live-sessions tbody tr[data-session-id] .metadata-problem")));
      assertThat(badge.getText()).isEqualTo("metadata unreadable");
      click(browser, "the live call's row", LIVE_ROW);
      WebElement banner =
          await(
              browser,
              "the metadata banner",
              b -> {
                WebElement e = b.findElement(By.id("session-metadata-problem"));
                return e.isDisplayed() ? e : null;
              });
      assertThat(banner.getText())
          .contains("Metadata in INVITE not read (unreadable)", "line 11", "recorded without it");
      assertThat(browser.findElement(By.id("raw-metadata")).getText()).contains("<recording");
      chromium.screenshot(SCREENSHOTS.resolve("metadata-not-read.png"));
      assertThat(sip.bye(invite, ok).status()).isEqualTo(200);
    }
    assertThat(get("metrics", null).body())
        .contains(
            "srs_metadata_problems_total{kind=\"unreadable\"} 1.0",
            "srs_metadata_problems_total{kind=\"hostile\"} 0.0");
  }

  @Test
  void onlyHealthAndMetricsAreOpenAndTheApiTakesBasicCredentials() throws Exception {
    HttpResponse<String> health = get("health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"", "\"broker\":\"connected\"");
    assertThat(get("metrics", null).headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));

    HttpResponse<String> page = get("", null);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/srs/login"));
    HttpResponse<String> anonymous = get("api/system", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(get("api/system", "admin:wrong").statusCode()).isEqualTo(401);

    HttpResponse<String> system = get("api/system", "admin:" + password);
    assertThat(system.statusCode()).isEqualTo(200);
    assertThat(system.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(system.body()).contains("\"accepting\":true").doesNotContain(BROKER_SECRET);
    assertThat(
            get("api/sessions/00000000-0000-0000-0000-000000000000", "admin:" + password)
                .statusCode())
        .isEqualTo(404);
    // The console's files come from the server itself: nothing refers to another host.
    for (String asset : List.of("", "assets/console.js", "assets/console.css")) {
      assertThat(get(asset, "admin:" + password).body()).doesNotContain("http://", "https://");
    }
  }

  @Test
  void throughATrustedProxyTheCookieIsSecureAndTheThrottleCountsTheForwardedClient()
      throws Exception {
    List<String> https =
        List.of("X-Forwarded-For: 198.51.100.1, 203.0.113.10", "X-Forwarded-Proto: https");

    // The right password through the proxy: Secure cookie, a relative redirect that keeps https.
    RawResponse viaProxy = postLogin(TRUSTED_PROXY, https, "admin", password);
    assertThat(viaProxy.status()).isEqualTo(302);
    assertThat(viaProxy.header("Location")).isEqualTo("/srs/");
    assertThat(viaProxy.header("Set-Cookie"))
        .startsWith("SRS_ADMIN=")
        .contains("HttpOnly", "; Secure");
    // The same headers from a peer that is no trusted proxy: ignored.
    RawResponse direct = postLogin(UNTRUSTED_PEER, https, "admin", password);
    assertThat(direct.status()).isEqualTo(302);
    assertThat(direct.header("Set-Cookie")).startsWith("SRS_ADMIN=").doesNotContain("Secure");

    // Through the proxy the throttle counts the forwarded client, not the proxy: one client is
    // held back after its free failures, the next one through the same proxy is not.
    List<String> guesser = List.of("X-Forwarded-For: 203.0.113.66", "X-Forwarded-Proto: https");
    for (int i = 0; i < 5; i++) {
      assertThat(
              postLogin(TRUSTED_PROXY, guesser, "proxied-guess-" + i, "wrong").header("Location"))
          .isEqualTo("/srs/login?failed");
    }
    assertThat(postLogin(TRUSTED_PROXY, guesser, "proxied-guess-5", "wrong").header("Location"))
        .startsWith("/srs/login?wait=");
    assertThat(
            postLogin(
                    TRUSTED_PROXY,
                    List.of("X-Forwarded-For: 203.0.113.67"),
                    "proxied-guess-6",
                    "wrong")
                .header("Location"))
        .as("another client through the same proxy")
        .isEqualTo("/srs/login?failed");

    // From the untrusted peer a new X-Forwarded-For with each guess changes nothing: its own
    // address is counted.
    for (int i = 0; i < 5; i++) {
      assertThat(
              postLogin(
                      UNTRUSTED_PEER,
                      List.of("X-Forwarded-For: 198.51.100." + (10 + i)),
                      "direct-guess-" + i,
                      "wrong")
                  .header("Location"))
          .isEqualTo("/srs/login?failed");
    }
    assertThat(
            postLogin(
                    UNTRUSTED_PEER,
                    List.of("X-Forwarded-For: 198.51.100.99"),
                    "direct-guess-5",
                    "wrong")
                .header("Location"))
        .startsWith("/srs/login?wait=");

    // And the log names who the server took each one for.
    await(
        Duration.ofSeconds(5), () -> server.log().contains("failed login from " + UNTRUSTED_PEER));
    assertThat(server.log())
        .contains(
            "admin console: login from 203.0.113.10",
            "failed login from 203.0.113.66",
            "failed login from 203.0.113.67",
            "admin console: login from " + UNTRUSTED_PEER)
        .doesNotContain("login from 198.51.100.");
  }

  private record RawResponse(int status, List<String> headers) {
    String header(String name) {
      return headers.stream()
          .filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
          .map(h -> h.substring(name.length() + 1).strip())
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * A form login over a socket bound to {@code from}: HttpClient cannot choose its source address.
   */
  private RawResponse postLogin(String from, List<String> extraHeaders, String user, String pass)
      throws Exception {
    URI admin = URI.create(server.adminUrl());
    String body =
        "user="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(pass, StandardCharsets.UTF_8);
    StringBuilder request =
        new StringBuilder("POST " + admin.getPath() + "login HTTP/1.1\r\n")
            .append("Host: ")
            .append(admin.getHost())
            .append(':')
            .append(admin.getPort())
            .append("\r\n")
            .append("Content-Type: application/x-www-form-urlencoded\r\n")
            .append("Content-Length: ")
            .append(body.getBytes(StandardCharsets.UTF_8).length)
            .append("\r\n")
            .append("Connection: close\r\n");
    extraHeaders.forEach(h -> request.append(h).append("\r\n"));
    request.append("\r\n").append(body);
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(
          new InetSocketAddress(admin.getHost(), admin.getPort()), (int) WAIT.toMillis());
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String statusLine = in.readLine();
      assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
      List<String> headers = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        headers.add(line);
      }
      return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), headers);
    }
  }

  private static void await(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within %s", bound).isLessThan(deadline);
      SrsServerProcess.sleepQuietly(20);
    }
  }

  /** A 488 (no codec we decode) and a 420 (an unknown required option tag), whose Call-ID. */
  private String refuseTwoInvites() throws Exception {
    try (SipClient sip = SipClient.to(server)) {
      SipClient.Response answer =
          sip.exchange(
              sip.prepare(Fixtures.bytes("siprec-corpus/m05_unknown_codec_only.sip")), WAIT);
      assertThat(answer.status()).isEqualTo(488);
      SipClient.Sent unknownTag =
          sip.prepare(Fixtures.bytes("siprec-corpus/m16_require_unknown_extension.sip"));
      assertThat(sip.exchange(unknownTag, WAIT).status()).isEqualTo(420);
      return unknownTag.callId();
    }
  }

  /** The arrows of a ladder, top to bottom, as the page writes them ("INVITE →", "← 200 ..."). */
  private static List<String> ladder(WebDriver b, String id) {
    return b.findElements(By.cssSelector("#" + id + " .ladder-arrow")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** Opens one message of a ladder with the keyboard, as an operator without a mouse would. */
  private static String openLadderMessage(WebDriver browser, String id, int index) {
    By message = By.id(id + "-msg-" + index);
    browser
        .findElement(By.cssSelector("#" + id + "-msg-" + index + " > summary"))
        .sendKeys(Keys.ENTER);
    await(
        browser,
        "message " + index + " open",
        b -> b.findElement(message).getAttribute("open") != null);
    return browser.findElement(By.cssSelector("#" + id + "-msg-" + index + " > pre")).getText();
  }

  private HttpResponse<String> get(String path, String basic) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(WAIT);
    if (basic != null) {
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * docs/admin.md "Hear a recording": the player of stream 1 plays (Chromium fetched it by range
   * through the login cookie), its level strip is drawn, a range fetched with credentials is the
   * archive file's bytes at those offsets, a range past the end is 416 and no login is 401.
   */
  private void hearTheLiveRecording(WebDriver browser, String id) throws Exception {
    long t0 = System.nanoTime();
    By player = By.cssSelector("#recording-files audio[data-file='stream-1.wav']");
    await(browser, "the player of stream 1", b -> b.findElement(player));
    Object started =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const a = document.querySelector(\"#recording-files audio[data-file='stream-1.wav']\");"
                    + "a.muted = true; a.play().then(() => done('playing'), (e) => done(e.name + ': ' + e.message));");
    assertThat(started).isEqualTo("playing");
    await(
        browser,
        "stream 1 playing: data there, no error, time moving",
        b ->
            (Boolean)
                js(
                    b,
                    "const a = document.querySelector(\"#recording-files audio[data-file='stream-1.wav']\");"
                        + "return a.error === null && a.readyState >= 2 && a.currentTime > 0.2;"));
    js(browser, "document.querySelectorAll('#recording-files audio').forEach(a => a.pause());");
    String windows =
        await(
            browser,
            "the level strip of stream 1",
            b -> {
              String n =
                  b.findElement(
                          By.cssSelector(
                              "#recording-files canvas.level-strip[data-file='stream-1.wav']"))
                      .getAttribute("data-windows");
              return n != null && Integer.parseInt(n) > 0 ? n : null;
            });
    assertThat(
            browser
                .findElement(
                    By.cssSelector("#recording-files canvas.level-strip[data-file='stream-1.wav']"))
                .getAttribute("aria-label"))
        .startsWith("Levels of stream 1: ");
    assertThat(browser.findElement(player).getAttribute("aria-label")).isEqualTo("Play stream 1");
    assertThat(browser.findElement(By.id("recording-downloads")).getText())
        .contains("Download stream-1.wav", "Download stream-2.wav", "Download session JSON");
    chromium.screenshot(SCREENSHOTS.resolve("live-call-recording.png"));

    // The bytes of a range are the archive's, at those offsets (the data past the header).
    String file = "api/recordings/" + id + "/stream-1.wav";
    Path archived = archived(id, "stream-1.wav");
    HttpResponse<byte[]> part = getBytes(file, "bytes=1000-4999", "admin:" + password);
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Type")).hasValue(RecordingServlet.WAV);
    assertThat(part.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(part.headers().firstValue("Content-Range").orElseThrow())
        .startsWith("bytes 1000-4999/");
    byte[] onDisk = Files.readAllBytes(archived);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(onDisk, 1000, 5000));
    HttpResponse<byte[]> beyond = getBytes(file, "bytes=999999999-", "admin:" + password);
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range").orElseThrow()).startsWith("bytes */");
    assertThat(getBytes(file, "bytes=0-99", null).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> json =
        getBytes("api/recordings/" + id + "/session.json?download", null, "admin:" + password);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment; filename=\"" + id);
    System.out.printf(
        "[ConsoleBrowserIT] hear: played, %s level windows, range checks in %d ms%n",
        windows, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Once the call has ended the whole file as served is the archive's, byte for byte. */
  private void servedAsArchivedOnceEnded(String id, String name) throws Exception {
    Path archived = archived(id, name);
    await(
        Duration.ofSeconds(5),
        () -> {
          try {
            HttpResponse<byte[]> whole =
                getBytes("api/recordings/" + id + "/" + name, null, "admin:" + password);
            return whole.statusCode() == 200
                && Arrays.equals(whole.body(), Files.readAllBytes(archived));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private Path archived(String id, String name) throws Exception {
    try (var walk = Files.walk(server.runtimeDir.resolve("recordings"), 2)) {
      Path folder =
          walk.filter(p -> p.getFileName().toString().equals(id)).findFirst().orElseThrow();
      return folder.resolve(name);
    }
  }

  private HttpResponse<byte[]> getBytes(String path, String range, String basic) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(WAIT);
    if (range != null) {
      request.header("Range", range);
    }
    if (basic != null) {
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static final By LIVE_ROW = By.cssSelector("#live-sessions tbody tr[data-session-id]");

  private static long packets(WebDriver b, String label) {
    List<WebElement> cells =
        b.findElements(
            By.cssSelector(
                "#live-sessions .stream-line[data-label='" + label + "'] .stream-packets"));
    return cells.isEmpty() ? -1 : Long.parseLong(cells.get(0).getText().replaceAll("[^0-9]", ""));
  }

  private static long detailPackets(WebDriver b, String label) {
    List<WebElement> cells =
        b.findElements(By.cssSelector("#session-streams tr[data-label='" + label + "'] .packets"));
    return cells.isEmpty() ? -1 : Long.parseLong(cells.get(0).getText().replaceAll("[^0-9]", ""));
  }

  private static long stageIn(WebDriver b, String label, String stage) {
    List<WebElement> cells =
        b.findElements(
            By.cssSelector(
                "#session-stages tr[data-label='"
                    + label
                    + "'][data-stage='"
                    + stage
                    + "'] .stage-in"));
    return cells.isEmpty() ? -1 : Long.parseLong(cells.get(0).getText().replaceAll("[^0-9]", ""));
  }

  /**
   * A transfer recorded as two sessions of one metadata group (BYE, then a new INVITE reusing the
   * group_id): the page of the session after it links to the one before it. Leaves the browser
   * logged out, as it found it.
   */
  @Test
  void theSessionAfterATransferLinksToTheRecordingBeforeIt() throws Exception {
    WebDriver browser = chromium.driver();
    browser.get(server.adminUrl());
    if (browser.getCurrentUrl().endsWith("/srs/login")) {
      browser.findElement(By.id("user")).sendKeys("admin");
      browser.findElement(By.id("password")).sendKeys(password);
      browser.findElement(By.id("login-submit")).click();
      await(browser, "the console after login", b -> b.findElement(By.id("live-sessions")));
    }
    try (SipClient sip = SipClient.to(server)) {
      SipClient.Sent before = sip.prepare(Fixtures.bytes("shapes/transfer-first-invite.sip"));
      SipClient.Response beforeOk = sip.exchange(before, WAIT);
      assertThat(beforeOk.status()).isEqualTo(200);
      sip.ack(before, beforeOk);
      assertThat(sip.bye(before, beforeOk).status()).isEqualTo(200);
      SipClient.Sent after = sip.prepare(Fixtures.bytes("shapes/transfer-second-invite.sip"));
      SipClient.Response afterOk = sip.exchange(after, WAIT);
      assertThat(afterOk.status()).isEqualTo(200);
      sip.ack(after, afterOk);

      // The page redraws its lists every second: each element is found, read and clicked in one
      // go, again if a redraw replaced it meanwhile.
      String afterId =
          await(
              browser,
              "the call after the transfer listed",
              b -> b.findElement(LIVE_ROW).getAttribute("data-session-id"));
      click(browser, "the call after the transfer", LIVE_ROW);
      By linked = By.cssSelector("#session-linked a.linked-session");
      List<String> link =
          await(
              browser,
              "the link to the recording before the transfer",
              b -> {
                WebElement a = b.findElement(linked);
                return List.of(a.getText(), a.getAttribute("href"));
              });
      assertThat(link.get(0)).contains("ended");
      String beforeId = link.get(1).replaceFirst(".*#/session/", "");
      assertThat(beforeId).isNotEqualTo(afterId).isNotBlank();
      chromium.screenshot(SCREENSHOTS.resolve("linked-sessions.png"));

      click(browser, "the link to the recording before the transfer", linked);
      await(
          browser,
          "the recording before the transfer",
          b -> b.findElement(By.id("session-id")).getText().equals(beforeId));
      assertThat(browser.findElement(By.id("session-status")).getText())
          .isEqualTo("ENDED · SRC_BYE");
      assertThat(sip.bye(after, afterOk).status()).isEqualTo(200);
    } finally {
      browser.manage().deleteAllCookies();
    }
  }

  /**
   * Find a call (docs/admin.md): by Call-ID from a shared link, then by a participant's AOR typed
   * into the search box with a filter; the address carries the query and a reload keeps it; a
   * result opens the session. Leaves the browser logged out, as it found it. Runs last: the first
   * test counts the server's setups and sessions exactly, and this one adds a call.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void anOperatorFindsACallByCallIdAndByParticipantAndCanShareTheSearch() throws Exception {
    long t0 = System.nanoTime();
    WebDriver browser = chromium.driver();
    browser.get(server.adminUrl());
    if (browser.getCurrentUrl().endsWith("/srs/login")) {
      browser.findElement(By.id("user")).sendKeys("admin");
      browser.findElement(By.id("password")).sendKeys(password);
      browser.findElement(By.id("login-submit")).click();
      await(browser, "the console after login", b -> b.findElement(By.id("live-sessions")));
    }
    // Only this fixture names this agent in the whole test.
    String agent = "+15550199100@pbx.example.org";
    By found = By.cssSelector("#find-results tbody tr[data-session-id]");
    try (SipClient sip = SipClient.to(server)) {
      SipClient.Sent invite =
          sip.prepare(Fixtures.bytes("siprec-corpus/04_oracle_acme_invite.sip"));
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(invite, ok);

      browser.get(
          server.adminUrl() + "#/?q=" + URLEncoder.encode(invite.callId(), StandardCharsets.UTF_8));
      String id =
          await(
              browser,
              "the live call found by its Call-ID",
              b -> b.findElement(found).getAttribute("data-session-id"));
      assertThat(browser.findElements(found)).hasSize(1);
      assertThat(browser.findElement(found).getAttribute("data-state")).isEqualTo("live");
      assertThat(browser.findElement(found).getText()).contains(invite.callId(), agent);
      assertThat(browser.findElement(By.id("find-q")).getAttribute("value"))
          .isEqualTo(invite.callId());
      assertThat(sip.bye(invite, ok).status()).isEqualTo(200);

      WebElement box = browser.findElement(By.id("find-q"));
      box.clear();
      box.sendKeys(agent);
      new Select(browser.findElement(By.id("find-state"))).selectByValue("ended");
      browser.findElement(By.cssSelector("#find-form button[type=submit]")).click();
      By ended = By.cssSelector("#find-results tbody tr[data-session-id='" + id + "']");
      await(
          browser,
          "the ended call found by its participant",
          b -> "ended".equals(b.findElement(ended).getAttribute("data-state")));
      assertThat(browser.getCurrentUrl())
          .contains("q=" + URLEncoder.encode(agent, StandardCharsets.UTF_8), "state=ended");
      assertThat(browser.findElements(found)).hasSize(1);

      browser.navigate().refresh();
      await(browser, "the search again after a reload", b -> b.findElement(ended).isDisplayed());
      assertThat(browser.findElement(By.id("find-q")).getAttribute("value")).isEqualTo(agent);
      assertThat(
              new Select(browser.findElement(By.id("find-state")))
                  .getFirstSelectedOption()
                  .getAttribute("value"))
          .isEqualTo("ended");
      chromium.screenshot(SCREENSHOTS.resolve("find-a-call.png"));

      // The same search over the API, authenticated like the rest of it; a query it cannot read
      // is refused saying which parameter.
      assertThat(
              get("api/calls?q=" + URLEncoder.encode(agent, StandardCharsets.UTF_8), null)
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> api =
          get(
              "api/calls?state=ended&q=" + URLEncoder.encode(agent, StandardCharsets.UTF_8),
              "admin:" + password);
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.body()).contains("\"total\":1", id, invite.callId());
      HttpResponse<String> refused = get("api/calls?sort=caller", "admin:" + password);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("sort:");

      click(browser, "the call found", By.cssSelector("#find-results a.find-call-id"));
      await(
          browser,
          "the session found",
          b -> b.findElement(By.id("session-id")).getText().equals(id));
      System.out.printf(
          "[ConsoleBrowserIT] find a call in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    } finally {
      browser.manage().deleteAllCookies();
    }
  }

  /**
   * Knowing when something is wrong, on a server of its own (this test stops it): an alarm raised
   * by a fault (the archive's disk below its minimum from the first check) in the banner of every
   * view and on the system page with since when; then the server stops answering (SIGSTOP: it
   * hangs) and every figure goes grey with a line saying since when, and comes back by itself
   * (SIGCONT); then the server is gone (SIGTERM) and the page says so again. On the way, the words:
   * "1 session", "none yet", a JVM tile that fits.
   */
  @Test
  void anAlarmShowsWithSinceWhenAndAServerThatStopsAnsweringGreysThePage() throws Exception {
    WebDriver browser = chromium.driver();
    try (SrsServerProcess faulty =
        SrsServerProcess.named("console-alarms")
            .env("SRS_ARCHIVE_MIN_FREE_MB", String.valueOf(1L << 30))
            .start()) {
      String faultyPassword = Files.readString(faulty.runtimeDir.resolve("admin-password")).strip();
      browser.get(faulty.adminUrl());
      browser.findElement(By.id("user")).sendKeys("admin");
      browser.findElement(By.id("password")).sendKeys(faultyPassword);
      browser.findElement(By.id("login-submit")).click();
      await(browser, "the console after login", b -> b.findElement(By.id("no-live")).isDisplayed());

      // The alarm in the banner, a live region, with since when the server saw it raised.
      WebElement alarm =
          await(
              browser,
              "the alarm in the banner",
              b -> b.findElement(By.cssSelector("#alarms li[data-alarm='ARCHIVE_LOW_SPACE']")));
      assertThat(alarm.getText()).contains("ARCHIVE_LOW_SPACE", "since ");
      assertThat(browser.findElement(By.id("alarms")).getAttribute("aria-live"))
          .isEqualTo("assertive");
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(faulty.adminUrl() + "health"))
                  .timeout(WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.body())
          .containsPattern(
              "\"alarmsRaised\"\\s*:\\s*\\[\\s*\\{\\s*\"name\"\\s*:\\s*\"ARCHIVE_LOW_SPACE\"\\s*,"
                  + "\\s*\"since\"\\s*:\\s*\"20");

      // A call that comes and goes: one session, not "1 sessions".
      try (SipClient sip = SipClient.to(faulty)) {
        SipClient.Sent invite =
            sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
        SipClient.Response ok = sip.exchange(invite, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        sip.ack(invite, ok);
        assertThat(sip.bye(invite, ok).status()).isEqualTo(200);
      }
      await(
          browser,
          "one session archived",
          b -> b.findElement(By.id("tile-archive-note")).getText().equals("1 session kept"));
      // Every tile's figure fits its tile (the JVM's was cut off).
      assertThat(
              js(
                  browser,
                  "return [...document.querySelectorAll('.tile-value')]"
                      + ".filter(e => e.scrollWidth > e.clientWidth).map(e => e.id).join(' ');"))
          .as("tile figures cut off")
          .isEqualTo("");
      assertThat(browser.findElement(By.id("tile-heap")).getText()).matches("\\d+ MB");
      chromium.screenshot(SCREENSHOTS.resolve("alarm-banner.png"));

      // The system page: the alarm again, and an empty table says so in one line.
      browser.findElement(By.cssSelector("a[data-nav='system']")).click();
      WebElement listed =
          await(
              browser,
              "the alarm on the system page",
              b ->
                  b.findElement(
                      By.cssSelector("#system-alarms li[data-alarm='ARCHIVE_LOW_SPACE']")));
      assertThat(listed.getText()).contains("since ");
      assertThat(browser.findElement(By.cssSelector("#alarms li[data-alarm]")).isDisplayed())
          .isTrue();
      await(
          browser,
          "no rejection yet",
          b -> b.findElement(By.id("rejections-by-status")).getText().contains("none yet"));

      // The server hangs: the page greys every figure and says since when; back by itself.
      signal(faulty, "STOP");
      try {
        WebElement line = awaitStale(browser);
        assertThat(line.getText()).containsPattern("has not answered since \\d\\d:\\d\\d:\\d\\d");
        assertThat(js(browser, "return getComputedStyle(document.querySelector('main')).filter;"))
            .asString()
            .contains("grayscale");
        assertThat(
                js(
                    browser,
                    "return getComputedStyle(document.getElementById('accepting')).backgroundColor;"))
            .as("not left green")
            .isEqualTo("rgb(136, 148, 163)");
        assertThat(browser.findElement(By.id("stale-mark")).isDisplayed()).isTrue();
        chromium.screenshot(SCREENSHOTS.resolve("server-not-answering.png"));
      } finally {
        signal(faulty, "CONT");
      }
      await(
          browser,
          "the page back to live figures",
          b ->
              !b.findElement(By.id("connection-problem")).isDisplayed()
                  && !(Boolean) js(b, "return document.body.classList.contains('stale');"));
      assertThat(browser.findElement(By.id("accepting")).getText()).isEqualTo("accepting calls");

      // The server goes away: stale again, until it is back.
      assertThat(faulty.terminate(Duration.ofSeconds(40))).isZero();
      assertThat(awaitStale(browser).getText()).contains("has not answered since");
      chromium.screenshot(SCREENSHOTS.resolve("server-gone.png"));
    } finally {
      browser.get("about:blank");
      browser.manage().deleteAllCookies();
    }
  }

  private static WebElement awaitStale(WebDriver browser) {
    return new WebDriverWait(browser, WAIT)
        .withMessage("the page marked stale")
        .ignoring(NoSuchElementException.class)
        .until(
            b -> {
              WebElement e = b.findElement(By.id("connection-problem"));
              return e.isDisplayed()
                      && (Boolean) js(b, "return document.body.classList.contains('stale');")
                  ? e
                  : null;
            });
  }

  /** SIGSTOP or SIGCONT to the server this test started (no wrapper: its process is the JVM). */
  private static void signal(SrsServerProcess s, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(s.pid())).start();
    assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
  }

  private static Object js(WebDriver b, String script) {
    return ((JavascriptExecutor) b).executeScript(script);
  }

  /** Finds and clicks in one step, again when a redraw replaced the element in between. */
  private static void click(WebDriver browser, String what, By element) {
    await(
        browser,
        what,
        b -> {
          b.findElement(element).click();
          return true;
        });
  }

  private static <T> T await(WebDriver b, String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(b, WAIT)
        .withMessage(what)
        .ignoring(NoSuchElementException.class)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }
}
