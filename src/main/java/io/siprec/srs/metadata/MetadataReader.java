package io.siprec.srs.metadata;

import io.siprec.srs.metadata.xml.NameIdElement;
import io.siprec.srs.metadata.xml.ParticipantElement;
import io.siprec.srs.metadata.xml.ParticipantSessionAssocElement;
import io.siprec.srs.metadata.xml.ParticipantStreamAssocElement;
import io.siprec.srs.metadata.xml.RecordingElement;
import io.siprec.srs.metadata.xml.SessionElement;
import io.siprec.srs.metadata.xml.SessionRecordingAssocElement;
import io.siprec.srs.metadata.xml.StreamElement;
import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.CommunicationSession;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.session.metadata.MetadataStream;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.RecordingMetadata;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads recording metadata in any documented SRC dialect into one {@link RecordingMetadata}: secure
 * parse, dialect rewrite, JAXB, then normalisation (associations, roles, vendor facts). A document
 * the parser refuses as not well-formed is repaired once ({@link MarkupRepair}) and parsed again;
 * what was repaired is in {@link RecordingMetadata#repairs()}. Thread-safe.
 */
public final class MetadataReader {
  private static final JAXBContext JAXB = context();

  private final int maxBytes;

  public MetadataReader(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  private static JAXBContext context() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // JAXB finds its implementation through the context class loader: make it ours, wherever we
    // run.
    thread.setContextClassLoader(MetadataReader.class.getClassLoader());
    try {
      return JAXBContext.newInstance(RecordingElement.class);
    } catch (JAXBException e) {
      throw new IllegalStateException("cannot build the RFC 7865 JAXB model", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * @throws MetadataException for metadata that is too large ({@code oversize}), has a DOCTYPE or
   *     is nested too deep ({@code hostile}), is not valid in its encoding ({@code bad-encoding}),
   *     or is not well-formed even after the known repairs, has no {@code recording} root, or
   *     cannot be mapped ({@code unreadable}); with the repairs tried
   */
  public RecordingMetadata read(byte[] xml) {
    if (xml.length > maxBytes) {
      throw MetadataException.tooLarge(xml.length, maxBytes);
    }
    EnumSet<MetadataRepair> repairs = EnumSet.noneOf(MetadataRepair.class);
    Document parsed;
    try {
      parsed = SecureXml.parse(xml);
    } catch (MetadataException refused) {
      if (refused.kind() != MetadataProblem.Kind.UNREADABLE) {
        throw refused; // hostile or not text in its encoding: never repaired
      }
      parsed = repaired(xml, refused, repairs);
    }
    try {
      return rewriteAndMap(parsed, xml, repairs);
    } catch (MetadataException unreadable) {
      throw unreadable.afterRepairs(List.copyOf(repairs));
    }
  }

  /**
   * The text repaired and parsed again, once: linear work on at most {@code maxBytes} of text and
   * one more parse by the same safe parser.
   */
  private static Document repaired(
      byte[] xml, MetadataException refused, Set<MetadataRepair> repairs) {
    MarkupRepair.Result repair = MarkupRepair.repair(SecureXml.decode(xml));
    if (repair.applied().isEmpty()) {
      throw refused; // nothing we know how to repair
    }
    repairs.addAll(repair.applied());
    try {
      return SecureXml.parse(repair.text());
    } catch (MetadataException still) {
      // What still fails (line numbers are the received document's: repairs add no line).
      throw still.afterRepairs(repair.applied());
    }
  }

  private static RecordingMetadata rewriteAndMap(
      Document parsed, byte[] xml, Set<MetadataRepair> repairs) {
    DialectRewriter.Result rewritten;
    try {
      rewritten = DialectRewriter.rewrite(parsed);
    } catch (DOMException e) {
      // Well-formed but not namespace-valid in a way the parser let through (found by fuzzing).
      throw new MetadataException("Malformed recording metadata: " + e.getMessage());
    }
    repairs.addAll(rewritten.repairs());
    RecordingElement recording;
    try {
      Unmarshaller unmarshaller = JAXB.createUnmarshaller();
      recording = unmarshaller.unmarshal(rewritten.document(), RecordingElement.class).getValue();
    } catch (JAXBException | RuntimeException e) {
      throw new MetadataException(
          "Recording metadata does not map to RFC 7865: "
              + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
    }
    return normalise(
        recording,
        rewritten.dialect(),
        new String(xml, StandardCharsets.UTF_8),
        List.copyOf(repairs));
  }

  private static RecordingMetadata normalise(
      RecordingElement r, String dialect, String xml, List<MetadataRepair> repairs) {
    List<String> warnings = new ArrayList<>();
    boolean partial =
        r.datamode != null && r.datamode.strip().toLowerCase(Locale.ROOT).equals("partial");

    List<MetadataStream> streams = new ArrayList<>();
    Set<String> streamIds = new LinkedHashSet<>();
    for (StreamElement s : r.streams) {
      streams.add(new MetadataStream(trim(s.id), s.label, s.mode));
      streamIds.add(trim(s.id));
    }

    // Associations: RFC 7865 participantstreamassoc, and the pre-RFC send/recv in participant.
    Map<String, List<String>> sends = new LinkedHashMap<>();
    Map<String, List<String>> receives = new LinkedHashMap<>();
    Set<String> stated = new LinkedHashSet<>();
    for (ParticipantStreamAssocElement a : r.participantStreamAssocs) {
      String id = trim(a.participantId);
      stated.add(id);
      a.send.forEach(s -> add(sends, id, s));
      a.recv.forEach(s -> add(receives, id, s));
    }
    boolean inParticipant = false;
    for (ParticipantElement p : r.participants) {
      if (!p.send.isEmpty() || !p.recv.isEmpty()) {
        inParticipant = true;
        stated.add(trim(p.id));
        p.send.forEach(s -> add(sends, trim(p.id), s));
        p.recv.forEach(s -> add(receives, trim(p.id), s));
      }
    }

    Map<String, String> callIds = new LinkedHashMap<>();
    List<Element> callLevel = new ArrayList<>(r.other);
    r.groups.forEach(g -> callLevel.addAll(g.extensions));
    r.sessions.forEach(s -> callLevel.addAll(s.extensions));
    callIds.putAll(VendorExtensions.callIdentifiers(callLevel));

    List<Participant> participants = new ArrayList<>();
    int n = 0;
    for (ParticipantElement p : r.participants) {
      n++;
      String id = trim(p.id);
      if (id.isEmpty()) {
        id = "participant-" + n;
        warnings.add("participant " + n + " has no id; called " + id);
      }
      NameIdElement nameId = p.nameIds.isEmpty() ? null : p.nameIds.get(0);
      VendorExtensions.ParticipantFacts facts = VendorExtensions.participant(p.extensions);
      participants.add(
          new Participant(
              id,
              nameId == null ? "" : nameId.aor,
              nameId == null || nameId.name == null ? "" : displayName(nameId.name.value),
              facts.role(),
              sends.getOrDefault(id, List.of()),
              receives.getOrDefault(id, List.of()),
              facts.attributes()));
      facts.attributes().entrySet().stream()
          .filter(e -> e.getKey().equals("header.Call-ID"))
          .findFirst()
          .ifPresent(e -> callIds.putIfAbsent("originalCallId", e.getValue()));
    }
    // participantstreamassoc may name participants a partial update does not redescribe.
    for (String id : stated) {
      if (participants.stream().noneMatch(p -> p.id().equals(id))) {
        participants.add(
            new Participant(
                id,
                "",
                "",
                ParticipantRole.UNKNOWN,
                sends.getOrDefault(id, List.of()),
                receives.getOrDefault(id, List.of()),
                Map.of()));
      }
    }
    if (!partial) {
      for (Participant p : participants) {
        for (String s : p.sends()) {
          if (!streamIds.contains(s)) {
            warnings.add("participant " + p.id() + " sends undeclared stream " + s);
          }
        }
      }
    }
    participants = Roles.infer(participants, callIds);

    Set<String> departed = new LinkedHashSet<>();
    for (ParticipantSessionAssocElement a : r.participantSessionAssocs) {
      if (a.disassociateTime != null && !a.disassociateTime.isBlank()) {
        departed.add(trim(a.participantId));
      }
    }
    for (ParticipantStreamAssocElement a : r.participantStreamAssocs) {
      if (a.disassociateTime != null
          && !a.disassociateTime.isBlank()
          && a.send.isEmpty()
          && a.recv.isEmpty()) {
        departed.add(trim(a.participantId));
      }
    }

    // RFC 7865 §6.7: when each communication session was tied to this recording session and
    // released from it; a persistent recording session (RFC 7866 §6.1) has several in turn.
    Map<String, SessionRecordingAssocElement> recordingAssocs = new LinkedHashMap<>();
    for (SessionRecordingAssocElement a : r.sessionRecordingAssocs) {
      recordingAssocs.put(trim(a.sessionId), a);
    }
    List<CommunicationSession> sessions = new ArrayList<>();
    for (SessionElement s : r.sessions) {
      List<String> sipSessionIds =
          s.sipSessionIds.stream().map(v -> v.replaceAll("\\s+", "")).toList();
      SessionRecordingAssocElement a = recordingAssocs.remove(trim(s.id));
      sessions.add(
          new CommunicationSession(
              trim(s.id),
              sipSessionIds,
              trim(s.groupRef),
              trim(s.startTime),
              trim(s.stopTime),
              a == null ? "" : trim(a.associateTime),
              a == null ? "" : trim(a.disassociateTime)));
    }
    // A partial update may name a session by its association alone (its disassociation).
    recordingAssocs.forEach(
        (id, a) -> {
          if (!id.isEmpty()) {
            sessions.add(
                new CommunicationSession(
                    id, List.of(), "", "", "", trim(a.associateTime), trim(a.disassociateTime)));
          }
        });

    AssociationRule rule =
        !r.participantStreamAssocs.isEmpty()
            ? AssociationRule.PARTICIPANT_STREAM_ASSOC
            : inParticipant
                ? AssociationRule.PARTICIPANT_SEND_RECV
                : participants.isEmpty() ? AssociationRule.NONE : AssociationRule.POSITIONAL;
    String groupId = r.groups.isEmpty() ? "" : trim(r.groups.get(0).id);
    return new RecordingMetadata(
        partial,
        dialect,
        groupId,
        sessions,
        participants,
        streams,
        rule,
        callIds,
        stated,
        departed,
        warnings,
        xml,
        repairs);
  }

  /** Older OpenSIPS writes "front_desk;lang=en-GB;id=7" into name: keep the name. */
  private static String displayName(String name) {
    if (name == null) {
      return "";
    }
    return name.replaceFirst(";\\s*(lang|id)=.*$", "").strip();
  }

  private static void add(Map<String, List<String>> map, String participant, String stream) {
    String s = trim(stream);
    if (!s.isEmpty()) {
      map.computeIfAbsent(participant, k -> new ArrayList<>()).add(s);
    }
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
