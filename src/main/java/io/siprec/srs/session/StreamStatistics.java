package io.siprec.srs.session;

/**
 * Figures for one stream, read live and reported at the end.
 *
 * @param packetsReceived RTP packets that reached the stream's port (valid or not)
 * @param packetsDecoded packets decoded into audio
 * @param packetsMalformed datagrams that were not valid RTP
 * @param packetsUnknownPayload RTP packets with a payload type not negotiated for this stream
 * @param packetsWhilePaused packets that arrived while recording was paused (not published)
 * @param packetsLate packets too late for the chunk they belong to
 * @param packetsForeignSource packets from another source than the one the stream latched on
 * @param samplesConcealed output samples filled in for lost packets
 * @param chunksPublished chunks handed to the audio sink
 * @param samplesPublished output samples in those chunks
 * @param sampleRate output sample rate of the chunks (0 before the first decoded packet)
 */
public record StreamStatistics(
    long packetsReceived,
    long packetsDecoded,
    long packetsMalformed,
    long packetsUnknownPayload,
    long packetsWhilePaused,
    long packetsLate,
    long packetsForeignSource,
    long samplesConcealed,
    long chunksPublished,
    long samplesPublished,
    int sampleRate) {

  public static final StreamStatistics NONE = new StreamStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
