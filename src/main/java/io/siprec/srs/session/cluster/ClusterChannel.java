package io.siprec.srs.session.cluster;

import java.util.function.Consumer;

/**
 * Port to the medium the nodes sharing a broker talk over. Every node hears what every node, itself
 * included, sends; hearing its own news is how a node knows the medium works.
 */
public interface ClusterChannel extends AutoCloseable {

  /** Starts delivering what any node sends to {@code listener}, on a thread of the channel's. */
  void listen(Consumer<NodeNews> listener);

  /**
   * Sends without blocking the caller; news that cannot go now is dropped (the next heartbeat
   * repairs it).
   */
  void send(NodeNews news);

  @Override
  void close();
}
