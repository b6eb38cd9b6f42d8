package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Retention by policy, legal hold and erasure end to end, on one server: three real SIPREC calls
 * (SIPp), all with the same agent; call 3's SRC matches a policy rule keeping it 2 s. Through the
 * admin API: call 1 is put on legal hold, a retention sweep deletes call 3 only, and erasing the
 * agent deletes call 2 but not the held call 1; the audit log has a line for each, and the erased
 * address only as a SHA-256 a peer (Python's hashlib) agrees with.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionErasureIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String AGENT = "sip:2001@pbx.example.com";
  private static final int CALLS = 3;

  private static SrsServerProcess server;
  private static HttpClient http;
  private static String basic;
  private static Path archive;

  /** Session folders by SIPp call number. */
  private static final Map<Integer, Path> calls = new HashMap<>();

  @BeforeAll
  static void threeCallsEnded() throws Exception {
    Path policy = SrsServerProcess.projectDir().resolve("target/it-work/retention-policy.txt");
    Files.createDirectories(policy.getParent());
    Files.writeString(
        policy,
        "# RetentionErasureIT: call 3 only, by its SRC's User-Agent\n"
            + "short ; ua=srs-test-src/retention-3 ; keep=2s\n");
    server =
        SrsServerProcess.named("retention")
            .env("SRS_ARCHIVE_RETENTION_POLICY", policy.toString())
            .start();
    archive = server.runtimeDir.resolve("recordings");
    http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    String password = Files.readString(server.runtimeDir.resolve("admin-password")).strip();
    basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));

    Sipp sipp =
        Sipp.scenario("siprec_retention_call.xml")
            .against(server)
            .calls(CALLS, 10, CALLS)
            .timeout(WAIT)
            .start();
    assertThat(sipp.await()).as(sipp.report()).isZero();

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (calls.size() < CALLS && System.nanoTime() < deadline) {
      calls.clear();
      for (Path session : sessionFolders()) {
        Path decision = session.resolve(RetentionDecision.FILE);
        if (Files.exists(decision)) {
          String ua =
              json(session.resolve("session.json")).getJsonObject("session").getString("userAgent");
          calls.put(Integer.parseInt(ua.substring(ua.lastIndexOf('-') + 1)), session);
        }
      }
      Thread.sleep(100);
    }
    assertThat(calls).as("every call's folder with its retention decided").hasSize(CALLS);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void eachSessionsRetentionIsDecidedByThePolicyWhenItEnds() throws Exception {
    JsonObject short3 = json(calls.get(3).resolve(RetentionDecision.FILE));
    assertThat(short3.getString("rule")).isEqualTo("short");
    assertThat(short3.getString("keep")).isEqualTo("2s");
    JsonObject default1 = json(calls.get(1).resolve(RetentionDecision.FILE));
    assertThat(default1.getString("rule")).isEqualTo("default");
    assertThat(default1.getString("keep")).isEqualTo("30d");
  }

  @Test
  @Order(2)
  void aHoldIsPutOnThroughTheApiOnlyAsJson() throws Exception {
    String id = calls.get(1).getFileName().toString();
    HttpResponse<String> form =
        post("sessions/" + id + "/hold", "application/x-www-form-urlencoded", "why=x");
    assertThat(form.statusCode()).as(form.body()).isEqualTo(415);

    HttpResponse<String> held =
        post("sessions/" + id + "/hold", "application/json", "{\"why\":\"case IT-1\"}");
    assertThat(held.statusCode()).as(held.body()).isEqualTo(201);
    JsonObject state =
        Json.createReader(new StringReader(get("sessions/" + id + "/hold").body())).readObject();
    assertThat(state.getBoolean("held")).isTrue();
    assertThat(state.getString("by")).isEqualTo("admin");
    assertThat(state.getString("why")).isEqualTo("case IT-1");

    HttpResponse<String> again =
        post("sessions/" + id + "/hold", "application/json", "{\"why\":\"again\"}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
  }

  @Test
  @Order(3)
  void aSweepDeletesTheSessionWhoseShortRetentionRanOutAndKeepsTheOthers() throws Exception {
    Instant expires =
        Instant.parse(json(calls.get(3).resolve(RetentionDecision.FILE)).getString("expiresAt"));
    long wait = Duration.between(Instant.now(), expires).toMillis();
    if (wait > 0) {
      Thread.sleep(wait + 50);
    }
    HttpResponse<String> swept = post("archive/sweep", "application/json", "{}");
    assertThat(swept.statusCode()).as(swept.body()).isEqualTo(200);
    JsonObject report = Json.createReader(new StringReader(swept.body())).readObject();
    assertThat(report.getJsonArray("deleted").getValuesAs(JsonObject.class))
        .extracting(o -> o.getString("session"))
        .containsExactly(calls.get(3).getFileName().toString());
    assertThat(calls.get(3)).doesNotExist();
    assertThat(calls.get(1)).exists();
    assertThat(calls.get(2)).exists();
  }

  @Test
  @Order(4)
  void erasingTheAgentDeletesEveryRecordingButTheHeldOne() throws Exception {
    HttpResponse<String> erased =
        post(
            "erasures",
            "application/json",
            "{\"aor\":\"" + AGENT + "\",\"request\":\"GDPR-IT-1\"}");
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
    JsonObject report = Json.createReader(new StringReader(erased.body())).readObject();
    assertThat(report.getJsonArray("deleted").getValuesAs(JsonObject.class))
        .extracting(o -> o.getString("session"))
        .containsExactly(calls.get(2).getFileName().toString());
    assertThat(report.getJsonArray("held").getValuesAs(JsonObject.class))
        .extracting(o -> o.getString("session"))
        .containsExactly(calls.get(1).getFileName().toString());
    assertThat(calls.get(2)).doesNotExist();
    assertThat(calls.get(1)).exists();

    String log = Files.readString(archive.resolve(AuditLog.FILE));
    assertThat(log).doesNotContain("2001@pbx");
    List<JsonObject> lines =
        log.lines().map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
    assertThat(lines)
        .extracting(o -> o.getString("action"))
        .containsExactly("hold", "deleted", "deleted");
    assertThat(lines.get(0).getString("session")).isEqualTo(calls.get(1).getFileName().toString());
    JsonObject retention = lines.get(1);
    assertThat(retention.getString("session")).isEqualTo(calls.get(3).getFileName().toString());
    assertThat(retention.getString("reason")).isEqualTo("retention");
    assertThat(retention.getString("by")).isEqualTo("retention");
    assertThat(retention.getJsonArray("files").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .contains("session.json", "stream-1.wav", RetentionDecision.FILE);
    JsonObject erasure = lines.get(2);
    assertThat(erasure.getString("session")).isEqualTo(calls.get(2).getFileName().toString());
    assertThat(erasure.getString("reason")).isEqualTo("erasure");
    assertThat(erasure.getString("by")).isEqualTo("admin");
    assertThat(erasure.getString("request")).isEqualTo("GDPR-IT-1");
    assertThat(erasure.getString("day"))
        .isEqualTo(calls.get(2).getParent().getFileName().toString());
    Instant.parse(erasure.getString("time"));

    ExternalTool.Run python =
        ExternalTool.run(
            new ProcessBuilder(
                "python3",
                "-c",
                "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode('utf-8')).hexdigest())",
                AGENT),
            WAIT);
    assertThat(python.exit()).as(python.output()).isZero();
    assertThat(erasure.getString("aorSha256")).isEqualTo(python.output().strip());
  }

  private static List<Path> sessionFolders() throws IOException {
    if (!Files.isDirectory(archive)) {
      return List.of();
    }
    try (Stream<Path> days = Files.list(archive)) {
      return days.filter(d -> d.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}"))
          .flatMap(
              d -> {
                try {
                  return Files.list(d).toList().stream();
                } catch (IOException e) {
                  return Stream.empty();
                }
              })
          .toList();
    }
  }

  private static JsonObject json(Path file) throws IOException {
    return Json.createReader(new StringReader(Files.readString(file))).readObject();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.adminUrl() + "api/" + path))
            .timeout(WAIT)
            .header("Authorization", basic)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String contentType, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.adminUrl() + "api/" + path))
            .timeout(WAIT)
            .header("Authorization", basic)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
