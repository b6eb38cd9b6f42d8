package io.siprec.srs.app;

import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionEvents;
import io.siprec.srs.session.cluster.NodeWatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * This node's part in a group of nodes sharing a broker, once started (docs/scale-out.md): our own
 * sessions' starts and ends go to the other nodes through it. Nothing while it is off.
 */
@ApplicationScoped
@Typed(ClusterNode.class)
public class ClusterNode implements SessionEvents {
  private volatile NodeWatch watch;

  void started(NodeWatch watch) {
    this.watch = watch;
  }

  NodeWatch stopped() {
    NodeWatch w = watch;
    watch = null;
    return w;
  }

  @Override
  public void publish(SessionEvent event) {
    NodeWatch w = watch;
    if (w != null) {
      w.publish(event);
    }
  }
}
