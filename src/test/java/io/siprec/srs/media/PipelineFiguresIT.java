package io.siprec.srs.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.PacedRtpSender;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real SIPREC call through the packaged server whose first leg, after 3 s of clean G.711, gets a
 * late packet, a duplicate, a packet of a payload type never negotiated and a datagram that is not
 * RTP, all from the latched source: each is counted by the stage that dropped it, under its reason,
 * in {@code session.ended}'s {@code statistics.stages} and in /srs/metrics ({@code
 * srs_pipeline_stage_*}). The clean second leg is the control: nothing dropped.
 */
class PipelineFiguresIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int PACKETS = 150;
  private static final long SSRC = 0x11111L;

  @Test
  void dropsAreCountedByStageInSessionEndedAndTheMetrics() throws Exception {
    try (SrsServerProcess server =
            SrsServerProcess.named("pipeline-figures")
                .env("SRS_SESSIONS_IDLE_TIMEOUT_SECONDS", "5")
                .start();
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin())) {
      AnsweredPort ports = AnsweredPort.create();
      int mark = jms.mark();
      Sipp sipp =
          Sipp.scenario("siprec_media_call.xml")
              .against(server)
              .set("portfile", ports.file())
              .key("proto", "RTP/AVP")
              .key("pt", 0)
              .key("rtpmap", "PCMU/8000")
              .key("fmtp", "a=silenceSupp:off - - - -")
              .key("crypto1", "a=sendonly")
              .key("crypto2", "a=sendonly")
              .start();
      RtpPlan plan =
          RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS);
      try (PacedRtpSender leg1 = new PacedRtpSender(server.ports.peerMedia() + 6, SSRC, null);
          PacedRtpSender leg2 = new PacedRtpSender(server.ports.peerMedia() + 8, 0x22222L, null)) {
        int[] answered = ports.awaitAll(Duration.ofSeconds(15));
        InetSocketAddress to1 = new InetSocketAddress("127.0.0.1", answered[0]);
        long start = System.nanoTime() + 20_000_000L;
        var sent1 = leg1.send(plan, to1, start);
        var sent2 = leg2.send(plan, new InetSocketAddress("127.0.0.1", answered[1]), start);
        assertThat(sent1.join()).isEqualTo(PACKETS);
        assertThat(sent2.join()).isEqualTo(PACKETS);
        byte[] payload = new byte[160];
        int last = PACKETS - 1;
        // Late: its place (100 packets back) was released long ago.
        leg1.sendDatagram(packet(leg1, 0, last - 100, payload), to1);
        // Duplicate: the last packet again.
        leg1.sendDatagram(packet(leg1, 0, last, payload), to1);
        // A payload type the offer never named.
        leg1.sendDatagram(packet(leg1, 96, last + 1, payload), to1);
        // Not RTP: three octets.
        leg1.sendDatagram(ByteBuffer.wrap(new byte[] {1, 2, 3}), to1);
        assertThat(sipp.await()).as(sipp.report()).isZero();
      }
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);

      Map<String, JsonObject> leg1 = stages(ended, "1");
      assertThat(leg1.keySet())
          .containsExactly(
              "ingress",
              "reorder",
              "demux",
              "dtmf",
              "comfort-noise",
              "decode",
              "resample",
              "timeline",
              "chunk",
              "publish");
      assertThat(dropped(leg1, "ingress", "malformed")).isEqualTo(1);
      assertThat(dropped(leg1, "reorder", "late")).isEqualTo(1);
      assertThat(dropped(leg1, "reorder", "duplicate")).isEqualTo(1);
      assertThat(dropped(leg1, "demux", "unknown-payload-type")).isEqualTo(1);
      assertThat(leg1.get("ingress").getJsonNumber("in").longValue()).isEqualTo(PACKETS + 4);
      assertThat(leg1.get("timeline").getJsonNumber("out").longValue()).isEqualTo(PACKETS);
      assertThat(leg1.get("publish").getJsonNumber("in").longValue()).isPositive();
      assertThat(leg1.get("decode").getJsonNumber("cpuMicros").longValue()).isPositive();
      JsonObject drops = statistics(ended, "1").getJsonObject("drops");
      for (String stage : leg1.keySet()) {
        for (Map.Entry<String, JsonValue> reason :
            leg1.get(stage).getJsonObject("dropped").entrySet()) {
          if (drops.containsKey(stage + "." + reason.getKey())) {
            assertThat(reason.getValue())
                .as(stage + "." + reason.getKey())
                .isEqualTo(drops.get(stage + "." + reason.getKey()));
          }
        }
      }
      Map<String, JsonObject> leg2 = stages(ended, "2");
      for (JsonObject stage : leg2.values()) {
        for (JsonValue n : stage.getJsonObject("dropped").values()) {
          assertThat(n.toString()).as("leg 2, stage " + stage.getString("stage")).isEqualTo("0");
        }
      }

      // The metrics sum the stages over streams, the closed ones included (sampled once a second).
      HttpClient http = HttpClient.newHttpClient();
      String metrics = "";
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        metrics = get(http, server.adminUrl() + "metrics");
        if (metric(
                metrics,
                "srs_pipeline_stage_dropped_total",
                "reason=\"unknown-payload-type\",stage=\"demux\"")
            >= 1) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(
              metric(
                  metrics,
                  "srs_pipeline_stage_dropped_total",
                  "reason=\"malformed\",stage=\"ingress\""))
          .isEqualTo(1);
      assertThat(
              metric(
                  metrics, "srs_pipeline_stage_dropped_total", "reason=\"late\",stage=\"reorder\""))
          .isEqualTo(1);
      assertThat(
              metric(
                  metrics,
                  "srs_pipeline_stage_dropped_total",
                  "reason=\"duplicate\",stage=\"reorder\""))
          .isEqualTo(1);
      assertThat(
              metric(
                  metrics,
                  "srs_pipeline_stage_dropped_total",
                  "reason=\"unknown-payload-type\",stage=\"demux\""))
          .isEqualTo(1);
      assertThat(metric(metrics, "srs_pipeline_stage_in_total", "stage=\"ingress\""))
          .isEqualTo(2 * PACKETS + 4);
      assertThat(metric(metrics, "srs_pipeline_stage_out_total", "stage=\"timeline\""))
          .isEqualTo(2 * PACKETS);
      assertThat(metric(metrics, "srs_pipeline_stage_cpu_seconds_total", "stage=\"decode\""))
          .isPositive();
    }
  }

  private static ByteBuffer packet(
      PacedRtpSender sender, int payloadType, int index, byte[] payload) {
    return RtpPackets.packet(
        payloadType,
        PacedRtpSender.sequenceOf(index),
        sender.timestampOf(index * 160L),
        SSRC,
        payload);
  }

  private static JsonObject statistics(JmsProbe.Event ended, String label) {
    for (JsonValue v : ended.json().getJsonObject("session").getJsonArray("streams")) {
      JsonObject stream = v.asJsonObject();
      if (stream.getString("label").equals(label)) {
        return stream.getJsonObject("statistics");
      }
    }
    throw new AssertionError("no stream " + label + " in " + ended.json());
  }

  private static Map<String, JsonObject> stages(JmsProbe.Event ended, String label) {
    Map<String, JsonObject> byName = new LinkedHashMap<>();
    for (JsonValue v : statistics(ended, label).getJsonArray("stages")) {
      byName.put(v.asJsonObject().getString("stage"), v.asJsonObject());
    }
    return byName;
  }

  private static long dropped(Map<String, JsonObject> stages, String stage, String reason) {
    return stages.get(stage).getJsonObject("dropped").getJsonNumber(reason).longValue();
  }

  /**
   * A sample's value; its labels must contain {@code labels} (sorted as Prometheus writes them).
   */
  private static double metric(String metrics, String name, String labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)")
            .matcher(metrics);
    while (m.find()) {
      if (m.group(1) != null && m.group(1).contains(labels)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return -1;
  }

  private static String get(HttpClient http, String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
