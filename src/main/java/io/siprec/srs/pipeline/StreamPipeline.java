package io.siprec.srs.pipeline;

import io.siprec.srs.pipeline.stages.ChunkStage;
import io.siprec.srs.pipeline.stages.ComfortNoiseStage;
import io.siprec.srs.pipeline.stages.DecodeAndConcealStage;
import io.siprec.srs.pipeline.stages.DtmfStage;
import io.siprec.srs.pipeline.stages.PayloadDemux;
import io.siprec.srs.pipeline.stages.PublishStage;
import io.siprec.srs.pipeline.stages.ReorderStage;
import io.siprec.srs.pipeline.stages.ResampleStage;
import io.siprec.srs.pipeline.stages.TimelineStage;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One stream's media path after ingress, as a chain of stages ({@link Builder#build} states the
 * order): reorder, then by payload type DTMF, comfort noise, or decode and conceal, resample, place
 * on the timeline, chunk and publish. The stereo mix, when on, is fed by the audio sink the publish
 * stage is given. Confined to the stream's receive thread, except {@link #figures} and {@link
 * #attribute}.
 */
public final class StreamPipeline {
  /** Per-server media options. */
  public record Options(int outputRate, int chunkMillis, int reorderDepth, boolean dtmfBlanking) {}

  private final StageClock clock;
  private final ReorderStage reorder;
  private final PayloadDemux demux;
  private final DtmfStage dtmf;
  private final ComfortNoiseStage comfortNoise;
  private final DecodeAndConcealStage decode;
  private final ResampleStage resample;
  private final TimelineStage timeline;
  private final ChunkStage chunk;
  private final PublishStage publish;

  private StreamPipeline(Builder b) {
    Options o = b.options;
    int rate = o.outputRate();
    clock = b.clock;
    StreamTimeline streamClock = new StreamTimeline();
    // Built from the end: each stage is given the one it hands on to.
    publish =
        new PublishStage(b.sessionId, b.label, rate, b.sink, streamClock, b.senderClock, clock);
    chunk =
        new ChunkStage(
            rate, o.chunkMillis(), DecodeAndConcealStage.MAX_CONCEAL_MILLIS, publish, clock);
    timeline = new TimelineStage(rate, chunk, clock);
    resample = new ResampleStage(rate, timeline, clock);
    comfortNoise = new ComfortNoiseStage(clock);
    decode = new DecodeAndConcealStage(rate, streamClock, comfortNoise, resample, timeline, clock);
    dtmf =
        new DtmfStage(
            b.sessionId, b.label, b.events, o.dtmfBlanking(), streamClock, chunk, rate, clock);
    demux = new PayloadDemux(dtmf, comfortNoise, decode, b.decoders, clock);
    reorder = new ReorderStage(o.reorderDepth(), demux, clock);
    demux.configure(b.formats);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The clock the stages are timed with; the ingress starts each datagram on it. */
  public StageClock clock() {
    return clock;
  }

  /** The head of the chain: a valid packet from the ingress. */
  public void accept(ReorderStage.Arrival packet) {
    reorder.accept(packet);
  }

  /**
   * The format negotiated for a payload type, or null (the ingress refuses it: {@link
   * #refuseUnknown}).
   */
  public PayloadFormat formatOf(int payloadType) {
    return demux.formatOf(payloadType);
  }

  /**
   * A packet of a payload type not negotiated: dropped by the demux before it takes a place in the
   * sequence.
   */
  public void refuseUnknown() {
    demux.refuseUnknown();
  }

  /** A new SSRC: the reorder buffer starts a new sequence. */
  public void restart() {
    reorder.restart();
  }

  /** A re-INVITE's formats; decoders of formats that stay are kept. */
  public void configure(List<PayloadFormat> formats) {
    demux.configure(formats);
  }

  /** A pause: everything held goes out, the chunk being filled included. */
  public void flush() {
    clock.stopTiming();
    reorder.flush();
  }

  /** The end: everything held goes out, then the last chunk. */
  public void finish() {
    clock.stopTiming();
    reorder.finish();
  }

  /** Any thread. */
  public void attribute(StreamAttribution attribution) {
    publish.attribute(attribution);
  }

  /** Figures of the stages after ingress, in chain order. Any thread. */
  public List<StageFigures> figures() {
    return List.of(
        reorder.figures(),
        demux.figures(),
        dtmf.figures(),
        comfortNoise.figures(),
        decode.figures(),
        resample.figures(),
        timeline.figures(),
        chunk.figures(),
        publish.figures());
  }

  /** The stream's figures the statistics report under their own names. Any thread. */
  public Totals totals() {
    return new Totals(
        decode.packetsDecoded(),
        timeline.packetsPublished(),
        reorder.lost(),
        reorder.reordered(),
        dtmf.events(),
        decode.samplesExpected(),
        timeline.samplesDecoded(),
        decode.samplesConcealed(),
        decode.samplesComfortNoise(),
        publish.chunksPublished(),
        publish.samplesPublished(),
        decode.lastClockRate());
  }

  /** Figures kept by stages that {@code StreamStatistics} names. */
  public record Totals(
      long packetsDecoded,
      long packetsPublished,
      long packetsLost,
      long packetsReordered,
      long dtmfEvents,
      long samplesExpected,
      long samplesDecoded,
      long samplesConcealed,
      long samplesComfortNoise,
      long chunksPublished,
      long samplesPublished,
      int audioClockRate) {}

  /** States the chain's parts; {@link #build} puts them in order. */
  public static final class Builder {
    private RecordingSessionId sessionId;
    private StreamLabel label;
    private List<PayloadFormat> formats = List.of();
    private Options options;
    private Function<PayloadFormat, Optional<Decoder>> decoders;
    private AudioChunkSink sink;
    private MediaEvents events;
    private PublishStage.SenderClock senderClock = (timestamp, clockRate) -> -1;
    private StageClock clock = new StageClock();

    private Builder() {}

    public Builder stream(RecordingSessionId sessionId, StreamLabel label) {
      this.sessionId = sessionId;
      this.label = label;
      return this;
    }

    public Builder formats(List<PayloadFormat> formats) {
      this.formats = List.copyOf(formats);
      return this;
    }

    public Builder options(Options options) {
      this.options = options;
      return this;
    }

    /** Makes the decoder of an audio format (media/codec), empty for one we cannot decode. */
    public Builder decoders(Function<PayloadFormat, Optional<Decoder>> decoders) {
      this.decoders = decoders;
      return this;
    }

    /** Where the chunks go (JMS, and the stereo mix). */
    public Builder sink(AudioChunkSink sink) {
      this.sink = sink;
      return this;
    }

    /** Where key presses go. */
    public Builder events(MediaEvents events) {
      this.events = events;
      return this;
    }

    /** The sender's wall clock from RTCP, for the chunks' source capture time. */
    public Builder senderClock(PublishStage.SenderClock senderClock) {
      this.senderClock = senderClock;
      return this;
    }

    public Builder clock(StageClock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The chain: reorder -> payload demux -> { dtmf | comfort noise | decode and conceal ->
     * resample -> timeline -> chunk -> publish (-> sink, and the stereo mix) }.
     */
    public StreamPipeline build() {
      Objects.requireNonNull(sessionId, "stream");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(decoders, "decoders");
      Objects.requireNonNull(sink, "sink");
      Objects.requireNonNull(events, "events");
      return new StreamPipeline(this);
    }
  }
}
