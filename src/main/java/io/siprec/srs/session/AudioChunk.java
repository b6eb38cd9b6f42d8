package io.siprec.srs.session;

import io.siprec.srs.session.metadata.StreamAttribution;

/**
 * A slice of decoded audio, ready to publish: 16-bit signed little-endian PCM of one stream (mono),
 * or of a session's stereo mix (two channels interleaved, left first).
 *
 * @param sequence chunk number within the stream, from 0, without holes (a dropped chunk keeps its
 *     number)
 * @param startSample position of the first sample (frame, for the mix) on the stream's timeline, in
 *     output samples since the stream's first packet (the mix: since the session started); a jump
 *     from the previous chunk's end is a gap or a pause
 * @param captureTimeMillis wall-clock time (epoch ms) at which the first sample arrived
 * @param pcm the samples; the chunk owns this array
 * @param last true on the stream's final chunk
 * @param attribution who is heard on the stream (from the metadata), as of this chunk
 * @param channels 1 for a stream, 2 for the stereo mix
 * @param layout for the mix: which stream is on which channel; {@link ChannelLayout#MONO} otherwise
 * @param srcCaptureTimeMillis when the first sample was captured by the SRC's own clock (epoch ms),
 *     from the RTCP sender reports' mapping of RTP time to wall-clock time; -1 until one arrived
 */
public record AudioChunk(
    RecordingSessionId sessionId,
    StreamLabel label,
    long sequence,
    int sampleRate,
    long startSample,
    long captureTimeMillis,
    byte[] pcm,
    boolean last,
    StreamAttribution attribution,
    int channels,
    ChannelLayout layout,
    long srcCaptureTimeMillis) {

  /** A mono chunk of one stream. */
  public AudioChunk(
      RecordingSessionId sessionId,
      StreamLabel label,
      long sequence,
      int sampleRate,
      long startSample,
      long captureTimeMillis,
      byte[] pcm,
      boolean last,
      StreamAttribution attribution) {
    this(
        sessionId,
        label,
        sequence,
        sampleRate,
        startSample,
        captureTimeMillis,
        pcm,
        last,
        attribution,
        1,
        ChannelLayout.MONO,
        -1);
  }

  /** Samples per channel. */
  public int samples() {
    return pcm.length / 2 / channels;
  }

  /**
   * Which streams a stereo mix carries on its left and right channel, by label (empty when nothing
   * was heard on that side yet).
   */
  public record ChannelLayout(String left, String right) {
    public static final ChannelLayout MONO = new ChannelLayout("", "");
  }
}
