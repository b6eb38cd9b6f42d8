package io.siprec.srs.session;

import java.util.List;

/** One receiving RTP endpoint. Thread-safe: signalling threads call it while media flows. */
public interface MediaEndpoint {

  int localPort();

  /** Replaces the accepted payload formats (a re-INVITE may change the codec). */
  void reconfigure(List<PayloadFormat> formats);

  /** Who is heard on this stream; stamped on every chunk from now on. */
  void attribute(StreamAttribution attribution);

  /** Stops publishing audio: packets still arriving are counted, not decoded. */
  void pause();

  void resume();

  StreamStatistics statistics();

  /**
   * Publishes what is buffered as the stream's last chunk, releases the port and returns the
   * final figures. Waits (bounded) until the last chunk is handed to the audio sink. Idempotent.
   */
  StreamStatistics close();
}
