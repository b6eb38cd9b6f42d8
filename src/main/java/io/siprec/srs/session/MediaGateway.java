package io.siprec.srs.session;

/** Port to the media engine: opens one receiving RTP endpoint per recorded stream. */
public interface MediaGateway {

  /**
   * Binds a local port for the stream and starts receiving on it.
   *
   * @throws MediaUnavailableException when no port is free or the socket cannot be opened
   */
  MediaEndpoint open(StreamSpec spec) throws MediaUnavailableException;

  /** The address to advertise in SDP answers (the c= line). */
  String advertisedAddress();

  /**
   * What the media engine needs to know about a stream it is asked to receive.
   *
   * @param start the first chunk's number and position: {@link TimelineStart#ZERO} for a new
   *     stream, where it stopped for a stream added back under a label it had before
   */
  record StreamSpec(RecordingSessionId sessionId, StreamRequest request, TimelineStart start) {
    public StreamSpec {
      if (start == null) {
        start = TimelineStart.ZERO;
      }
    }

    /** A new stream: its chunks from 0. */
    public StreamSpec(RecordingSessionId sessionId, StreamRequest request) {
      this(sessionId, request, TimelineStart.ZERO);
    }
  }
}
