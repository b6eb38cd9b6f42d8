package io.siprec.srs.session.cluster;

import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.NodeId;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionEvents;
import io.siprec.srs.session.SessionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the nodes that share a broker aware of each other, so that a node that dies (SIGKILL, host
 * down) still has its recordings reported ended: it cannot publish their session.ended itself.
 *
 * <p>Every node sends its presence every heartbeat interval, with the ids of the sessions it
 * records, and news of each session that starts or ends in between. Every node keeps, per other
 * node, the sessions it last heard of and when. A node not heard from for the timeout is lost: its
 * sessions are published as ended with {@link EndReason#NODE_LOST}. So is a node heard again under
 * a new incarnation (restarted before the timeout): the new run has none of the old one's sessions.
 * Every surviving node reports the same loss; the event publisher gives such an event a
 * duplicate-detection id of its own, so the broker keeps one copy.
 *
 * <p>A node declares nobody lost while it does not hear its own presence come back: then it is the
 * one cut off (broker away, subscription gone), not the others. When it hears itself again the
 * others get a fresh timeout. A node never declares itself lost.
 */
public final class NodeWatch implements SessionEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeWatch.class);

  private final NodeId self;
  private final String incarnation = UUID.randomUUID().toString();
  private final SessionRegistry registry;
  private final ClusterChannel channel;
  private final SessionEvents lostSessions;
  private final Duration heartbeat;
  private final Duration timeout;
  private final Clock clock;

  /** Orders our presence and our news on the channel. */
  private final Object sending = new Object();

  /** The other nodes as last heard, guarded by this. */
  private final Map<NodeId, Peer> peers = new HashMap<>();

  private long selfHeardAtMillis = -1;
  private boolean deafLogged;
  private ScheduledExecutorService timer;

  private static final class Peer {
    String incarnation;
    long heardAtMillis;
    final Set<RecordingSessionId> live = new HashSet<>();

    Peer(String incarnation, long heardAtMillis) {
      this.incarnation = incarnation;
      this.heardAtMillis = heardAtMillis;
    }
  }

  /**
   * @param lostSessions where the "session ended" of a lost node's sessions go: the events feed
   *     only (this node has no archive folder nor timeline of them)
   */
  public NodeWatch(
      NodeId self,
      SessionRegistry registry,
      ClusterChannel channel,
      SessionEvents lostSessions,
      Duration heartbeat,
      Duration timeout,
      Clock clock) {
    if (timeout.compareTo(heartbeat) <= 0) {
      throw new IllegalArgumentException(
          "node timeout " + timeout + " must be longer than the heartbeat " + heartbeat);
    }
    this.self = self;
    this.registry = registry;
    this.channel = channel;
    this.lostSessions = lostSessions;
    this.heartbeat = heartbeat;
    this.timeout = timeout;
    this.clock = clock;
  }

  public NodeId self() {
    return self;
  }

  public String incarnation() {
    return incarnation;
  }

  public void start() {
    channel.listen(this::receive);
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-node-watch");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::beat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    // Checked four times per heartbeat: a loss is seen at most a quarter heartbeat after the
    // timeout.
    long every = Math.max(10, heartbeat.toMillis() / 4);
    timer.scheduleWithFixedDelay(this::safeCheck, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "node {} (run {}): heartbeat every {} ms, a node not heard from for {} ms is lost",
        self,
        incarnation,
        heartbeat.toMillis(),
        timeout.toMillis());
  }

  /** Our presence, with what we record now. Public for tests. */
  public void beat() {
    try {
      // Under the lock our own news is sent with: a start or end that the snapshot missed goes
      // after it, so the others never get an older list after a newer note.
      synchronized (sending) {
        channel.send(
            new NodeNews.Presence(
                self,
                incarnation,
                registry.active().stream().map(RecordingSession::id).collect(Collectors.toSet())));
      }
    } catch (RuntimeException e) {
      LOG.warn("node {}: heartbeat not sent: {}", self, e.toString());
    }
  }

  /**
   * Our own sessions' events: others learn of a start or an end before the next heartbeat. The
   * registry has the change already (the service adds before "started", removes before "ended").
   */
  @Override
  public void publish(SessionEvent event) {
    if (event instanceof SessionEvent.SessionStarted) {
      synchronized (sending) {
        channel.send(new NodeNews.Started(self, incarnation, event.sessionId()));
      }
    } else if (event instanceof SessionEvent.SessionEnded) {
      synchronized (sending) {
        channel.send(new NodeNews.Ended(self, incarnation, event.sessionId()));
      }
    }
  }

  /** What any node, this one included, sent. Public for tests. */
  public void receive(NodeNews news) {
    List<SessionEvent> lost = List.of();
    synchronized (this) {
      long now = clock.millis();
      if (news.node().equals(self)) {
        if (!news.incarnation().equals(incarnation)) {
          LOG.error(
              "another server publishes as node {} on this broker: give each node its own srs.node.id",
              self);
          return;
        }
        if (selfHeardAtMillis >= 0 && now - selfHeardAtMillis > timeout.toMillis()) {
          // We were the ones cut off: what we did not hear from the others says nothing about them.
          peers.values().forEach(p -> p.heardAtMillis = now);
          LOG.info(
              "node {} hears itself again after {} ms: the other nodes get a fresh timeout",
              self,
              now - selfHeardAtMillis);
        }
        selfHeardAtMillis = now;
        deafLogged = false;
        return;
      }
      Peer peer = peers.get(news.node());
      if (peer != null && !peer.incarnation.equals(news.incarnation())) {
        lost = lose(news.node(), peer, "is back as a new run");
        peer = null;
      }
      if (peer == null) {
        peer = new Peer(news.incarnation(), now);
        peers.put(news.node(), peer);
        LOG.info("node {} sees node {} (run {})", self, news.node(), news.incarnation());
      }
      peer.heardAtMillis = now;
      if (news instanceof NodeNews.Presence presence) {
        peer.live.clear();
        peer.live.addAll(presence.live());
      } else if (news instanceof NodeNews.Started started) {
        peer.live.add(started.session());
      } else if (news instanceof NodeNews.Ended ended) {
        peer.live.remove(ended.session());
      }
    }
    lost.forEach(lostSessions::publish);
  }

  private void safeCheck() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.error("node {}: checking the other nodes failed", self, e);
    }
  }

  /** Declares lost the nodes not heard from for the timeout. Public for tests. */
  public void check() {
    List<SessionEvent> lost = new ArrayList<>();
    synchronized (this) {
      long now = clock.millis();
      if (selfHeardAtMillis < 0 || now - selfHeardAtMillis > timeout.toMillis()) {
        if (!deafLogged && selfHeardAtMillis >= 0) {
          LOG.warn(
              "node {} does not hear its own heartbeat through the broker: no node is declared lost until it "
                  + "does",
              self);
          deafLogged = true;
        }
        return;
      }
      for (var it = peers.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<NodeId, Peer> e = it.next();
        if (now - e.getValue().heardAtMillis > timeout.toMillis()) {
          lost.addAll(
              lose(
                  e.getKey(),
                  e.getValue(),
                  "not heard from for " + (now - e.getValue().heardAtMillis) + " ms"));
          it.remove();
        }
      }
    }
    lost.forEach(lostSessions::publish);
  }

  private List<SessionEvent> lose(NodeId node, Peer peer, String why) {
    Instant now = clock.instant();
    Instant lastHeard = Instant.ofEpochMilli(peer.heardAtMillis);
    if (peer.live.isEmpty()) {
      LOG.info("node {} {}: it was recording nothing", node, why);
    } else {
      LOG.warn(
          "node {} {}: its {} session(s) are reported ended (NODE_LOST): {}",
          node,
          why,
          peer.live.size(),
          peer.live);
    }
    List<SessionEvent> out =
        peer.live.stream()
            .map(id -> (SessionEvent) new SessionEvent.SessionLost(id, now, node, lastHeard, self))
            .toList();
    peer.live.clear();
    return out;
  }

  /** The other nodes heard from now, with how many sessions each records. */
  public synchronized Map<NodeId, Integer> peers() {
    Map<NodeId, Integer> out = new HashMap<>();
    peers.forEach((k, v) -> out.put(k, v.live.size()));
    return out;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    channel.close();
  }
}
