package io.siprec.srs.session.cluster;

import io.siprec.srs.session.NodeId;
import io.siprec.srs.session.RecordingSessionId;
import java.util.Set;

/**
 * What the nodes sharing a broker tell each other, so that the sessions of a node that dies without
 * a word are still reported ended. {@code incarnation} tells one run of a node from the next: a
 * node restarted under the same id has a new one and none of the old run's sessions.
 */
public sealed interface NodeNews {
  NodeId node();

  String incarnation();

  /** Sent every heartbeat interval: alive, recording these sessions now. */
  record Presence(NodeId node, String incarnation, Set<RecordingSessionId> live)
      implements NodeNews {
    public Presence {
      live = Set.copyOf(live);
    }
  }

  /** Sent when a session of the node started, so it is known before the next heartbeat. */
  record Started(NodeId node, String incarnation, RecordingSessionId session) implements NodeNews {}

  /** Sent when a session of the node ended and its own session.ended was published. */
  record Ended(NodeId node, String incarnation, RecordingSessionId session) implements NodeNews {}
}
