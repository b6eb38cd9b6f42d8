package io.siprec.srs.delivery;

import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.json.SessionJson;
import io.siprec.srs.session.metadata.MetadataChange;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;

/**
 * The JSON body of each session event (schema version {@value #SCHEMA_VERSION}); docs/events.md
 * documents every field with an example of each event. The {@code session} object in it is written
 * by {@link SessionJson}, the one writer of a session snapshot, which the console's API uses too.
 */
public final class EventJson {
  /** Version of the event and chunk contract (docs/events.md). */
  public static final int SCHEMA_VERSION = 1;

  private EventJson() {}

  /** A generator writing to {@code out}: {@link SessionJson#generator}. */
  public static JsonGenerator generator(Writer out) {
    return SessionJson.generator(out);
  }

  /** The event's {@code type}: {@link SessionJson#type}. */
  public static String type(SessionEvent event) {
    return SessionJson.type(event);
  }

  public static String write(SessionEvent event) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.write("schemaVersion", SCHEMA_VERSION);
      g.write("type", type(event));
      g.write("sessionId", event.sessionId().value());
      g.write("at", event.at().toString());
      if (event instanceof SessionEvent.SessionStarted started) {
        SessionJson.writeSessionWithoutStages(g, started.session());
      } else if (event instanceof SessionEvent.SessionEnded ended) {
        g.write("reason", ended.reason().name());
        g.write("durationMs", ended.duration().toMillis());
        SessionJson.writeSession(g, ended.session());
      } else if (event instanceof SessionEvent.SessionLost lost) {
        // Only the lost node knew the session's details: what the others can say.
        g.write("reason", EndReason.NODE_LOST.name());
        g.write("lostNode", lost.lostNode().value());
        g.write("lostNodeLastHeardAt", lost.lastHeard().toString());
        g.write("reportedBy", lost.reportedBy().value());
        g.writeNull("session");
      } else if (event instanceof SessionEvent.MetadataUpdated updated) {
        g.write("receivedIn", updated.receivedIn());
        g.write("partialUpdate", updated.partialUpdate());
        writeChange(g, updated.change());
        SessionJson.writeSessionWithoutStages(g, updated.session());
      } else if (event instanceof SessionEvent.MetadataProblemFound found) {
        g.write("receivedIn", found.problem().receivedIn());
        SessionJson.writeProblem(g, "problem", found.problem());
        SessionJson.writeSessionWithoutStages(g, found.session());
      } else if (event instanceof SessionEvent.StreamPaused paused) {
        g.write("streamLabel", paused.label().value());
        g.write("cause", paused.cause().wireName());
      } else if (event instanceof SessionEvent.StreamResumed resumed) {
        g.write("streamLabel", resumed.label().value());
        g.write("pausedMs", resumed.pausedFor().toMillis());
        g.write("cause", resumed.cause().wireName());
      } else if (event instanceof SessionEvent.StreamSilent silent) {
        g.write("streamLabel", silent.label().value());
        g.write("quietMs", silent.quietMillis());
      } else if (event instanceof SessionEvent.StreamActive active) {
        g.write("streamLabel", active.label().value());
      } else if (event instanceof SessionEvent.StreamAdded added) {
        g.write("streamLabel", added.stream().label().value());
        g.write("firstChunkSequence", added.start().firstSequence());
        g.write("firstStartSample", added.start().firstSample());
        SessionJson.writeStream(g, "stream", added.stream(), false);
      } else if (event instanceof SessionEvent.StreamRemoved removed) {
        g.write("streamLabel", removed.stream().label().value());
        SessionJson.writeStream(g, "stream", removed.stream(), true);
      } else if (event instanceof SessionEvent.DtmfReceived dtmf) {
        g.write("streamLabel", dtmf.label().value());
        g.write("digit", String.valueOf(dtmf.tone().digit()));
        g.write("startedAt", Instant.ofEpochMilli(dtmf.tone().startCaptureMillis()).toString());
        g.write("startSample", dtmf.tone().startSample());
        g.write("durationMs", dtmf.tone().durationMillis());
        g.write("volumeDbm0", -dtmf.tone().volumeDbm0());
      } else if (event instanceof SessionEvent.CommunicationStarted started) {
        g.write("receivedIn", started.receivedIn());
        SessionJson.writeCommunication(g, "communicationSession", started.communication());
      } else if (event instanceof SessionEvent.CommunicationEnded ended) {
        g.write("receivedIn", ended.receivedIn());
        SessionJson.writeCommunication(g, "communicationSession", ended.communication());
      }
      g.writeEnd();
    }
    return out.toString();
  }

  private static void writeChange(JsonGenerator g, MetadataChange c) {
    g.writeStartObject("changes");
    SessionJson.writeStrings(g, "participantsAdded", c.participantsAdded());
    SessionJson.writeStrings(g, "participantsRemoved", c.participantsRemoved());
    SessionJson.writeMap(g, "streamsReattributed", c.streamsReattributed());
    g.writeEnd();
  }
}
