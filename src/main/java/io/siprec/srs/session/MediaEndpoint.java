package io.siprec.srs.session;

import io.siprec.srs.session.metadata.StreamAttribution;
import java.time.Duration;

/** One receiving RTP endpoint. Thread-safe: signalling threads call it while media flows. */
public interface MediaEndpoint {

  int localPort();

  /** Applies a new offer for the stream: payload formats (a codec change), SRTP keys (a rekey). */
  void reconfigure(StreamRequest request);

  /** Who is heard on this stream; stamped on every chunk from now on. */
  void attribute(StreamAttribution attribution);

  /** Stops publishing audio: packets still arriving are counted, not decoded. */
  void pause();

  void resume();

  StreamStatistics statistics();

  /** Time since the last packet arrived (since the endpoint opened, if none yet). */
  Duration quietFor();

  /**
   * Publishes what is buffered as the stream's last chunk, releases the port and returns the final
   * figures. Waits (bounded) until the last chunk is handed to the audio sink. Idempotent.
   */
  StreamStatistics close();

  /**
   * Where the stream's chunks stopped, after {@link #close}: the next chunk number and the position
   * just past the last sample published. {@link TimelineStart#ZERO} for an engine that does not say
   * (a re-added stream then starts over).
   */
  default TimelineStart end() {
    return TimelineStart.ZERO;
  }

  /** Output samples per second of the stream's timeline; 0 when not known. */
  default int timelineRate() {
    return 0;
  }
}
