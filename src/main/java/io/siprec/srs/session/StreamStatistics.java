package io.siprec.srs.session;

/**
 * Figures for one stream, read live and reported at the end. Packet counts are of RTP packets
 * that reached the stream's port; sample counts are in output samples at {@code sampleRate}.
 *
 * @param packetsLost sequence numbers never received (declared lost by the reorder buffer)
 * @param packetsLate arrived after their place in the sequence had passed
 * @param packetsDuplicate arrived twice
 * @param packetsReordered arrived out of order but in time to be put back in place
 * @param packetsMalformed datagrams that were not valid RTP
 * @param packetsUnknownPayload RTP packets with a payload type not negotiated for this stream
 * @param packetsWhilePaused arrived while recording was paused (not published)
 * @param packetsForeignSource from another source than the one the stream latched on
 * @param packetsNonAudio telephone-events, comfort-noise descriptors, multiplexed RTCP
 * @param decodeErrors payloads the decoder rejected
 * @param srtpAuthFailures SRTP packets whose authentication tag did not verify
 * @param ssrcChanges times the SRC switched to a new synchronisation source
 * @param dtmfEvents DTMF key presses received
 * @param jitterMillis RFC 3550 interarrival jitter estimate
 * @param samplesExpected audio the stream should have held while recording (its timeline's length)
 * @param samplesDecoded audio decoded from packets that arrived
 * @param samplesConcealed audio filled in for lost packets (codec concealment or silence)
 * @param samplesComfortNoise audio filled in for silence the SRC signalled (G.729B SID, RFC 3389)
 * @param pausedMillis time the stream was paused by signalling
 * @param rtcp what the stream's RTCP said
 */
public record StreamStatistics(
    long packetsReceived,
    long packetsDecoded,
    long packetsLost,
    long packetsLate,
    long packetsDuplicate,
    long packetsReordered,
    long packetsMalformed,
    long packetsUnknownPayload,
    long packetsWhilePaused,
    long packetsForeignSource,
    long packetsNonAudio,
    long decodeErrors,
    long srtpAuthFailures,
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

  public static final StreamStatistics NONE =
      new StreamStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, RtcpFigures.NONE);

  /** Share of the expected audio that arrived (or was signalled silence), 0 to 1; 1 with nothing expected. */
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
