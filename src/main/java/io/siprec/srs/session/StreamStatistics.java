package io.siprec.srs.session;

import java.util.List;

/**
 * Figures for one stream, read live and reported at the end. Packet counts are of datagrams that
 * reached the stream's RTP port; sample counts are in output samples at {@code sampleRate}.
 *
 * <p>Every packet received is accounted for, once: once the stream has ended (nothing held in its
 * reorder buffer), {@code packetsReceived = packetsPublished + packetsNonAudio + packetsWhilePaused
 * + drops.total()}. A packet whose audio was decoded but came too late for the timeline is in
 * {@code packetsDecoded} and in the drops ({@link PacketDrop#TIMELINE_LATE}), not in the published.
 *
 * @param packetsDecoded audio packets the decoder turned into samples
 * @param packetsPublished audio packets whose samples went into the chunks handed to the delivery
 *     channels (what the JMS publisher or the archive then did with a chunk is theirs to count)
 * @param packetsLost sequence numbers never received: loss before the server, declared by the
 *     reorder buffer (not a drop inside the server)
 * @param packetsReordered arrived out of order but in time to be put back in place
 * @param packetsWhilePaused arrived while recording was paused by signalling: discarded by design
 * @param packetsNonAudio telephone events, comfort-noise descriptors, multiplexed RTCP: consumed
 * @param drops packets dropped inside the server, by stage and reason
 * @param receiveErrors failed socket reads (no packet was read, so none is counted above)
 * @param ssrcChanges times the SRC switched to a new synchronisation source
 * @param dtmfEvents DTMF key presses received
 * @param jitterMillis RFC 3550 interarrival jitter estimate
 * @param samplesExpected audio the stream should have held while recording (its timeline's length)
 * @param samplesDecoded audio decoded from packets that arrived and was placed on the timeline
 * @param samplesConcealed audio filled in for lost packets (codec concealment or silence)
 * @param samplesComfortNoise audio filled in for silence the SRC signalled (G.729B SID, RFC 3389)
 * @param chunksPublished chunks handed to the delivery channels
 * @param samplesPublished samples in those chunks (decoded, concealed and comfort noise)
 * @param pausedMillis time the stream was paused by signalling
 * @param rtcp what the stream's RTCP said
 * @param stages what each stage of the stream's media path did, in chain order (empty for a stream
 *     that was never received)
 */
public record StreamStatistics(
    long packetsReceived,
    long packetsDecoded,
    long packetsPublished,
    long packetsLost,
    long packetsReordered,
    long packetsWhilePaused,
    long packetsNonAudio,
    PacketDrops drops,
    long receiveErrors,
    long ssrcChanges,
    long dtmfEvents,
    double jitterMillis,
    int sampleRate,
    long samplesExpected,
    long samplesDecoded,
    long samplesConcealed,
    long samplesComfortNoise,
    long chunksPublished,
    long samplesPublished,
    long pausedMillis,
    RtcpFigures rtcp,
    List<StageFigures> stages) {

  public static final StreamStatistics NONE =
      new StreamStatistics(
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          PacketDrops.NONE,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          RtcpFigures.NONE);

  public StreamStatistics {
    stages = List.copyOf(stages);
  }

  /** Figures without stage figures (a stream not received through the media path). */
  public StreamStatistics(
      long packetsReceived,
      long packetsDecoded,
      long packetsPublished,
      long packetsLost,
      long packetsReordered,
      long packetsWhilePaused,
      long packetsNonAudio,
      PacketDrops drops,
      long receiveErrors,
      long ssrcChanges,
      long dtmfEvents,
      double jitterMillis,
      int sampleRate,
      long samplesExpected,
      long samplesDecoded,
      long samplesConcealed,
      long samplesComfortNoise,
      long chunksPublished,
      long samplesPublished,
      long pausedMillis,
      RtcpFigures rtcp) {
    this(
        packetsReceived,
        packetsDecoded,
        packetsPublished,
        packetsLost,
        packetsReordered,
        packetsWhilePaused,
        packetsNonAudio,
        drops,
        receiveErrors,
        ssrcChanges,
        dtmfEvents,
        jitterMillis,
        sampleRate,
        samplesExpected,
        samplesDecoded,
        samplesConcealed,
        samplesComfortNoise,
        chunksPublished,
        samplesPublished,
        pausedMillis,
        rtcp,
        List.of());
  }

  /** Packets dropped inside the server, every stage and reason. */
  public long packetsDropped() {
    return drops.total();
  }

  /** Arrived after their place in the sequence had passed. */
  public long packetsLate() {
    return drops.count(PacketDrop.REORDER_LATE);
  }

  /** Arrived twice. */
  public long packetsDuplicate() {
    return drops.count(PacketDrop.REORDER_DUPLICATE);
  }

  /** Datagrams that were not valid RTP, or cut short by the receive buffer. */
  public long packetsMalformed() {
    return drops.count(PacketDrop.INGRESS_TRUNCATED) + drops.count(PacketDrop.INGRESS_MALFORMED);
  }

  /** RTP packets with a payload type not negotiated for this stream. */
  public long packetsUnknownPayload() {
    return drops.count(PacketDrop.DEMUX_UNKNOWN_PAYLOAD_TYPE);
  }

  /** From another source than the one the stream latched on. */
  public long packetsForeignSource() {
    return drops.count(PacketDrop.INGRESS_FOREIGN_SOURCE);
  }

  /** Payloads the decoder rejected. */
  public long decodeErrors() {
    return drops.count(PacketDrop.DECODE_ERROR);
  }

  /** SRTP packets whose authentication tag did not verify. */
  public long srtpAuthFailures() {
    return drops.count(PacketDrop.INGRESS_SRTP_AUTHENTICATION);
  }

  /**
   * Share of the expected audio that arrived (or was signalled silence), 0 to 1; 1 with nothing
   * expected.
   */
  public double completeness() {
    if (samplesExpected <= 0) {
      return 1.0;
    }
    return Math.min(1.0, (double) (samplesDecoded + samplesComfortNoise) / samplesExpected);
  }

  public long concealedMillis() {
    return sampleRate == 0 ? 0 : samplesConcealed * 1000 / sampleRate;
  }
}
