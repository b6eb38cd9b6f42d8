package io.siprec.srs.session;

import java.util.List;

/**
 * Figures summed over every stream since start, open ones as they are now and closed ones as they
 * ended; each figure only ever grows.
 *
 * @param packetsPublished audio packets whose samples went into published chunks
 * @param drops packets dropped inside the server, by stage and reason
 * @param streamCapacity streams the RTP port range can hold at once
 * @param stages each stage's figures summed over the streams, in chain order (empty before the
 *     first stream)
 */
public record MediaTotals(
    long packetsReceived,
    long packetsPublished,
    long packetsLost,
    long packetsMalformed,
    long decodeErrors,
    PacketDrops drops,
    long streamsClosed,
    int openStreams,
    int streamCapacity,
    List<StageFigures> stages) {

  public MediaTotals {
    stages = List.copyOf(stages);
  }

  /** Before any stream. */
  public static final MediaTotals NONE =
      new MediaTotals(0, 0, 0, 0, 0, PacketDrops.NONE, 0, 0, 0, List.of());
}
