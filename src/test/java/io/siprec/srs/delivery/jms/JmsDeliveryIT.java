package io.siprec.srs.delivery.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.StreamAttribution;
import io.siprec.srs.testsupport.JmsProbe;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JMS delivery beans as CDI wires them (Arquillian, Weld embedded), publishing to a real
 * Artemis broker and read back by a real JMS consumer over TCP.
 */
@ExtendWith(ArquillianExtension.class)
class JmsDeliveryIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final StreamAttribution ATTRIBUTION =
      new StreamAttribution(
          "16777227",
          "s1",
          List.of(
              new Participant(
                  "p1",
                  "sip:+15550177300@192.0.2.200",
                  "Ann",
                  ParticipantRole.CALLER,
                  List.of("s1"),
                  List.of(),
                  Map.of())),
          AssociationRule.PARTICIPANT_SEND_RECV);

  @Deployment
  static JavaArchive deployment() {
    return ShrinkWrap.create(JavaArchive.class)
        .addPackage(JmsAudioPublisher.class.getPackage())
        .addClass(TestBrokerSettings.class)
        .addClass(SessionRegistry.class) // routing rules look sessions up
        .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  @Inject EmbeddedBroker broker;
  @Inject BrokerConnections connections;
  @Inject JmsAudioPublisher audio;
  @Inject JmsEventPublisher events;
  @Inject Settings settings;

  @Test
  void chunksAndEventsReachAConsumerWithTheContractsProperties() {
    broker.start();
    audio.start();
    events.start();
    RecordingSessionId id = RecordingSessionId.random();
    StreamLabel label = new StreamLabel("16777227");
    try (JmsProbe probe = consumerOf(broker)) {
      deliverAndCheck(probe, id, label);
    } finally {
      // Stopped here, not in @AfterEach: Arquillian runs that outside the application context.
      events.stop(Duration.ofSeconds(2));
      audio.stop(Duration.ofSeconds(2));
      connections.close();
      broker.stop();
    }
  }

  private void deliverAndCheck(JmsProbe probe, RecordingSessionId id, StreamLabel label) {
    {
      events.publish(
          new SessionEvent.SessionStarted(
              id, Instant.parse("2026-01-01T10:00:00Z"), snapshot(id, label)));
      for (int i = 0; i < 3; i++) {
        audio.accept(
            new AudioChunk(
                id,
                label,
                i,
                8000,
                i * 800L,
                1_700_000_000_000L + i * 100,
                pcm(800, i),
                false,
                ATTRIBUTION));
      }
      audio.accept(
          new AudioChunk(
              id, label, 3, 8000, 2400, 1_700_000_000_300L, new byte[0], true, ATTRIBUTION));
      events.publish(
          new SessionEvent.SessionEnded(
              id,
              Instant.parse("2026-01-01T10:00:05Z"),
              EndReason.SRC_BYE,
              Duration.ofSeconds(5),
              snapshot(id, label)));

      probe.awaitLastChunks(id.value(), WAIT, label.value());
      probe.awaitEvent(id.value(), "session.ended", WAIT);

      List<JmsProbe.Chunk> chunks = probe.chunks(id.value(), label.value());
      assertThat(chunks).extracting(JmsProbe.Chunk::sequence).containsExactly(0L, 1L, 2L, 3L);
      assertThat(chunks).extracting(JmsProbe.Chunk::groupSeq).containsExactly(1, 2, 3, -1);
      JmsProbe.Chunk second = chunks.get(1);
      assertThat(second.groupId()).isEqualTo(id.value() + "/16777227");
      assertThat(second.samples()).isEqualTo(800);
      assertThat(second.startSample()).isEqualTo(800);
      assertThat(second.captureTime()).isEqualTo(1_700_000_000_100L);
      assertThat(second.samplesArray()[0]).isEqualTo((short) 1);
      assertThat(second.encoding()).isEqualTo("pcm_s16le");
      assertThat(second.participantId()).isEqualTo("p1");
      assertThat(second.participantAor()).isEqualTo("sip:+15550177300@192.0.2.200");
      assertThat(second.participantRole()).isEqualTo("caller");

      JsonObject started = probe.awaitEvent(id.value(), "session.started", WAIT).json();
      assertThat(started.getInt("schemaVersion")).isEqualTo(1);
      assertThat(started.getString("at")).isEqualTo("2026-01-01T10:00:00Z");
      assertThat(started.getJsonObject("session").getString("callId")).isEqualTo("call-1");
      assertThat(probe.events(id.value()))
          .extracting(JmsProbe.Event::type)
          .containsExactly("session.started", "session.ended");
    }
    assertThat(audio.published()).isEqualTo(4);
    assertThat(audio.dropped()).isZero();
    // Every chunk sent was timed from completion to send.
    assertThat(audio.chunkLatency().count()).isEqualTo(4);
    assertThat(audio.chunkLatency().max(TimeUnit.SECONDS)).isLessThan(WAIT.toSeconds());
  }

  @Test
  void whileTheBrokerIsAwayChunksAreDroppedAndTheKeptLastChunkSaysHowMany() {
    // Built by hand: a backlog of 4 and a broker that is not up yet.
    Settings small = TestBrokerSettings.create(Map.of(Setting.JMS_AUDIO_BACKLOG.key(), "4"));
    EmbeddedBroker lateBroker = new EmbeddedBroker(small);
    BrokerConnections lateConnections = new BrokerConnections(small, lateBroker);
    JmsAudioPublisher publisher =
        new JmsAudioPublisher(small, lateConnections, new SimpleMeterRegistry());
    publisher.start();
    RecordingSessionId id = RecordingSessionId.random();
    StreamLabel label = new StreamLabel("1");
    try {
      for (int i = 0; i < 10; i++) {
        publisher.accept(
            new AudioChunk(id, label, i, 8000, i * 800L, 0, pcm(800, i), false, ATTRIBUTION));
      }
      // Real time: what overflowed the backlog and what waited in it are both dropped, and counted.
      awaitBacklogEmpty(publisher);
      assertThat(publisher.dropped()).isEqualTo(10);
      assertThat(publisher.dropped(id)).as("drops the console shows for the session").isEqualTo(10);
      // The stream's last chunk is kept until there is a broker again.
      publisher.accept(
          new AudioChunk(id, label, 10, 8000, 8000, 0, pcm(800, 10), true, ATTRIBUTION));
      lateBroker.start();
      try (JmsProbe probe = consumerOf(lateBroker)) {
        probe.awaitLastChunks(id.value(), WAIT, "1");

        List<JmsProbe.Chunk> chunks = probe.chunks(id.value(), "1");
        assertThat(chunks).extracting(JmsProbe.Chunk::sequence).containsExactly(10L);
        assertThat(chunks).extracting(JmsProbe.Chunk::droppedBefore).containsExactly(10L);
        assertThat(chunks.get(0).groupSeq()).isEqualTo(-1);
      }
      assertThat(publisher.dropped()).isEqualTo(10);
      assertThat(publisher.published()).isEqualTo(1);
    } finally {
      publisher.stop(Duration.ofSeconds(2));
      lateConnections.close();
      lateBroker.stop();
    }
  }

  /** The broker's consumer, logged in as the server's consumers must. */
  private static JmsProbe consumerOf(EmbeddedBroker broker) {
    BrokerLogin login = broker.consumerLogin();
    return JmsProbe.loggedIn(broker.consumerUrl(), login.user(), login.password());
  }

  private static void awaitBacklogEmpty(JmsAudioPublisher publisher) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (publisher.backlog() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(publisher.backlog()).isZero();
  }

  private static byte[] pcm(int samples, int value) {
    byte[] b = new byte[samples * 2];
    for (int i = 0; i < samples; i++) {
      b[2 * i] = (byte) value;
    }
    return b;
  }

  private static SessionSnapshot snapshot(RecordingSessionId id, StreamLabel label) {
    return new SessionSnapshot(
        id,
        "call-1",
        "192.0.2.1:5060/udp",
        "SBC",
        "Oracle (Acme Packet) SBC",
        true,
        Instant.parse("2026-01-01T10:00:00Z"),
        null,
        List.of(
            new SessionSnapshot.StreamSnapshot(
                label,
                0,
                List.of("PCMU/8000 pt=0"),
                20000,
                false,
                ATTRIBUTION,
                StreamStatistics.NONE)),
        null,
        List.of(),
        Map.of(),
        List.of(),
        null,
        List.of());
  }
}
