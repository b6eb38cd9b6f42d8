package io.siprec.srs.session.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.MediaUnavailableException;
import io.siprec.srs.session.NodeId;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingRequest;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.testsupport.FakeMediaGateway;
import io.siprec.srs.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one broker, the broker being an in-memory bus that delivers every news to every node
 * at once, and a clock moved by hand: who declares whom lost, when, and with which sessions.
 */
class NodeWatchTest {
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final PayloadFormat PCMU = new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, "");

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Bus bus = new Bus();

  /** One node: its sessions, its watch, and what it published about other nodes' sessions. */
  private final class Node {
    final SessionRegistry registry = new SessionRegistry();
    final List<SessionEvent> reported = new ArrayList<>();
    final NodeWatch watch;
    final RecordingService recordings;
    final Bus.Tap tap;

    Node(String id) {
      tap = bus.tap();
      watch =
          new NodeWatch(new NodeId(id), registry, tap, reported::add, HEARTBEAT, TIMEOUT, clock);
      tap.listen(watch::receive);
      recordings =
          new RecordingService(
              registry, new FakeMediaGateway(), event -> watch.publish(event), clock);
    }

    RecordingSessionId call() throws MediaUnavailableException {
      RecordingSession s =
          recordings.prepare(
              new RecordingRequest(
                  "192.0.2.1:5060/udp",
                  "call",
                  "SBC",
                  "unknown",
                  true,
                  List.of(new StreamRequest(0, new StreamLabel("1"), List.of(PCMU), false, null)),
                  Optional.empty(),
                  Optional.empty(),
                  Map.of()));
      recordings.activate(s);
      return s.id();
    }

    List<RecordingSessionId> lost() {
      return reported.stream().map(e -> ((SessionEvent.SessionLost) e).sessionId()).toList();
    }
  }

  /** Heartbeats of the listed nodes, then {@code by} of time passes and everybody checks. */
  private void tick(Duration by, List<Node> beating, List<Node> all) {
    beating.forEach(n -> n.watch.beat());
    clock.advance(by);
    all.forEach(n -> n.watch.check());
  }

  @Test
  void theSessionsOfANodeNoLongerHeardAreReportedEndedAfterTheTimeoutAndOnlyThose()
      throws Exception {
    Node a = new Node("a");
    Node b = new Node("b");
    List<Node> both = List.of(a, b);
    tick(HEARTBEAT, both, both);
    RecordingSessionId first = a.call();
    RecordingSessionId second = a.call();
    RecordingSessionId done = a.call();
    a.recordings.end(
        done, EndReason.SRC_BYE); // ended normally: its own session.ended was published
    RecordingSessionId onB = b.call();
    assertThat(b.watch.peers())
        .containsEntry(new NodeId("a"), 2); // told at once, before any heartbeat
    tick(HEARTBEAT, both, both);

    // a dies: b keeps beating, a says nothing more.
    tick(HEARTBEAT, List.of(b), both);
    tick(HEARTBEAT, List.of(b), both);
    assertThat(b.reported).as("3 s since a was last heard: not more than the timeout").isEmpty();
    tick(Duration.ofMillis(250), List.of(b), List.of(b));
    assertThat(b.lost()).containsExactlyInAnyOrder(first, second);
    SessionEvent.SessionLost event = (SessionEvent.SessionLost) b.reported.get(0);
    assertThat(event.lostNode()).isEqualTo(new NodeId("a"));
    assertThat(event.reportedBy()).isEqualTo(new NodeId("b"));
    assertThat(event.lastHeard()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
    assertThat(b.lost()).doesNotContain(onB, done);
    assertThat(b.watch.peers()).isEmpty();

    tick(Duration.ofSeconds(10), List.of(b), List.of(b));
    assertThat(b.reported).as("reported once").hasSize(2);
  }

  @Test
  void aNodeRestartedUnderTheSameIdHasTheOldRunsSessionsReportedAtOnce() throws Exception {
    Node a = new Node("a");
    Node b = new Node("b");
    tick(HEARTBEAT, List.of(a, b), List.of(a, b));
    RecordingSessionId cutOff = a.call();
    tick(HEARTBEAT, List.of(a, b), List.of(a, b));

    Node again = new Node("a"); // the same id, a new run, before the timeout ran out
    again.watch.beat();
    assertThat(b.lost()).containsExactly(cutOff);
    assertThat(again.reported).as("a node never reports its own sessions").isEmpty();
    assertThat(b.watch.peers()).containsEntry(new NodeId("a"), 0);
  }

  @Test
  void aNodeThatDoesNotHearItselfDeclaresNobodyLostAndGivesTheOthersAFreshTimeoutWhenBack()
      throws Exception {
    Node a = new Node("a");
    Node b = new Node("b");
    List<Node> both = List.of(a, b);
    tick(HEARTBEAT, both, both);
    RecordingSessionId onA = a.call();
    tick(HEARTBEAT, both, both);

    b.tap.deaf = true; // b is cut off from the broker: it hears nobody, itself included
    for (int i = 0; i < 6; i++) {
      tick(HEARTBEAT, both, both);
    }
    assertThat(b.reported).isEmpty();
    b.tap.deaf = false;
    tick(HEARTBEAT, List.of(b), both); // b hears itself, not yet a
    assertThat(b.reported).as("a gets a fresh timeout").isEmpty();
    tick(HEARTBEAT, both, both);
    assertThat(b.reported).isEmpty();
    assertThat(b.watch.peers()).containsEntry(new NodeId("a"), 1);
    assertThat(a.registry.find(onA)).isPresent();
  }

  /** The broker's topic: whatever a tap sends, every tap that is not deaf receives, at once. */
  private static final class Bus {
    private final List<Tap> taps = new ArrayList<>();

    Tap tap() {
      Tap t = new Tap();
      taps.add(t);
      return t;
    }

    final class Tap implements ClusterChannel {
      boolean deaf;
      Consumer<NodeNews> listener;

      @Override
      public void listen(Consumer<NodeNews> listener) {
        this.listener = listener;
      }

      @Override
      public void send(NodeNews news) {
        if (deaf) {
          return; // cut off both ways
        }
        for (Tap t : List.copyOf(taps)) {
          if (!t.deaf && t.listener != null) {
            t.listener.accept(news);
          }
        }
      }

      @Override
      public void close() {
        taps.remove(this);
      }
    }
  }
}
