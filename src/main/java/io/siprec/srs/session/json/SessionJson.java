package io.siprec.srs.session.json;

import io.siprec.srs.session.LinkedSession;
import io.siprec.srs.session.RecordedCommunication;
import io.siprec.srs.session.RtcpFigures;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.session.metadata.CommunicationSession;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.session.metadata.MetadataSnapshot;
import io.siprec.srs.session.metadata.MetadataStream;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.session.metadata.StreamAttribution;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one writer of a session snapshot as JSON: the {@code session} object of the events
 * (docs/events.md documents every field), which the archive keeps and the console's API shows
 * (docs/admin.md), and the parts the console's session list reuses (a stream, a participant, a
 * metadata problem). Also each event's {@code type}, which the console's timeline shows too.
 */
public final class SessionJson {
  /**
   * Made once: {@code Json.createGenerator} looks the JSON provider up through the class path on
   * every call, a jar scan that showed in the setup profile; the factory is thread-safe.
   */
  private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

  private SessionJson() {}

  /** A generator writing to {@code out}, from the shared factory. */
  public static JsonGenerator generator(Writer out) {
    return GENERATORS.createGenerator(out);
  }

  /** The event's {@code type} in the feed (docs/events.md). */
  public static String type(SessionEvent event) {
    if (event instanceof SessionEvent.SessionStarted) {
      return "session.started";
    } else if (event instanceof SessionEvent.SessionEnded
        || event instanceof SessionEvent.SessionLost) {
      return "session.ended";
    } else if (event instanceof SessionEvent.MetadataUpdated) {
      return "metadata.updated";
    } else if (event instanceof SessionEvent.MetadataProblemFound) {
      return "metadata.problem";
    } else if (event instanceof SessionEvent.StreamPaused) {
      return "stream.paused";
    } else if (event instanceof SessionEvent.StreamResumed) {
      return "stream.resumed";
    } else if (event instanceof SessionEvent.StreamSilent) {
      return "stream.silent";
    } else if (event instanceof SessionEvent.StreamActive) {
      return "stream.active";
    } else if (event instanceof SessionEvent.StreamAdded) {
      return "stream.added";
    } else if (event instanceof SessionEvent.StreamRemoved) {
      return "stream.removed";
    } else if (event instanceof SessionEvent.DtmfReceived) {
      return "dtmf";
    } else if (event instanceof SessionEvent.CommunicationStarted) {
      return "cs.started";
    } else if (event instanceof SessionEvent.CommunicationEnded) {
      return "cs.ended";
    }
    throw new IllegalArgumentException("unknown event " + event.getClass());
  }

  /**
   * The {@code session} object, as a named member of the object being written, with each stream's
   * stage figures: as {@code session.ended} and the console's API show it.
   */
  public static void writeSession(JsonGenerator g, SessionSnapshot s) {
    writeSession(g, s, true);
  }

  /**
   * The {@code session} object without the streams' stage figures: as the events during a session
   * show it ({@code session.started}, {@code metadata.updated}, {@code metadata.problem}).
   */
  public static void writeSessionWithoutStages(JsonGenerator g, SessionSnapshot s) {
    writeSession(g, s, false);
  }

  /**
   * @param stages with each stream's stage figures (session.ended and the console only)
   */
  private static void writeSession(JsonGenerator g, SessionSnapshot s, boolean stages) {
    g.writeStartObject("session");
    g.write("callId", s.callId());
    g.write("srcAddress", s.srcAddress());
    writeNullable(g, "userAgent", s.userAgent());
    g.write("srcVendor", s.srcVendor());
    g.write("siprec", s.siprec());
    g.write("startedAt", s.startedAt().toString());
    writeInstant(g, "endedAt", s.endedAt());
    g.writeStartArray("streams");
    for (SessionSnapshot.StreamSnapshot stream : s.streams()) {
      writeStream(g, stream, stages);
    }
    g.writeEnd();
    if (s.metadata() == null) {
      g.writeNull("metadata");
    } else {
      writeMetadata(g, s.metadata());
    }
    writeMap(g, "sipCallIdentifiers", s.sipCallIdentifiers());
    writeStrings(g, "warnings", s.warnings());
    g.writeStartArray("metadataHistory");
    for (MetadataSnapshot h : s.metadataHistory()) {
      g.writeStartObject();
      g.write("at", h.at().toString());
      g.write("receivedIn", h.receivedIn());
      g.write("partialUpdate", h.partialUpdate());
      g.writeEnd();
    }
    g.writeEnd();
    if (s.rawMetadata() == null) {
      g.writeNull("rawMetadata");
    } else {
      g.writeStartObject("rawMetadata");
      g.write("contentType", s.rawMetadata().contentType());
      g.write("receivedIn", s.rawMetadata().receivedIn());
      g.write("xml", s.rawMetadata().text());
      g.writeEnd();
    }
    writeProblem(g, "metadataProblem", s.metadataProblem());
    g.writeStartArray("communicationSessions");
    for (RecordedCommunication c : s.communicationSessions()) {
      writeCommunication(g, null, c);
    }
    g.writeEnd();
    g.writeStartArray("linkedSessions");
    for (LinkedSession l : s.linkedSessions()) {
      g.writeStartObject();
      g.write("sessionId", l.id().value());
      g.write("callId", l.callId());
      g.write("startedAt", l.startedAt().toString());
      writeInstant(g, "endedAt", l.endedAt());
      g.writeEnd();
    }
    g.writeEnd();
    g.writeEnd();
  }

  /** A communication session as recorded: named member, or an array element when name is null. */
  public static void writeCommunication(JsonGenerator g, String name, RecordedCommunication c) {
    if (name == null) {
      g.writeStartObject();
    } else {
      g.writeStartObject(name);
    }
    g.write("id", c.id());
    writeStrings(g, "sipSessionIds", c.sipSessionIds());
    g.write("startedAt", c.startedAt().toString());
    writeInstant(g, "endedAt", c.endedAt());
    g.writeEnd();
  }

  /**
   * Why a metadata document was not read, as a named member (null when there is none): in the
   * {@code session} object, the {@code metadata.problem} event and the console's session list.
   */
  public static void writeProblem(JsonGenerator g, String name, MetadataProblem p) {
    if (p == null) {
      g.writeNull(name);
      return;
    }
    g.writeStartObject(name);
    g.write("kind", p.kind().wireName());
    g.write("detail", p.detail());
    writeStrings(
        g, "repairsTried", p.repairsTried().stream().map(MetadataRepair::wireName).toList());
    g.write("receivedIn", p.receivedIn());
    g.write("at", p.at().toString());
    g.write("bytes", p.size());
    g.write("rawKeptBytes", p.keptBytes());
    g.writeEnd();
  }

  /**
   * One element of {@code session.streams[]}, with its stage figures, written into the array being
   * written.
   */
  public static void writeStream(JsonGenerator g, SessionSnapshot.StreamSnapshot stream) {
    writeStream(g, stream, true);
  }

  private static void writeStream(
      JsonGenerator g, SessionSnapshot.StreamSnapshot stream, boolean stages) {
    writeStream(g, null, stream, stages);
  }

  /**
   * @param name the member the stream is written as (stream.added, stream.removed), or null for an
   *     array element
   * @param stages with its stage figures
   */
  public static void writeStream(
      JsonGenerator g, String name, SessionSnapshot.StreamSnapshot stream, boolean stages) {
    if (name == null) {
      g.writeStartObject();
    } else {
      g.writeStartObject(name);
    }
    g.write("label", stream.label().value());
    g.write("mediaIndex", stream.mediaIndex());
    g.write("media", stream.media());
    g.write("recorded", stream.localPort() != 0);
    g.write("paused", stream.paused());
    writeStrings(g, "encodings", stream.encodings());
    StreamAttribution a = stream.attribution();
    g.write("role", a.roleName());
    g.write("metadataStreamId", a.streamId());
    g.write("association", a.rule().name());
    g.writeStartArray("participants");
    for (Participant p : a.senders()) {
      writeParticipantRef(g, p);
    }
    g.writeEnd();
    writeStatistics(g, stream.statistics(), stages);
    g.writeEnd();
  }

  private static void writeMetadata(JsonGenerator g, RecordingMetadata m) {
    g.writeStartObject("metadata");
    g.write("dialect", m.dialect());
    g.write("groupId", m.groupId());
    g.write("associationRule", m.associationRule().name());
    g.writeStartArray("sessions");
    for (CommunicationSession cs : m.sessions()) {
      g.writeStartObject();
      g.write("id", cs.id());
      writeStrings(g, "sipSessionIds", cs.sipSessionIds());
      g.write("groupRef", cs.groupRef());
      g.write("startTime", cs.startTime());
      g.write("stopTime", cs.stopTime());
      g.write("associateTime", cs.associateTime());
      g.write("disassociateTime", cs.disassociateTime());
      g.writeEnd();
    }
    g.writeEnd();
    g.writeStartArray("participants");
    for (Participant p : m.participants()) {
      g.writeStartObject();
      g.write("id", p.id());
      g.write("aor", p.aor());
      g.write("name", p.displayName());
      g.write("role", p.role().name().toLowerCase(Locale.ROOT));
      writeStrings(g, "sends", p.sends());
      writeStrings(g, "receives", p.receives());
      writeMap(g, "attributes", p.attributes());
      g.writeEnd();
    }
    g.writeEnd();
    g.writeStartArray("streams");
    for (MetadataStream ms : m.streams()) {
      g.writeStartObject();
      g.write("id", ms.id());
      g.write("label", ms.label());
      g.write("mode", ms.mode());
      g.writeEnd();
    }
    g.writeEnd();
    writeMap(g, "callIdentifiers", m.callIdentifiers());
    writeStrings(g, "warnings", m.warnings());
    writeStrings(g, "repairs", m.repairs().stream().map(MetadataRepair::wireName).toList());
    g.writeEnd();
  }

  /**
   * A participant as a stream names it (and the console's session list): id, address of record,
   * name and role; written into the array being written.
   */
  public static void writeParticipantRef(JsonGenerator g, Participant p) {
    g.writeStartObject();
    g.write("id", p.id());
    g.write("aor", p.aor());
    g.write("name", p.displayName());
    g.write("role", p.role().name().toLowerCase(Locale.ROOT));
    g.writeEnd();
  }

  private static void writeStatistics(JsonGenerator g, StreamStatistics st, boolean stages) {
    g.writeStartObject("statistics");
    g.write("packetsReceived", st.packetsReceived());
    g.write("packetsDecoded", st.packetsDecoded());
    g.write("packetsPublished", st.packetsPublished());
    g.write("packetsDropped", st.packetsDropped());
    g.write("packetsLost", st.packetsLost());
    g.write("packetsLate", st.packetsLate());
    g.write("packetsDuplicate", st.packetsDuplicate());
    g.write("packetsReordered", st.packetsReordered());
    g.write("packetsMalformed", st.packetsMalformed());
    g.write("packetsUnknownPayload", st.packetsUnknownPayload());
    g.write("packetsWhilePaused", st.packetsWhilePaused());
    g.write("packetsForeignSource", st.packetsForeignSource());
    g.write("packetsNonAudio", st.packetsNonAudio());
    g.write("decodeErrors", st.decodeErrors());
    g.write("receiveErrors", st.receiveErrors());
    g.write("srtpAuthFailures", st.srtpAuthFailures());
    g.write("ssrcChanges", st.ssrcChanges());
    g.write("dtmfEvents", st.dtmfEvents());
    g.write("jitterMs", Math.round(st.jitterMillis() * 100) / 100.0);
    g.write("sampleRate", st.sampleRate());
    g.write("samplesExpected", st.samplesExpected());
    g.write("samplesDecoded", st.samplesDecoded());
    g.write("samplesConcealed", st.samplesConcealed());
    g.write("samplesComfortNoise", st.samplesComfortNoise());
    g.write("concealedMs", st.concealedMillis());
    g.write("pausedMs", st.pausedMillis());
    g.write("chunksPublished", st.chunksPublished());
    g.write("samplesPublished", st.samplesPublished());
    g.write("completeness", Math.round(st.completeness() * 10000) / 10000.0);
    g.writeStartObject("drops");
    st.drops().byKey().forEach(g::write);
    g.writeEnd();
    RtcpFigures rtcp = st.rtcp();
    g.writeStartObject("rtcp");
    g.write("packets", rtcp.packets());
    g.write("malformed", rtcp.malformed());
    g.write("authFailures", rtcp.authFailures());
    g.write("senderReports", rtcp.senderReports());
    g.write("receiverReports", rtcp.receiverReports());
    g.write("byes", rtcp.byes());
    g.write("srcPacketsSent", rtcp.srcPacketsSent());
    g.write("srcOctetsSent", rtcp.srcOctetsSent());
    g.write("reportedFractionLost", Math.round(rtcp.reportedFractionLost() * 10000) / 10000.0);
    g.write("reportedCumulativeLost", rtcp.reportedCumulativeLost());
    g.write("reportedJitterMs", Math.round(rtcp.reportedJitterMillis() * 100) / 100.0);
    g.writeEnd();
    if (stages) {
      writeStages(g, st.stages());
    }
    g.writeEnd();
  }

  /** {@code statistics.stages}: each stage of the media path, in chain order (docs/media.md). */
  private static void writeStages(JsonGenerator g, List<StageFigures> stages) {
    g.writeStartArray("stages");
    for (StageFigures f : stages) {
      g.writeStartObject();
      g.write("stage", f.stage());
      g.write("unit", f.unit().label());
      g.write("in", f.in());
      g.write("out", f.out());
      g.writeStartObject("dropped");
      f.dropped().forEach(g::write);
      g.writeEnd();
      g.writeStartObject("counts");
      f.counts().forEach(g::write);
      g.writeEnd();
      g.write("cpuMicros", f.cpuNanos() / 1000);
      g.writeEnd();
    }
    g.writeEnd();
  }

  /** A named array of strings. */
  public static void writeStrings(JsonGenerator g, String name, List<String> values) {
    g.writeStartArray(name);
    values.forEach(g::write);
    g.writeEnd();
  }

  /** A named object of string members. */
  public static void writeMap(JsonGenerator g, String name, Map<String, String> values) {
    g.writeStartObject(name);
    values.forEach(g::write);
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
