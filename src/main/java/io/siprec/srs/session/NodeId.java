package io.siprec.srs.session;

/** One recording server among those that share a broker, as named by srs.node.id. */
public record NodeId(String value) {
  public NodeId {
    if (value == null || !value.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("invalid node id: " + value);
    }
  }

  /** The default name of a node: where its SRCs reach it, {@code 10.0.0.5_5060}. */
  public static NodeId of(String sipAddress, int sipPort) {
    return new NodeId(sipAddress.replaceAll("[^A-Za-z0-9.-]", "-") + "_" + sipPort);
  }

  @Override
  public String toString() {
    return value;
  }
}
