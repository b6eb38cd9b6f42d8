package io.siprec.srs.testsupport;

import io.siprec.srs.session.MediaEndpoint;
import io.siprec.srs.session.MediaGateway;
import io.siprec.srs.session.MediaUnavailableException;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.session.TimelineStart;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A media gateway for unit tests: endpoints on ports 20000, 20002, ... while capacity lasts. */
public final class FakeMediaGateway implements MediaGateway {
  public final List<Endpoint> open = new ArrayList<>();

  /** Every stream asked for, in order (also those refused for capacity). */
  public final List<StreamSpec> asked = new ArrayList<>();

  public int capacity = Integer.MAX_VALUE;
  private int nextPort = 20000;
  private StreamStatistics statistics = StreamStatistics.NONE;

  /** What every endpoint reports from now on. */
  public void reportStatistics(StreamStatistics s) {
    statistics = s;
  }

  @Override
  public MediaEndpoint open(StreamSpec spec) throws MediaUnavailableException {
    asked.add(spec);
    if (open.size() >= capacity) {
      throw new MediaUnavailableException("no free RTP port", null);
    }
    Endpoint e = new Endpoint(nextPort);
    nextPort += 2;
    open.add(e);
    return e;
  }

  @Override
  public String advertisedAddress() {
    return "192.0.2.99";
  }

  /** An endpoint that remembers what it was told. */
  public final class Endpoint implements MediaEndpoint {
    public final int port;
    public boolean paused;
    public StreamAttribution attribution = StreamAttribution.UNKNOWN;

    /** Where its chunks stopped, as {@link #end} says once closed: set by tests. */
    public TimelineStart endsAt = TimelineStart.ZERO;

    public boolean closed;
    public int reconfigured;

    /** What {@link #quietFor} answers: set by tests of liveness. */
    public Duration quiet = Duration.ZERO;

    Endpoint(int port) {
      this.port = port;
    }

    @Override
    public int localPort() {
      return port;
    }

    @Override
    public void reconfigure(StreamRequest request) {
      reconfigured++;
    }

    @Override
    public void attribute(StreamAttribution a) {
      attribution = a;
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
    }

    @Override
    public StreamStatistics statistics() {
      return statistics;
    }

    @Override
    public Duration quietFor() {
      return quiet;
    }

    @Override
    public StreamStatistics close() {
      open.remove(this);
      closed = true;
      return statistics;
    }

    @Override
    public TimelineStart end() {
      return endsAt;
    }

    @Override
    public int timelineRate() {
      return 16000;
    }
  }
}
