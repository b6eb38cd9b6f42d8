package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.pipeline.PayloadRoute;
import io.siprec.srs.pipeline.PcmBlock;
import io.siprec.srs.pipeline.PcmScratch;
import io.siprec.srs.pipeline.ReorderBuffer;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.pipeline.StreamTimeline;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.StageFigures;
import java.nio.ByteBuffer;

/**
 * Decodes each audio packet, and fills the timeline between the last audio and a packet: comfort
 * noise when the SRC said it would go quiet (DTX, RFC 3389), the codec's concealment (or FEC) when
 * packets were lost, nothing when the hole is too long to pretend (the chunk boundary shows the
 * gap). Hands on native-rate blocks marked with their timeline position, and a run end (gap,
 * another codec, pause, end) for the resample stage to drain its filter.
 *
 * <p>Keeps {@code expectedPosition}, the end of the audio placed so far, to see holes; after
 * handing a block on it reads what the resample stage made of it and whether the timeline placed it
 * (the late drop is counted there).
 */
public final class DecodeAndConcealStage implements Stage<ReorderBuffer.Slot> {
  /** Losses are concealed up to this; longer holes become visible gaps. */
  public static final long MAX_CONCEAL_MILLIS = 1000;

  /** Signalled silence (DTX) is filled with comfort noise up to this. */
  private static final long MAX_COMFORT_NOISE_MILLIS = 30_000;

  private static final int SAMPLES_CONCEALED = 0;
  private static final int SAMPLES_COMFORT_NOISE = 1;
  private static final int SAMPLES_EXPECTED = 2;

  private final int outputRate;
  private final StreamTimeline timeline;
  private final ComfortNoiseStage comfortNoise;
  private final ResampleStage next;
  private final TimelineStage placing;
  private final StageClock clock;
  private final StageMeter meter =
      StageMeter.forPackets(
          "decode", "samples-concealed", "samples-comfort-noise", "samples-expected");
  private final PcmBlock block = new PcmBlock();
  private PayloadRoute lastAudio;
  private boolean inRun; // a run of converted audio is open (see PcmBlock.startsRun)
  private long expectedPosition = -1; // end of the audio placed so far on the timeline

  public DecodeAndConcealStage(
      int outputRate,
      StreamTimeline timeline,
      ComfortNoiseStage comfortNoise,
      ResampleStage next,
      TimelineStage placing,
      StageClock clock) {
    this.outputRate = outputRate;
    this.timeline = timeline;
    this.comfortNoise = comfortNoise;
    this.next = next;
    this.placing = placing;
    this.clock = clock;
  }

  @Override
  public void accept(ReorderBuffer.Slot p) {
    StageMeter caller = clock.enter(meter);
    meter.in();
    decode(p);
    clock.leave(caller);
  }

  private void decode(ReorderBuffer.Slot p) {
    PayloadRoute route = p.route;
    Decoder decoder = route.decoder();
    int samples = decoder.samplesIn(p.length);
    if (samples < 0 || samples > PcmScratch.MAX_NATIVE) {
      // an impossible length, or more audio than any real packet carries (120 ms at 48 kHz)
      meter.drop(PacketDrop.DECODE_ERROR);
      return;
    }
    ByteBuffer payload = p.payloadView;
    short[] nativeSamples = PcmScratch.get().nativeSamples;
    int clockRate = route.format().clockRate();
    long position = timeline.position(p.ssrc, p.timestamp, clockRate, outputRate, p.arrivalNanos);
    if (expectedPosition >= 0
        && position > expectedPosition
        && !fillHole(route, payload, p, position - expectedPosition, p.lostBefore, nativeSamples)) {
      endRun(); // a gap: the audio before it ends where it ends
    }
    if (lastAudio != route && lastAudio != null) {
      endRun(); // another codec: the old filter's history is not this audio's past
    }
    int n = decoder.decode(payload, 0, p.length, nativeSamples, 0);
    if (n < 0) {
      meter.drop(PacketDrop.DECODE_ERROR);
      return;
    }
    meter.out();
    boolean startsRun = !inRun;
    inRun = true;
    lastAudio = route;
    timeline.audioClockRate(clockRate);
    comfortNoise.audioResumed();
    describe(
        PcmBlock.Kind.DECODED,
        nativeSamples,
        n,
        decoder.sampleRate(),
        position,
        Integer.MAX_VALUE,
        p.arrivalMillis,
        -1);
    block.startsRun = startsRun;
    next.accept(block);
    int out = next.lastOutput();
    if (placing.lastPlaced()) {
      countExpected(position, out);
    }
    timeline.placed(position, position + out);
  }

  /**
   * @return false if the hole was left open
   */
  private boolean fillHole(
      PayloadRoute route,
      ByteBuffer payload,
      ReorderBuffer.Slot p,
      long holeOut,
      int lostBefore,
      short[] nativeSamples) {
    Decoder source = lastAudio != null ? lastAudio.decoder() : route.decoder();
    boolean dtx = comfortNoise.signalled() || source.inDiscontinuousTransmission();
    long limit = (dtx ? MAX_COMFORT_NOISE_MILLIS : MAX_CONCEAL_MILLIS) * outputRate / 1000;
    if (holeOut > limit || (!dtx && lostBefore == 0 && holeOut > outputRate / 50) || !inRun) {
      // Too long to fill, or a jump nobody lost packets for (the timeline re-anchored): a gap.
      return false;
    }
    long done = 0;
    int nativeRate = source.sampleRate();
    Decoder decoder = route.decoder();
    // The packet's arrival is when its last sample was captured; a piece of the hole ends earlier.
    int packetSamples = Math.max(0, decoder.samplesIn(p.length));
    long packetEnd =
        expectedPosition + holeOut + (long) packetSamples * outputRate / decoder.sampleRate();
    int maxOut = PcmScratch.get().outputSamples.length / 2;
    while (done < holeOut) {
      int wantOut = (int) Math.min(holeOut - done, maxOut);
      int wantNative = (int) Math.max(1, (long) wantOut * nativeRate / outputRate);
      wantNative = Math.min(wantNative, PcmScratch.MAX_NATIVE);
      int got = 0;
      if (!dtx && done + wantOut >= holeOut && lostBefore > 0) {
        // The frame just before this packet may ride in it as FEC (Opus).
        got = decoder.recoverPrevious(payload, 0, p.length, nativeSamples, 0, wantNative);
      }
      if (got <= 0) {
        got =
            dtx && comfortNoise.signalled()
                ? comfortNoise.fill(nativeSamples, 0, wantNative)
                : source.conceal(nativeSamples, 0, wantNative);
      }
      describe(
          dtx ? PcmBlock.Kind.COMFORT_NOISE : PcmBlock.Kind.CONCEALED,
          nativeSamples,
          got,
          nativeRate,
          expectedPosition + done,
          (int) (holeOut - done),
          p.arrivalMillis,
          packetEnd);
      next.accept(block);
      int out = next.lastOutput();
      meter.count(dtx ? SAMPLES_COMFORT_NOISE : SAMPLES_CONCEALED, out);
      done += Math.max(out, 1);
    }
    countExpected(expectedPosition, (int) holeOut);
    return true;
  }

  private void describe(
      PcmBlock.Kind kind,
      short[] samples,
      int count,
      int rate,
      long position,
      int outputLimit,
      long packetEndMillis,
      long packetEnd) {
    block.kind = kind;
    block.samples = samples;
    block.offset = 0;
    block.count = count;
    block.rate = rate;
    block.position = position;
    block.startsRun = false;
    block.outputLimit = outputLimit;
    block.expectedBefore = expectedPosition;
    block.packetEndMillis = packetEndMillis;
    block.packetEnd = packetEnd;
  }

  /** Ends the run of converted audio: the resample stage drains its filter onto the timeline. */
  private void endRun() {
    if (inRun && lastAudio != null && expectedPosition >= 0) {
      describe(
          PcmBlock.Kind.RUN_END,
          PcmScratch.get().nativeSamples,
          0,
          lastAudio.decoder().sampleRate(),
          expectedPosition,
          Integer.MAX_VALUE,
          0,
          -1);
      next.accept(block);
    }
    inRun = false;
  }

  private void countExpected(long position, int samples) {
    long end = position + samples;
    if (expectedPosition < 0) {
      meter.count(SAMPLES_EXPECTED, samples);
    } else if (end > expectedPosition) {
      meter.count(
          SAMPLES_EXPECTED,
          end - Math.max(position, expectedPosition) + Math.max(0, position - expectedPosition));
    }
    expectedPosition = Math.max(expectedPosition, end);
  }

  @Override
  public void flush() {
    endRun();
    expectedPosition = -1;
    next.flush();
  }

  @Override
  public void finish() {
    endRun();
    next.finish();
  }

  public long samplesConcealed() {
    return meter.figure(SAMPLES_CONCEALED);
  }

  public long samplesComfortNoise() {
    return meter.figure(SAMPLES_COMFORT_NOISE);
  }

  public long samplesExpected() {
    return meter.figure(SAMPLES_EXPECTED);
  }

  public long packetsDecoded() {
    return meter.outCount();
  }

  /** The codec of the last audio, for the RTCP clock of the published chunks (8 kHz before any). */
  public int lastClockRate() {
    return lastAudio == null ? 8000 : lastAudio.format().clockRate();
  }

  public StageFigures figures() {
    return meter.figures();
  }
}
