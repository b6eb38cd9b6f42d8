package io.siprec.srs.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.siprec.srs.config.Settings;
import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.MediaNotifications;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.PacketDrops;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingRequest;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RtcpFigures;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.testsupport.FakeMediaGateway;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SettableClock;
import io.siprec.srs.testsupport.SipMessageFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RFC 7866 reference call (corpus file 01) recorded through the real service into the console's
 * timelines: answered, put on hold and back, a DTMF key, media figures, then ended or not. What the
 * JSON views and metrics tests look at.
 */
final class RecordedCallFixture {
  static final Instant START = Instant.parse("2026-03-11T09:15:02.120Z");
  private static final PayloadFormat PCMU = new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, "");

  final SettableClock clock = new SettableClock(START);
  final FakeMediaGateway media = new FakeMediaGateway();
  final SessionRegistry registry = new SessionRegistry();
  final SessionTimelines timelines;
  final RecordingService service;

  RecordedCallFixture(Settings settings, MeterRegistry meters) {
    timelines = new SessionTimelines(settings, meters);
    service = new RecordingService(registry, media, timelines, clock);
  }

  /** Records one call; leaves it live when {@code end} is false. */
  RecordingSession call(boolean end) throws Exception {
    SipMessageFixture invite =
        SipMessageFixture.load("siprec-corpus/01_rfc7866_reference_invite.sip");
    SiprecBody body = SiprecBody.read(invite.header("Content-Type"), invite.body());
    byte[] xml = body.metadata().orElseThrow().content();
    RawMetadata raw = new RawMetadata("application/rs-metadata+xml", xml, START, "INVITE");
    MetadataReader reader = new MetadataReader(1 << 20);
    RecordingRequest request =
        new RecordingRequest(
            "192.0.2.10:5060/udp",
            invite.header("Call-ID"),
            "ExampleSBC/1.0",
            "unknown",
            true,
            List.of(stream(0, "1", false), stream(1, "2", false)),
            Optional.of(raw),
            Optional.of(reader.read(xml)),
            Map.of());
    RecordingSession session = service.prepare(request);
    service.negotiated(
        session,
        "INVITE",
        new String(body.sdp().orElseThrow(), StandardCharsets.UTF_8),
        Fixtures.text("admin/answer-to-rfc7866-reference.sdp"));
    service.activate(session);

    clock.advance(Duration.ofSeconds(20));
    service.update(session.id(), List.of(stream(0, "1", true), stream(1, "2", false)));
    clock.advance(Duration.ofSeconds(3));
    service.update(session.id(), List.of(stream(0, "1", false), stream(1, "2", false)));
    new MediaNotifications(timelines, clock)
        .dtmf(
            session.id(),
            new StreamLabel("1"),
            new DtmfTone('5', clock.instant().toEpochMilli(), 368000, 160, 10));
    media.reportStatistics(
        new StreamStatistics(
            4980,
            4971,
            4971,
            12,
            9,
            0,
            6,
            lateAndDuplicate(2, 1),
            0,
            0,
            1,
            1.84,
            16000,
            1596800,
            1590400,
            3840,
            0,
            998,
            1596800,
            3010,
            new RtcpFigures(20, 0, 0, 20, 0, 1, 4992, 798720, 0.0039, 12, 2.5)));
    clock.advance(Duration.ofSeconds(77));
    if (end) {
      service.end(session.id(), EndReason.SRC_BYE);
    }
    return session;
  }

  private static StreamRequest stream(int index, String label, boolean paused) {
    return new StreamRequest(index, new StreamLabel(label), List.of(PCMU), paused, null);
  }

  /** Drops of a fixture stream: packets late to the reorder buffer, and duplicates. */
  private static PacketDrops lateAndDuplicate(long late, long duplicate) {
    long[] counts = new long[PacketDrop.values().length];
    counts[PacketDrop.REORDER_LATE.ordinal()] = late;
    counts[PacketDrop.REORDER_DUPLICATE.ordinal()] = duplicate;
    return PacketDrops.of(counts);
  }
}
