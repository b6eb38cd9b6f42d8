package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.pipeline.Resampler;
import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.Tones;
import io.siprec.srs.testsupport.UdpSockets;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path with real peers: the packaged server as its own process, SIPp as the SRC sending a
 * 1 kHz tone on leg 1, our RTP sender a 440 Hz tone on leg 2, and a JMS consumer on the embedded
 * broker's TCP acceptor.
 */
class SiprecCallIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The default output rate: every codec is published at 16 kHz. */
  private static final int RATE = 16000;

  private static SrsServerProcess server;
  private static JmsProbe jms;

  @BeforeAll
  static void startServer() {
    server = SrsServerProcess.named("siprec-call").start();
    jms = JmsProbe.loggedIn(server.consumerLogin());
    System.out.printf(
        "[SiprecCallIT] standalone server ready %d ms after launch%n", server.readyAfterMillis());
  }

  @AfterAll
  static void stopServer() {
    if (jms != null) {
      jms.close();
    }
    if (server != null) {
      assertThat(server.terminate(Duration.ofSeconds(40))).as("exit code after SIGTERM").isZero();
    }
  }

  @Test
  void aSiprecCallDeliversBothLegsAsPcmOnJms() throws Exception {
    AnsweredPort leg2Port = AnsweredPort.create();
    int mark = jms.mark();
    Sipp sipp =
        Sipp.scenario("siprec_call.xml").against(server).set("portfile", leg2Port.file()).start();

    int leg2Packets = 200; // 4.0 s of audio
    try (RtpSender leg2 =
        new RtpSender(
            server.ports.peerMedia() + 4,
            Fixtures.bytes("sipp/audio/leg2_440hz.alaw"),
            8,
            0x5EC0DL)) {
      CompletableFuture<Integer> sent =
          leg2.send(
              new InetSocketAddress("127.0.0.1", leg2Port.await(Duration.ofSeconds(15))),
              leg2Packets);
      assertThat(sipp.await()).as(sipp.report()).isZero();
      assertThat(sent.join()).isEqualTo(leg2Packets);
    }

    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    JmsProbe.Event started = jms.awaitEvent(id, "session.started", WAIT);
    JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
    jms.awaitLastChunks(id, WAIT, "1", "2");

    // The answer SIPp checked (two recvonly labelled lines, +sip.srs) is also what the session
    // reports.
    JsonObject session = started.json().getJsonObject("session");
    assertThat(session.getBoolean("siprec")).isTrue();
    assertThat(session.getJsonArray("streams")).hasSize(2);
    assertThat(session.getJsonObject("rawMetadata").getString("xml"))
        .contains("urn:ietf:params:xml:ns:recording:1");
    assertThat(session.getJsonObject("metadata").getString("dialect")).isEqualTo("RFC 7865");
    assertThat(ended.json().getString("reason")).isEqualTo("SRC_BYE");

    List<JmsProbe.Chunk> leg1 = jms.chunks(id, "1");
    List<JmsProbe.Chunk> leg2 = jms.chunks(id, "2");
    long callMs = ended.json().getJsonNumber("durationMs").longValue();
    long audio1 = leg1.stream().filter(c -> c.samples() > 0).count();
    long audio2 = leg2.stream().filter(c -> c.samples() > 0).count();
    System.out.printf(
        "[SiprecCallIT] call %d ms; leg 1: %d chunks with audio (expected %d +-1), "
            + "leg 2: %d chunks with audio (expected 41), %d + %d samples%n",
        callMs, audio1, Math.round(callMs / 100.0), audio2, samples(leg1), samples(leg2));

    // Leg 1 runs from the answer to the BYE: one chunk per 100 ms of call, within one chunk.
    assertThat(audio1).isBetween(Math.round(callMs / 100.0) - 1, Math.round(callMs / 100.0) + 1);
    // Leg 2 is exactly what our sender sent: 200 packets of 20 ms (320 samples at 16 kHz), in
    // chunks
    // of 100 ms whose first is short by the 8 to 16 kHz resampler's delay: 1569 + 39 x 1600 + 31.
    int delay = new Resampler(8000, 16000).delaySamples();
    assertThat(delay).isPositive();
    assertThat(leg2.get(0).samples()).isEqualTo(1600 - delay);
    assertThat(audio2).isEqualTo(41);
    assertThat(samples(leg2)).isEqualTo(leg2Packets * 320L);

    for (List<JmsProbe.Chunk> leg : List.of(leg1, leg2)) {
      assertContiguousOrderedGroup(leg);
    }
    // Who speaks where, from the chunk properties alone (the scenario's metadata: caller on 1,
    // agent on 2).
    assertThat(leg1)
        .allSatisfy(
            c -> assertThat(c.participantAor()).isEqualTo("sip:+15550100001@carrier.example.com"));
    assertThat(leg2)
        .allSatisfy(c -> assertThat(c.participantAor()).isEqualTo("sip:2001@pbx.example.com"));
    short[] pcm1 = Tones.concat(leg1);
    short[] pcm2 = Tones.concat(leg2);
    assertThat(Tones.power(pcm1, RATE, 1000))
        .as("leg 1 carries 1 kHz")
        .isGreaterThan(100 * Tones.power(pcm1, RATE, 440));
    assertThat(Tones.power(pcm2, RATE, 440))
        .as("leg 2 carries 440 Hz")
        .isGreaterThan(100 * Tones.power(pcm2, RATE, 1000));

    JsonObject leg2Stats =
        ended
            .json()
            .getJsonObject("session")
            .getJsonArray("streams")
            .getJsonObject(1)
            .getJsonObject("statistics");
    assertThat(leg2Stats.getJsonNumber("packetsReceived").longValue()).isEqualTo(leg2Packets);
    assertThat(leg2Stats.getJsonNumber("packetsDecoded").longValue()).isEqualTo(leg2Packets);
    assertThat(leg2Stats.getJsonNumber("samplesConcealed").longValue()).isZero();
    assertThat(leg2Stats.getJsonNumber("completeness").doubleValue()).isEqualTo(1.0);

    assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax))
        .as("RTP ports released")
        .isZero();
  }

  @Test
  void pauseAndResumeByReInvitePublishNoAudioWhilePaused() throws Exception {
    AnsweredPort leg2Port = AnsweredPort.create();
    int mark = jms.mark();
    Sipp sipp =
        Sipp.scenario("siprec_pause_resume.xml")
            .against(server)
            .set("portfile", leg2Port.file())
            .start();

    try (RtpSender leg2 =
        new RtpSender(
            server.ports.peerMedia() + 4,
            Fixtures.bytes("sipp/audio/leg2_440hz.alaw"),
            8,
            0x5EC0EL)) {
      InetSocketAddress destination =
          new InetSocketAddress("127.0.0.1", leg2Port.await(Duration.ofSeconds(15)));
      leg2.send(destination, 125).join(); // 2.5 s, inside SIPp's 3 s of talk
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      jms.awaitEvent(id, "stream.resumed", WAIT);
      leg2.send(destination, 125).join();
      assertThat(sipp.await()).as(sipp.report()).isZero();
    }

    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    jms.awaitEvent(id, "session.ended", WAIT);
    jms.awaitLastChunks(id, WAIT, "1", "2");
    List<JmsProbe.Event> events = jms.events(id);
    // The resuming re-INVITE also carries partial metadata.
    assertThat(events)
        .extracting(JmsProbe.Event::type)
        .containsExactly(
            "session.started",
            "stream.paused",
            "stream.paused",
            "stream.resumed",
            "stream.resumed",
            "metadata.updated",
            "session.ended");
    Instant pausedAt = Instant.parse(events.get(1).json().getString("at"));
    Instant resumedAt = Instant.parse(events.get(3).json().getString("at"));
    assertThat(events.get(3).json().getJsonNumber("pausedMs").longValue()).isBetween(2500L, 3500L);

    for (String label : List.of("1", "2")) {
      List<JmsProbe.Chunk> chunks = jms.chunks(id, label);
      assertContiguousOrderedGroup(chunks);
      // Nothing captured while paused was published.
      for (JmsProbe.Chunk c : chunks) {
        long first = c.captureTime();
        long last = first + c.samples() * 1000L / c.sampleRate();
        boolean insidePause =
            first > pausedAt.toEpochMilli() + 100 && last < resumedAt.toEpochMilli() - 100;
        assertThat(insidePause)
            .as("chunk %d of stream %s captured during the pause", c.sequence(), label)
            .isFalse();
      }
      // The timeline keeps the pause: the first chunk after it starts about 3 s of samples later.
      long jump = 0;
      for (int i = 1; i < chunks.size(); i++) {
        JmsProbe.Chunk prev = chunks.get(i - 1);
        jump = Math.max(jump, chunks.get(i).startSample() - (prev.startSample() + prev.samples()));
      }
      System.out.printf(
          "[SiprecCallIT] pause/resume stream %s: %d chunks, gap on the timeline %d samples%n",
          label, chunks.size(), jump);
      assertThat(jump)
          .as("stream %s gap across the pause", label)
          .isBetween(2000 * 16L, 4000 * 16L);
    }
    assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax)).isZero();
  }

  @Test
  void optionsAdvertiseSiprec() {
    Sipp sipp = Sipp.scenario("options.xml").against(server).calls(3, 10, 1);
    assertThat(sipp.run()).as(sipp.report()).isZero();
  }

  /**
   * One JMS group per stream, sequence numbers without holes, the group closed on the last chunk.
   */
  private static void assertContiguousOrderedGroup(List<JmsProbe.Chunk> chunks) {
    assertThat(chunks).isNotEmpty();
    for (int i = 0; i < chunks.size(); i++) {
      JmsProbe.Chunk c = chunks.get(i);
      assertThat(c.sequence()).isEqualTo(i);
      assertThat(c.groupId()).isEqualTo(c.sessionId() + "/" + c.label());
      assertThat(c.groupSeq()).isEqualTo(c.last() ? -1 : i + 1);
      assertThat(c.last()).isEqualTo(i == chunks.size() - 1);
      assertThat(c.sampleRate()).isEqualTo(RATE);
      assertThat(c.encoding()).isEqualTo("pcm_s16le");
      assertThat(c.schemaVersion()).isEqualTo(1);
      assertThat(c.droppedBefore()).isZero();
      if (i > 0) {
        JmsProbe.Chunk prev = chunks.get(i - 1);
        assertThat(c.startSample()).isGreaterThanOrEqualTo(prev.startSample() + prev.samples());
      }
    }
  }

  private static long samples(List<JmsProbe.Chunk> chunks) {
    return chunks.stream().mapToLong(JmsProbe.Chunk::samples).sum();
  }
}
