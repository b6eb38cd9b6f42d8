package io.siprec.srs.delivery.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.jms.JmsAudioPublisher.Drop;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.HeadroomGauge;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audio publisher's drop accounting over a broker in the test's hands ({@link FakeBroker}): a
 * full backlog, a broker that is down, a connection that breaks before the broker confirmed, a
 * refused send, a message that cannot be built, and a session that ends during an outage. Each drop
 * is counted under its reason, for its session, and reported by the next chunk of its stream that
 * gets through; every chunk handed over is either published or counted as dropped.
 */
class JmsAudioPublisherDropsTest {
  private static final int BACKLOG = 4;

  private final FakeBroker broker = new FakeBroker();
  private final RecordingSessionId session = RecordingSessionId.random();
  private final JmsAudioPublisher publisher =
      new JmsAudioPublisher(
          Settings.load(
              Map.of("srs.jms.audio-backlog", String.valueOf(BACKLOG), "srs.node.id", "srs-test")
                  ::get,
              k -> null,
              null),
          broker.connections(),
          new SimpleMeterRegistry());
  private int accepted;

  @AfterEach
  void stop() {
    broker.releaseSends();
    publisher.stop(Duration.ZERO);
  }

  private void accept(long sequence, boolean last) {
    publisher.accept(
        new AudioChunk(
            session,
            new StreamLabel("1"),
            sequence,
            8000,
            sequence * 160,
            0,
            new byte[320],
            last,
            StreamAttribution.UNKNOWN));
    accepted++;
  }

  private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(condition.getAsBoolean()).as(what + " within 10 s").isTrue();
  }

  /**
   * Connected, and past the moment just after connecting when the sender drops what was queued
   * during the attempt (real time: a chunk handed over then is dropped as waiting for no broker).
   */
  private void connected() throws InterruptedException {
    waitFor("connected", publisher::isConnected);
    Thread.sleep(250);
  }

  /** The last message sent: the chunk sequence and the drops it reports. */
  private FakeBroker.Sent lastSent() {
    return broker.sends.get(broker.sends.size() - 1);
  }

  /**
   * Nothing silently lost: every chunk accepted is published or dropped, the reasons add up to the
   * drops, and the session's count holds them all (one session in these tests).
   */
  private void assertEveryChunkAccountedFor() {
    assertThat(publisher.backlog()).as("nothing left waiting").isZero();
    assertThat(publisher.published() + publisher.dropped()).isEqualTo(accepted);
    assertThat(Arrays.stream(Drop.values()).mapToLong(publisher::dropped).sum())
        .isEqualTo(publisher.dropped());
    assertThat(publisher.dropped(session)).isEqualTo(publisher.dropped());
  }

  @Test
  void aFullBacklogDropsAndTheNextChunkOfTheStreamReportsIt() throws Exception {
    publisher.start();
    connected();
    broker.holdSends();
    accept(0, false);
    waitFor("the first send under way", () -> broker.sendsStarted.get() == 1);
    for (int seq = 1; seq <= BACKLOG + 3; seq++) {
      accept(seq, false); // four wait, three find no room
    }
    assertThat(publisher.dropped(Drop.BACKLOG_FULL)).isEqualTo(3);

    broker.releaseSends();
    waitFor("the backlog sent", () -> publisher.published() == 1 + BACKLOG);
    accept(BACKLOG + 4, false);
    waitFor("the next chunk sent", () -> publisher.published() == 2 + BACKLOG);

    assertThat(lastSent().longProperty(MessageProperties.CHUNK_SEQUENCE)).isEqualTo(BACKLOG + 4);
    assertThat(lastSent().longProperty(MessageProperties.CHUNKS_DROPPED_BEFORE)).isEqualTo(3);
    assertThat(publisher.dropped()).isEqualTo(3);
    assertEveryChunkAccountedFor();
  }

  /**
   * The age gauge reads the chunk that has waited longest: 0 with nothing waiting, then growing
   * while the broker holds the sends, at the budget's share; back to 0 once all is sent.
   */
  @Test
  void theOldestWaitingChunksAgeIsMeasuredAndFeedsTheHeadroomGauge() throws Exception {
    publisher.start();
    connected();
    HeadroomGauge age = publisher.oldestChunkAge(Duration.ofMillis(100));
    assertThat(publisher.oldestWaitingSeconds()).isZero();
    assertThat(age.reading()).isZero();

    broker.holdSends();
    accept(0, false);
    waitFor("the first send under way", () -> broker.sendsStarted.get() == 1);
    accept(1, false); // waits behind the held send
    Thread.sleep(250);
    assertThat(publisher.oldestWaitingSeconds()).isBetween(0.2, 10.0);
    assertThat(age.reading()).as("250 ms of a 100 ms budget").isGreaterThanOrEqualTo(2.0);
    assertThat(age.limit()).isEqualTo(1.0);

    broker.releaseSends();
    waitFor("both sent", () -> publisher.published() == 2);
    assertThat(publisher.oldestWaitingSeconds()).isZero();
    assertThat(age.reading()).isZero();
  }

  /**
   * Bounded by age: chunks that waited past srs.jms.audio-max-age-ms behind a slow send are dropped
   * as TOO_LATE and reported by the next chunk of the stream; a last chunk goes whatever its age.
   */
  @Test
  void chunksThatWaitedPastTheirDeadlineAreDroppedAndReportedByTheNextOne() throws Exception {
    JmsAudioPublisher withDeadline =
        new JmsAudioPublisher(
            Settings.load(
                Map.of(
                        "srs.jms.audio-backlog", "16",
                        "srs.jms.audio-max-age-ms", "100",
                        "srs.node.id", "srs-test")
                    ::get,
                k -> null,
                null),
            broker.connections(),
            new SimpleMeterRegistry());
    try {
      withDeadline.start();
      waitFor("connected", withDeadline::isConnected);
      Thread.sleep(250);
      broker.holdSends();
      accept(withDeadline, 0, false);
      waitFor("the first send under way", () -> broker.sendsStarted.get() == 1);
      accept(withDeadline, 1, false);
      accept(withDeadline, 2, false);
      accept(withDeadline, 3, true); // the stream's last chunk
      Thread.sleep(300); // all three wait past the 100 ms deadline
      broker.releaseSends();
      waitFor("the last chunk sent", () -> withDeadline.published() == 2);

      assertThat(withDeadline.dropped(Drop.TOO_LATE)).isEqualTo(2);
      assertThat(withDeadline.droppedByReason()).containsEntry("TOO_LATE", 2L);
      assertThat(lastSent().longProperty(MessageProperties.CHUNK_SEQUENCE)).isEqualTo(3);
      assertThat(lastSent().longProperty(MessageProperties.CHUNKS_DROPPED_BEFORE)).isEqualTo(2);
      assertThat(withDeadline.published() + withDeadline.dropped()).isEqualTo(4);
    } finally {
      broker.releaseSends();
      withDeadline.stop(Duration.ZERO);
    }
  }

  private void accept(JmsAudioPublisher to, long sequence, boolean last) {
    to.accept(
        new AudioChunk(
            session,
            new StreamLabel("1"),
            sequence,
            8000,
            sequence * 160,
            0,
            new byte[320],
            last,
            StreamAttribution.UNKNOWN));
  }

  @Test
  void chunksWaitingForABrokerThatIsDownAreDroppedAndReportedOnceItIsBack() throws Exception {
    broker.goDown();
    publisher.start();
    accept(0, false);
    accept(1, false);
    accept(2, false);
    waitFor("three dropped", () -> publisher.dropped(Drop.NO_BROKER) == 3);
    assertThat(publisher.isConnected()).isFalse();

    broker.comeUp();
    waitFor("connected", publisher::isConnected);
    // The first chunk that gets through reports every drop before it: a chunk handed over in the
    // instant the connection was made may still have been dropped while the broker was away.
    for (long seq = 3; seq < 20 && publisher.published() == 0; seq++) {
      accept(seq, false);
      long sent = seq;
      waitFor(
          "chunk " + seq + " sent or dropped",
          () -> publisher.published() + publisher.dropped() == sent + 1);
    }
    assertThat(publisher.published()).isEqualTo(1);
    assertThat(broker.sends.get(0).longProperty(MessageProperties.CHUNKS_DROPPED_BEFORE))
        .isEqualTo(publisher.dropped(Drop.NO_BROKER))
        .isGreaterThanOrEqualTo(3);
    assertEveryChunkAccountedFor();
  }

  @Test
  void sendsTheBrokerNeverConfirmedAreDroppedWhenTheConnectionBreaks() throws Exception {
    publisher.start();
    connected();
    broker.confirmByHand();
    accept(0, false);
    accept(1, false);
    accept(2, false);
    waitFor("three sent", () -> broker.sends.size() == 3);
    broker.confirm(0);
    assertThat(publisher.published()).as("counted until the broker says otherwise").isEqualTo(3);

    broker.breakConnection();
    waitFor("two not confirmed", () -> publisher.dropped(Drop.NOT_CONFIRMED) == 2);
    assertThat(publisher.published()).isEqualTo(1);

    waitFor("reconnected", () -> publisher.isConnected() && publisher.reconnects() == 1);
    accept(3, false);
    waitFor("chunk 3 sent", () -> broker.sends.size() == 4);
    broker.confirm(3);

    assertThat(lastSent().longProperty(MessageProperties.CHUNK_SEQUENCE)).isEqualTo(3);
    assertThat(lastSent().longProperty(MessageProperties.CHUNKS_DROPPED_BEFORE)).isEqualTo(2);
    assertEveryChunkAccountedFor();
  }

  @Test
  void aSendTheBrokerRefusedIsDroppedAndReportedByTheNextChunk() throws Exception {
    publisher.start();
    connected();
    broker.confirmByHand();
    accept(0, false);
    accept(1, false);
    waitFor("two sent", () -> broker.sends.size() == 2);
    broker.refuse(0);
    broker.confirm(1);
    waitFor("the refusal settled", () -> publisher.dropped(Drop.NOT_CONFIRMED) == 1);

    accept(2, false);
    waitFor("chunk 2 sent", () -> broker.sends.size() == 3);
    broker.confirm(2);

    assertThat(lastSent().longProperty(MessageProperties.CHUNKS_DROPPED_BEFORE)).isEqualTo(1);
    assertThat(publisher.published()).isEqualTo(2);
    assertEveryChunkAccountedFor();
  }

  @Test
  void aChunkWhoseMessageCannotBeBuiltIsDroppedAndReported() throws Exception {
    publisher.start();
    connected();
    broker.failNextBuild();
    accept(0, false);
    waitFor("one unbuildable", () -> publisher.dropped(Drop.UNBUILDABLE) == 1);

    accept(1, false);
    waitFor("chunk 1 sent", () -> publisher.published() == 1);

    assertThat(lastSent().longProperty(MessageProperties.CHUNKS_DROPPED_BEFORE)).isEqualTo(1);
    assertEveryChunkAccountedFor();
  }

  @Test
  void aSessionEndingDuringAnOutageKeepsItsLastChunkWhichReportsTheDrops() throws Exception {
    broker.goDown();
    publisher.start();
    accept(0, false);
    accept(1, false);
    waitFor("two dropped", () -> publisher.dropped(Drop.NO_BROKER) == 2);
    accept(2, true); // the session ended: its stream's last chunk
    waitFor("the last chunk kept, not dropped", () -> publisher.backlog() == 1);
    Thread.sleep(300); // a few more attempts against the absent broker
    assertThat(publisher.dropped()).isEqualTo(2);
    assertThat(publisher.backlog()).isEqualTo(1);

    broker.comeUp();
    waitFor("the last chunk sent", () -> publisher.published() == 1);

    FakeBroker.Sent last = lastSent();
    assertThat(last.properties().get(MessageProperties.LAST_CHUNK)).isEqualTo(true);
    assertThat(last.properties().get("JMSXGroupSeq")).as("closes the group").isEqualTo(-1);
    assertThat(last.longProperty(MessageProperties.CHUNKS_DROPPED_BEFORE)).isEqualTo(2);
    assertEveryChunkAccountedFor();
  }
}
