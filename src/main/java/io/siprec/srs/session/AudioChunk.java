package io.siprec.srs.session;

/**
 * A slice of one stream's decoded audio, ready to publish: 16-bit signed little-endian mono PCM.
 *
 * @param sequence chunk number within the stream, from 0, without holes (a dropped chunk keeps its number)
 * @param startSample position of the first sample on the stream's timeline, in output samples
 *     since the stream's first packet; a jump from the previous chunk's end is a gap or a pause
 * @param captureTimeMillis wall-clock time (epoch ms) at which the first sample arrived
 * @param pcm the samples; the chunk owns this array
 * @param last true on the stream's final chunk
 * @param attribution who is heard on the stream (from the metadata), as of this chunk
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
    StreamAttribution attribution) {

  public int samples() {
    return pcm.length / 2;
  }
}
