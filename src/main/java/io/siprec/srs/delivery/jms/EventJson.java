package io.siprec.srs.delivery.jms;

import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.StreamStatistics;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;

/** The JSON body of each session event (schema version {@value MessageProperties#SCHEMA_VERSION}). */
final class EventJson {
  private EventJson() {}

  static String type(SessionEvent event) {
    if (event instanceof SessionEvent.SessionStarted) {
      return "session.started";
    } else if (event instanceof SessionEvent.SessionEnded) {
      return "session.ended";
    } else if (event instanceof SessionEvent.StreamPaused) {
      return "stream.paused";
    } else if (event instanceof SessionEvent.StreamResumed) {
      return "stream.resumed";
    }
    throw new IllegalArgumentException("unknown event " + event.getClass());
  }

  static String write(SessionEvent event) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = Json.createGenerator(out)) {
      g.writeStartObject();
      g.write("schemaVersion", MessageProperties.SCHEMA_VERSION);
      g.write("type", type(event));
      g.write("sessionId", event.sessionId().value());
      g.write("at", event.at().toString());
      if (event instanceof SessionEvent.SessionStarted started) {
        writeSession(g, started.session());
      } else if (event instanceof SessionEvent.SessionEnded ended) {
        g.write("reason", ended.reason().name());
        g.write("durationMs", ended.duration().toMillis());
        writeSession(g, ended.session());
      } else if (event instanceof SessionEvent.StreamPaused paused) {
        g.write("streamLabel", paused.label().value());
      } else if (event instanceof SessionEvent.StreamResumed resumed) {
        g.write("streamLabel", resumed.label().value());
        g.write("pausedMs", resumed.pausedFor().toMillis());
      }
      g.writeEnd();
    }
    return out.toString();
  }

  private static void writeSession(JsonGenerator g, SessionSnapshot s) {
    g.writeStartObject("session");
    g.write("callId", s.callId());
    g.write("srcAddress", s.srcAddress());
    writeNullable(g, "userAgent", s.userAgent());
    g.write("siprec", s.siprec());
    g.write("startedAt", s.startedAt().toString());
    writeInstant(g, "endedAt", s.endedAt());
    g.writeStartArray("streams");
    for (SessionSnapshot.StreamSnapshot stream : s.streams()) {
      g.writeStartObject();
      g.write("label", stream.label().value());
      g.write("mediaIndex", stream.mediaIndex());
      g.write("recorded", stream.localPort() != 0);
      g.write("paused", stream.paused());
      g.writeStartArray("encodings");
      stream.encodings().forEach(g::write);
      g.writeEnd();
      writeStatistics(g, stream.statistics());
      g.writeEnd();
    }
    g.writeEnd();
    if (s.metadataXml() != null) {
      g.writeStartObject("metadata");
      g.write("contentType", s.metadataContentType());
      g.write("xml", s.metadataXml());
      g.writeEnd();
    }
    g.writeEnd();
  }

  private static void writeStatistics(JsonGenerator g, StreamStatistics st) {
    g.writeStartObject("statistics");
    g.write("packetsReceived", st.packetsReceived());
    g.write("packetsDecoded", st.packetsDecoded());
    g.write("packetsMalformed", st.packetsMalformed());
    g.write("packetsUnknownPayload", st.packetsUnknownPayload());
    g.write("packetsWhilePaused", st.packetsWhilePaused());
    g.write("packetsLate", st.packetsLate());
    g.write("packetsForeignSource", st.packetsForeignSource());
    g.write("samplesConcealed", st.samplesConcealed());
    g.write("chunksPublished", st.chunksPublished());
    g.write("samplesPublished", st.samplesPublished());
    g.write("sampleRate", st.sampleRate());
    g.writeEnd();
  }

  private static void writeNullable(JsonGenerator g, String name, String value) {
    if (value == null || value.isEmpty()) {
      g.writeNull(name);
    } else {
      g.write(name, value);
    }
  }

  private static void writeInstant(JsonGenerator g, String name, Instant value) {
    if (value == null) {
      g.writeNull(name);
    } else {
      g.write(name, value.toString());
    }
  }
}
