package io.siprec.srs.admin;

import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.SdpExchange;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.SetupFigures;
import io.siprec.srs.session.json.SessionJson;
import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.session.metadata.Participant;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The JSON bodies of the console's API (docs/admin.md shows each with an example). A session, its
 * streams, participants and metadata problem are written by {@link SessionJson}, the writer the JMS
 * events use too, so one description serves both.
 */
public final class ConsoleJson {
  private ConsoleJson() {}

  /** {@code GET /api/sessions}: the live sessions, newest first. */
  public static String live(Instant at, List<LiveSession> sessions) {
    return write(
        g -> {
          g.write("at", at.toString());
          g.writeStartArray("sessions");
          for (LiveSession s : sessions) {
            g.writeStartObject();
            writeSummary(g, s.session(), s.duration(), s.chunksDropped());
            g.writeEnd();
          }
          g.writeEnd();
        });
  }

  /** {@code GET /api/sessions/recent}: ended sessions, newest first. */
  public static String recent(
      Instant at,
      int kept,
      int total,
      List<EndedSession> sessions,
      ToLongFunction<SessionSnapshot> chunksDropped) {
    return write(
        g -> {
          g.write("at", at.toString());
          g.write("kept", kept);
          // How many the server holds now, of which "sessions" is the first page: the rest are one
          // search away (GET /api/calls), so the list never stops short without saying.
          g.write("total", total);
          g.writeStartArray("sessions");
          for (EndedSession s : sessions) {
            g.writeStartObject();
            writeSummary(g, s.session(), s.duration(), chunksDropped.applyAsLong(s.session()));
            g.write("endReason", s.reason().name());
            g.writeEnd();
          }
          g.writeEnd();
        });
  }

  /**
   * {@code GET /api/sessions/{id}}: one session, live or recently ended, with its SIP dialog and
   * timeline.
   *
   * @param endReason null while the session is live
   */
  public static String detail(
      SessionSnapshot s,
      Duration duration,
      EndReason endReason,
      long chunksDropped,
      List<TimelineEntry> timeline) {
    return write(
        g -> {
          g.write("id", s.id().value());
          g.write("live", endReason == null);
          g.write("durationMs", duration.toMillis());
          if (endReason == null) {
            g.writeNull("endReason");
          } else {
            g.write("endReason", endReason.name());
          }
          g.write("chunksPublished", chunksPublished(s));
          g.write("chunksDropped", chunksDropped);
          g.write("completeness", round(s.completeness(), 10000));
          SessionJson.writeSession(g, s);
          g.writeStartArray("sdp");
          for (SdpExchange x : s.sdpExchanges()) {
            g.writeStartObject();
            g.write("at", x.at().toString());
            g.write("receivedIn", x.receivedIn());
            g.write("offer", x.offer());
            g.write("answer", x.answer());
            g.writeEnd();
          }
          g.writeEnd();
          g.writeStartArray("timeline");
          for (TimelineEntry e : timeline) {
            g.writeStartObject();
            g.write("at", e.at().toString());
            g.write("type", e.type());
            g.write("streamLabel", e.streamLabel());
            g.write("detail", e.detail());
            g.writeEnd();
          }
          g.writeEnd();
        });
  }

  /** {@code GET /api/system}. */
  public static String system(SystemView v) {
    return write(
        g -> {
          g.write("at", v.at().toString());
          g.write("uptimeMs", v.uptime().toMillis());
          g.write("accepting", v.accepting());
          g.writeStartObject("sessions");
          g.write("active", v.activeSessions());
          g.write("peak", v.peakSessions());
          if (v.sessionLimit() < 0) {
            g.writeNull("limit");
          } else {
            g.write("limit", v.sessionLimit());
          }
          g.write("streamsOpen", v.media().streamsOpen());
          g.write("streamCapacity", v.media().streamCapacity());
          g.writeEnd();

          SetupFigures.Summary sip = v.sip();
          g.writeStartObject("sip");
          g.write("setups", sip.setups());
          g.write("rejections", sip.rejections());
          g.writeStartObject("rejectionsByStatus");
          sip.rejectionsByStatus().forEach((status, n) -> g.write(String.valueOf(status), n));
          g.writeEnd();
          g.writeStartArray("lastRejections");
          for (SetupFigures.Rejection r : sip.lastRejections()) {
            g.writeStartObject();
            g.write("at", r.at().toString());
            g.write("status", r.status());
            g.write("reason", r.reason());
            g.write("callId", r.callId());
            g.write("srcAddress", r.srcAddress());
            g.writeEnd();
          }
          g.writeEnd();
          g.writeEnd();

          SystemView.Media m = v.media();
          g.writeStartObject("media");
          g.write("packetsReceived", m.packetsReceived());
          g.write("packetsPerSecond", round(m.packetsPerSecond(), 10));
          g.write("packetsLost", m.packetsLost());
          g.write("packetsMalformed", m.packetsMalformed());
          g.write("decodeErrors", m.decodeErrors());
          g.writeEnd();

          SystemView.Jms j = v.jms();
          g.writeStartObject("jms");
          g.write("state", j.state());
          g.write("brokerEmbedded", j.brokerEmbedded());
          g.write("brokerRunning", j.brokerRunning());
          g.write("brokerUrl", j.brokerUrl());
          g.write("audioConnected", j.audioConnected());
          g.write("eventsConnected", j.eventsConnected());
          g.write("chunksPublished", j.chunksPublished());
          g.write("chunksPerSecond", round(j.chunksPerSecond(), 10));
          g.write("chunksDropped", j.chunksDropped());
          g.write("audioBacklog", j.audioBacklog());
          g.write("audioBacklogLimit", j.audioBacklogLimit());
          g.write("eventsPublished", j.eventsPublished());
          g.write("eventsLost", j.eventsLost());
          g.write("eventsBacklog", j.eventsBacklog());
          g.write("chunkLatencyMeanMs", round(j.chunkLatencyMeanMs(), 100));
          g.write("chunkLatencyMaxMs", round(j.chunkLatencyMaxMs(), 100));
          g.writeEnd();

          SystemView.Archive a = v.archive();
          g.writeStartObject("archive");
          g.write("enabled", a.enabled());
          g.write("directory", a.directory());
          g.write("chunksWritten", a.chunksWritten());
          g.write("chunksDropped", a.chunksDropped());
          g.write("writeErrors", a.writeErrors());
          g.write("sessionsArchived", a.sessionsArchived());
          g.write("backlog", a.backlog());
          g.write("lastError", a.lastError());
          g.writeEnd();

          SystemView.Jvm jvm = v.jvm();
          g.writeStartObject("jvm");
          g.write("heapUsedBytes", jvm.heapUsedBytes());
          g.write("heapCommittedBytes", jvm.heapCommittedBytes());
          g.write("heapMaxBytes", jvm.heapMaxBytes());
          g.write("processCpu", round(jvm.processCpu(), 1000));
          g.write("systemCpu", round(jvm.systemCpu(), 1000));
          g.write("processors", jvm.processors());
          g.write("threads", jvm.threads());
          g.write("javaVersion", jvm.javaVersion());
          g.writeEnd();

          g.writeStartObject("admin");
          g.write("loginFailures", v.loginFailures());
          g.writeEnd();

          writeRaised(g, "alarms", v.alarms());

          g.writeStartArray("settings");
          for (SystemView.SettingInEffect s : v.settings()) {
            g.writeStartObject();
            g.write("key", s.key());
            g.write("value", s.value());
            g.write("origin", s.origin());
            g.write("secret", s.secret());
            g.write("description", s.description());
            g.writeEnd();
          }
          g.writeEnd();
        });
  }

  /** {@code GET /health}. */
  public static String health(Health h) {
    return write(
        g -> {
          g.write("status", h.status());
          writeInstant(g, "statusSince", h.statusSince());
          g.write("accepting", h.accepting());
          g.write("broker", h.broker());
          g.write("activeSessions", h.activeSessions());
          g.writeStartArray("alarms");
          h.alarms().forEach(g::write);
          g.writeEnd();
          writeRaised(g, "alarmsRaised", h.alarmsRaised());
        });
  }

  private static void writeRaised(JsonGenerator g, String name, List<RaisedAlarm> raised) {
    g.writeStartArray(name);
    for (RaisedAlarm a : raised) {
      g.writeStartObject();
      g.write("name", a.name());
      writeInstant(g, "since", a.since());
      g.writeEnd();
    }
    g.writeEnd();
  }

  private static void writeInstant(JsonGenerator g, String name, Instant at) {
    if (at == null) {
      g.writeNull(name);
    } else {
      g.write(name, at.toString());
    }
  }

  /** A small error body: {@code {"error": "..."}}. */
  public static String error(String message) {
    return write(g -> g.write("error", message));
  }

  private static void writeSummary(
      JsonGenerator g, SessionSnapshot s, Duration duration, long chunksDropped) {
    g.write("id", s.id().value());
    g.write("callId", s.callId());
    g.write("srcAddress", s.srcAddress());
    g.write("srcVendor", s.srcVendor());
    g.write("userAgent", s.userAgent());
    g.write("startedAt", s.startedAt().toString());
    if (s.endedAt() == null) {
      g.writeNull("endedAt");
    } else {
      g.write("endedAt", s.endedAt().toString());
    }
    g.write("durationMs", duration.toMillis());
    g.writeStartArray("participants");
    for (Participant p : participants(s)) {
      SessionJson.writeParticipantRef(g, p);
    }
    g.writeEnd();
    g.writeStartArray("streams");
    for (SessionSnapshot.StreamSnapshot stream : s.streams()) {
      SessionJson.writeStream(g, stream);
    }
    g.writeEnd();
    g.write("chunksPublished", chunksPublished(s));
    g.write("chunksDropped", chunksDropped);
    g.write("completeness", round(s.completeness(), 10000));
    // For the list's badges: metadata not read, or read only after repairs.
    SessionJson.writeProblem(g, "metadataProblem", s.metadataProblem());
    SessionJson.writeStrings(
        g,
        "metadataRepairs",
        s.metadata() == null
            ? List.of()
            : s.metadata().repairs().stream().map(MetadataRepair::wireName).toList());
  }

  /** Everyone the metadata names; without metadata, whoever the streams say they carry. */
  static List<Participant> participants(SessionSnapshot s) {
    return CallSummary.participantsOf(s);
  }

  static long chunksPublished(SessionSnapshot s) {
    return s.streams().stream().mapToLong(st -> st.statistics().chunksPublished()).sum();
  }

  private static double round(double value, int scale) {
    return Math.round(value * scale) / (double) scale;
  }

  private static String write(Consumer<JsonGenerator> body) {
    StringWriter out = new StringWriter(2048);
    try (JsonGenerator g = SessionJson.generator(out)) {
      g.writeStartObject();
      body.accept(g);
      g.writeEnd();
    }
    return out.toString();
  }
}
