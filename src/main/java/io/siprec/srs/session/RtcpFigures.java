package io.siprec.srs.session;

/**
 * What a stream's RTCP said (RFC 3550 §6.4). Figures the SRC never sent are -1.
 *
 * @param packets compound RTCP packets read (on the RTCP port, or multiplexed on the RTP port)
 * @param malformed datagrams that were not valid compound RTCP
 * @param authFailures SRTCP packets refused: the tag did not verify, an unknown MKI, a replay, or a
 *     master key past its lifetime
 * @param srcPacketsSent the sender's packet count in its latest sender report: set against the
 *     packets received, it tells loss on the way from loss inside the SRS
 * @param srcOctetsSent the sender's payload octet count in its latest sender report
 * @param reportedFractionLost fraction lost in the latest report block, 0 to 1
 * @param reportedCumulativeLost cumulative packets lost in the latest report block
 * @param reportedJitterMillis interarrival jitter in the latest report block
 */
public record RtcpFigures(
    long packets,
    long malformed,
    long authFailures,
    long senderReports,
    long receiverReports,
    long byes,
    long srcPacketsSent,
    long srcOctetsSent,
    double reportedFractionLost,
    long reportedCumulativeLost,
    double reportedJitterMillis) {

  public static final RtcpFigures NONE = new RtcpFigures(0, 0, 0, 0, 0, 0, -1, -1, -1, 0, -1);
}
