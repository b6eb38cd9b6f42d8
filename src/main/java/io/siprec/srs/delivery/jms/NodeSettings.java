package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.NodeId;
import java.time.Duration;

/** This node's name and its cluster heartbeat, as the settings say (docs/scale-out.md). */
public final class NodeSettings {
  private NodeSettings() {}

  /** srs.node.id, or where the SRCs reach this node: {@code <SIP address>_<SIP port>}. */
  public static NodeId nodeId(Settings settings) {
    String id = settings.get(Setting.NODE_ID);
    if (!id.isEmpty()) {
      return new NodeId(id);
    }
    return NodeId.of(
        settings.getOr(Setting.SIP_PUBLIC_ADDRESS, Setting.SIP_ADDRESS),
        settings.intValue(Setting.SIP_PORT));
  }

  /** Heartbeats only make sense on a broker other nodes share: never with the embedded one. */
  public static boolean clusterEnabled(Settings settings) {
    return !settings.booleanValue(Setting.JMS_EMBEDDED_BROKER)
        && settings.intValue(Setting.CLUSTER_HEARTBEAT_MS) > 0;
  }

  public static Duration heartbeat(Settings settings) {
    return Duration.ofMillis(settings.intValue(Setting.CLUSTER_HEARTBEAT_MS));
  }

  public static Duration nodeTimeout(Settings settings) {
    return Duration.ofMillis(settings.intValue(Setting.CLUSTER_NODE_TIMEOUT_MS));
  }
}
