package io.siprec.srs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.Leg2Senders;
import io.siprec.srs.testsupport.MarkerCall;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.TestPorts;
import io.siprec.srs.testsupport.broker.StandaloneBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scale-out on one machine: a standalone Artemis broker, two packaged servers publishing to it
 * (nodes {@code node-a} and {@code node-b}), SIPp calls on both and one consumer for all. Every
 * stream of every call reaches the consumer, tagged with the node that recorded it; then node A is
 * killed with SIGKILL while its calls are up, node B reports them ended (NODE_LOST) within the node
 * timeout, and new calls on node B are recorded as before. Node A, started again under its id, is a
 * new run with none of the old run's sessions, and records again.
 */
class ScaleOutIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int HEARTBEAT_MS = 500;
  private static final int NODE_TIMEOUT_MS = 1500;

  /** Calls per node in the first round: siprec_long_calls.xml, 10 s each. */
  private static final int CALLS = 3;

  private static final List<String> LEGS = List.of("1", "2");

  @Test
  void callsSpreadOverTwoNodesAllReachTheConsumerAndALostNodesCallsAreReportedEnded()
      throws Exception {
    try (StandaloneBroker broker = StandaloneBroker.named("scale-out").start()) {
      CompletableFuture<SrsServerProcess> startingA =
          CompletableFuture.supplyAsync(() -> node("a", broker));
      SrsServerProcess b = node("b", broker);
      SrsServerProcess a = startingA.join();
      try (JmsProbe jms = new JmsProbe(broker.url());
          Leg2Senders legsA = new Leg2Senders(a, 500);
          Leg2Senders legsB = new Leg2Senders(b, 500)) {
        awaitLog(b, "node node-b sees node node-a");
        awaitLog(a, "node node-a sees node node-b");

        // Round one: three calls on each node, both legs streaming (SIPp leg 1, our sender leg 2).
        Sipp sippA =
            Sipp.scenario("siprec_long_calls.xml")
                .against(a)
                .set("portfile", legsA.portFile())
                .calls(CALLS, 5, CALLS)
                .start();
        Sipp sippB =
            Sipp.scenario("siprec_long_calls.xml")
                .against(b)
                .set("portfile", legsB.portFile())
                .calls(CALLS, 5, CALLS)
                .start();
        legsA.followAnswers(CALLS);
        legsB.followAnswers(CALLS);
        Set<String> onA = awaitStarted(jms, "node-a", CALLS);
        Set<String> onB = awaitStarted(jms, "node-b", CALLS);
        assertThat(onA)
            .as("session ids are distinct across nodes")
            .doesNotContainAnyElementsOf(onB);

        // Node A's calls are up and both their streams reach the consumer; then A dies.
        for (String id : onA) {
          for (String leg : LEGS) {
            awaitChunks(jms, id, leg, 10);
          }
        }
        long killedAt = System.currentTimeMillis();
        a.kill();
        sippA.kill(); // its BYEs would go to a dead node for half a minute
        long lostWithin = NODE_TIMEOUT_MS + HEARTBEAT_MS + 1500;
        long lastReported = 0;
        for (String id : onA) {
          JmsProbe.Event ended =
              jms.awaitEvent(id, "session.ended", Duration.ofMillis(lostWithin + 5000));
          lastReported = Math.max(lastReported, ended.receivedAtMillis() - killedAt);
          assertThat(ended.json().getString("reason")).isEqualTo("NODE_LOST");
          assertThat(ended.json().getString("lostNode")).isEqualTo("node-a");
          assertThat(ended.json().getString("reportedBy")).isEqualTo("node-b");
          assertThat(ended.nodeId()).as("published by the survivor").isEqualTo("node-b");
          assertThat(ended.json().isNull("session")).isTrue();
          assertThat(ended.duplicateId()).isEqualTo(id + "/node-lost");
        }
        assertThat(lastReported)
            .as("every call of node A reported ended within the bound (ms)")
            .isLessThanOrEqualTo(lostWithin);

        // Node A starts again under its id (below) while new calls go to node B, which takes them
        // while its first ones still run.
        CompletableFuture<SrsServerProcess> restarting =
            CompletableFuture.supplyAsync(() -> node("a", broker, a));
        int mark = jms.mark();
        Sipp sippB2;
        try (Leg2Senders legsB2 = new Leg2Senders(b, 250, b.ports.peerMedia() + 34)) {
          sippB2 =
              Sipp.scenario("siprec_call.xml")
                  .against(b)
                  .localPorts(TestPorts.ephemeral(), b.ports.peerMedia() + 30)
                  .set("portfile", legsB2.portFile())
                  .calls(2, 5, 2)
                  .start();
          legsB2.followAnswers(2);
          assertThat(sippB2.await()).as(sippB2.report()).isZero();
          legsB2.awaitSent();
        }
        assertThat(sippB.await()).as(sippB.report()).isZero();
        legsB.awaitSent();
        Set<String> afterLoss =
            jms.events().stream()
                .skip(mark)
                .filter(e -> e.type().equals("session.started"))
                .map(JmsProbe.Event::sessionId)
                .collect(Collectors.toSet());
        assertThat(afterLoss).hasSize(2);

        // Every call node B took, before and after A's loss: started, ended by the SRC, both
        // streams complete and closed, everything tagged node-b.
        Set<String> allB = new HashSet<>(onB);
        allB.addAll(afterLoss);
        long chunksB = 0;
        for (String id : allB) {
          JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
          jms.awaitLastChunks(id, WAIT, "1", "2");
          assertThat(ended.json().getString("reason")).isEqualTo("SRC_BYE");
          assertThat(jms.events(id))
              .extracting(JmsProbe.Event::type)
              .containsExactly("session.started", "session.ended");
          assertThat(jms.events(id)).extracting(JmsProbe.Event::nodeId).containsOnly("node-b");
          for (String leg : LEGS) {
            List<JmsProbe.Chunk> chunks = jms.chunks(id, leg);
            assertThat(chunks).extracting(JmsProbe.Chunk::nodeId).containsOnly("node-b");
            assertThat(chunks.stream().mapToLong(JmsProbe.Chunk::droppedBefore).sum())
                .as("%s/%s", id, leg)
                .isZero();
            assertThat(chunks.get(chunks.size() - 1).last()).isTrue();
            assertThat(chunks.stream().filter(c -> c.samples() > 0).count())
                .as("%s/%s has audio", id, leg)
                .isGreaterThanOrEqualTo(40);
            chunksB += chunks.size();
          }
        }
        long chunksA = 0;
        for (String id : onA) {
          assertThat(jms.events(id))
              .extracting(JmsProbe.Event::type)
              .containsExactly("session.started", "session.ended");
          assertThat(jms.events(id).get(0).nodeId()).isEqualTo("node-a");
          for (String leg : LEGS) {
            assertThat(jms.chunks(id, leg))
                .extracting(JmsProbe.Chunk::nodeId)
                .containsOnly("node-a");
            chunksA += jms.chunks(id, leg).size();
          }
        }
        assertThat(b.log()).contains("node node-a not heard from for");

        // Node A comes back under the same id: a new run, with none of the old run's sessions
        // (nothing more is reported lost), and it records again.
        SrsServerProcess again = restarting.join();
        // Leg-2 senders of its own: those of the first run still hold their ports.
        try (Leg2Senders legsAgain = new Leg2Senders(again, 250, again.ports.peerMedia() + 50)) {
          awaitLogCount(b, "node node-b sees node node-a (run", 2);
          // Node B would report the old run's sessions on seeing the new run; a call on B after
          // that
          // is the marker: B's events go out in order, so a report would arrive before its start.
          assertThat(MarkerCall.eventsBefore(b, jms, 0, WAIT))
              .filteredOn(e -> e.json().getString("reason", "").equals("NODE_LOST"))
              .as("sessions reported lost up to a call on node B after it saw the new run")
              .hasSize(CALLS);
          int markAgain = jms.mark();
          Sipp sippAgain =
              Sipp.scenario("siprec_call.xml")
                  .against(again)
                  .set("portfile", legsAgain.portFile())
                  .start();
          legsAgain.followAnswers(1);
          assertThat(sippAgain.await()).as(sippAgain.report()).isZero();
          legsAgain.awaitSent();
          String id = jms.awaitSessionStartedAfter(markAgain, WAIT);
          jms.awaitEvent(id, "session.ended", WAIT);
          jms.awaitLastChunks(id, WAIT, "1", "2");
          assertThat(jms.events(id)).extracting(JmsProbe.Event::nodeId).containsOnly("node-a");
          assertThat(jms.events(id).get(1).json().getString("reason")).isEqualTo("SRC_BYE");
          assertThat(
                  jms.events().stream()
                      .filter(e -> e.json().getString("reason", "").equals("NODE_LOST")))
              .as("only the first run's three sessions were ever reported lost")
              .hasSize(CALLS);
          assertThat(again.log()).contains("cut off by the previous run");
          System.out.printf(
              "[ScaleOutIT] node A again (new run, ready %d ms after start): seen by node B as a new run, "
                  + "nothing more reported lost, its call %s recorded (%d + %d chunks)%n  %s%n",
              again.readyAfterMillis(),
              id,
              jms.chunks(id, "1").size(),
              jms.chunks(id, "2").size(),
              b.log()
                  .lines()
                  .filter(l -> l.contains("NodeWatch") && l.contains("node node-a"))
                  .collect(Collectors.joining("\n  ")));
        } finally {
          again.close();
        }
        System.out.printf(
            "[ScaleOutIT] node A: %d calls, %d streams, %d chunks until its SIGKILL; its %d calls reported "
                + "ended (NODE_LOST) by node B at most %d ms after the kill (heartbeat %d ms, timeout %d ms); node B: %d calls "
                + "(%d of them after the loss), %d streams, %d chunks, all ended SRC_BYE and closed%n",
            onA.size(),
            onA.size() * 2,
            chunksA,
            onA.size(),
            lastReported,
            HEARTBEAT_MS,
            NODE_TIMEOUT_MS,
            allB.size(),
            afterLoss.size(),
            allB.size() * 2,
            chunksB);
      } finally {
        b.close();
        if (a.isAlive()) {
          a.close();
        }
      }
    }
  }

  private static SrsServerProcess node(String name, StandaloneBroker broker) {
    return node(name, broker, null);
  }

  /**
   * @param earlier a killed node whose ports (and runtime folder) the new one takes; null: fresh
   *     ports
   */
  private static SrsServerProcess node(
      String name, StandaloneBroker broker, SrsServerProcess earlier) {
    SrsServerProcess.Builder builder = SrsServerProcess.named("scale-out-" + name);
    if (earlier != null) {
      builder.onPortsOf(earlier);
    }
    return builder
        .env("SRS_JMS_EMBEDDED_BROKER", "false")
        .env("SRS_JMS_URL", broker.url())
        .env("SRS_NODE_ID", "node-" + name)
        .env("SRS_CLUSTER_HEARTBEAT_MS", String.valueOf(HEARTBEAT_MS))
        .env("SRS_CLUSTER_NODE_TIMEOUT_MS", String.valueOf(NODE_TIMEOUT_MS))
        .start();
  }

  private static Set<String> awaitStarted(JmsProbe jms, String node, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> ids =
          jms.events().stream()
              .filter(e -> e.type().equals("session.started") && node.equals(e.nodeId()))
              .map(JmsProbe.Event::sessionId)
              .collect(Collectors.toSet());
      if (ids.size() >= count) {
        return ids;
      }
      SrsServerProcess.sleepQuietly(50);
    }
    throw new AssertionError(
        "fewer than " + count + " sessions started on " + node + " within " + WAIT);
  }

  private static void awaitChunks(JmsProbe jms, String id, String leg, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (jms.chunks(id, leg).stream().filter(c -> c.samples() > 0).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "stream " + id + "/" + leg + " delivered fewer than " + count + " chunks");
      }
      SrsServerProcess.sleepQuietly(50);
    }
  }

  private static void awaitLogCount(SrsServerProcess node, String line, int times) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (node.log().split(Pattern.quote(line), -1).length - 1 < times) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            node.name + " logged '" + line + "' fewer than " + times + " times:\n" + node.log());
      }
      SrsServerProcess.sleepQuietly(50);
    }
  }

  private static void awaitLog(SrsServerProcess node, String line) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!node.log().contains(line)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(node.name + " never logged '" + line + "':\n" + node.log());
      }
      SrsServerProcess.sleepQuietly(50);
    }
  }
}
