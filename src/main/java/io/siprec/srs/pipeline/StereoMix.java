package io.siprec.srs.pipeline;

import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One session's stereo mix: the caller's stream on the left channel, the callee's on the right,
 * published as chunks of their own (label {@value #LABEL}) next to the mono streams.
 *
 * <p>Alignment: the mix has one timeline for the session, position 0 being when the session was
 * answered. Each stream is placed on it once, by the wall-clock time its own timeline began (its
 * first chunk's capture time less its start position); from then on its own timeline, which already
 * accounts for pauses and gaps, carries it. Both legs come from one SRC, so their arrival times are
 * the SRC's view of when each was spoken; the two channels agree to within a millisecond of what
 * the SRC forwarded.
 *
 * <p>Which side: a stream whose participant is the caller goes left, the callee right; streams
 * whose role is unknown (or when every stream has the same role) go by m= line order, first left,
 * second right, further ones alternating. Two streams on one side are summed (saturating).
 *
 * <p>When: a window of the mix is published once every open stream has delivered audio past its
 * end, or when the most advanced stream is {@code maxWait} ahead (a stream that is paused, silent
 * or never started then contributes silence). A window in which no stream had audio (both paused)
 * is not published: the mix's start positions jump there, as a mono stream's do. Audio arriving for
 * a window already published is late and counted.
 *
 * <p>Thread-safe: the session's streams may be received on different threads.
 */
public final class StereoMix {
  /** The label of the mix's chunks. */
  public static final String LABEL = StreamLabel.MIX.value();

  private final RecordingSessionId sessionId;
  private final StreamLabel label = new StreamLabel(LABEL);
  private final int sampleRate;
  private final int chunkFrames;
  private final long maxWaitFrames;
  private final long originMillis;
  private final AudioChunkSink out;
  private final int windows;
  private final int ringFrames;
  private final boolean[] windowHasAudio;
  private final Map<Integer, Lane> lanes = new TreeMap<>(); // by m= line index

  private long published; // mix position up to which windows were handled
  private long sequence;
  private boolean closed;
  private long framesLate;
  private long windowsSkipped;

  private final class Lane {
    final short[] ring = new short[ringFrames]; // by mix position modulo ringFrames
    String label = "";
    StreamAttribution attribution = StreamAttribution.UNKNOWN;
    boolean placed;
    long offset; // mix position of the stream's timeline position 0
    long highWater; // mix position just after its latest audio
    boolean closed;
  }

  /**
   * @param originMillis wall-clock time of mix position 0 (when the session was answered)
   * @param out where mix chunks go; called with this mix's lock held, so it must not block
   */
  public StereoMix(
      RecordingSessionId sessionId,
      int sampleRate,
      int chunkMillis,
      int maxWaitMillis,
      long originMillis,
      AudioChunkSink out) {
    this.sessionId = sessionId;
    this.sampleRate = sampleRate;
    this.chunkFrames = sampleRate * chunkMillis / 1000;
    this.maxWaitFrames = (long) sampleRate * maxWaitMillis / 1000;
    this.originMillis = originMillis;
    this.out = out;
    this.windows = (int) (maxWaitFrames / chunkFrames) + 4;
    this.ringFrames = windows * chunkFrames;
    this.windowHasAudio = new boolean[windows];
  }

  /** A stream of the session starts receiving. */
  public synchronized void open(int mediaIndex) {
    if (!closed) {
      lanes.computeIfAbsent(mediaIndex, i -> new Lane());
    }
  }

  /** A mono chunk of the session's stream on m= line {@code mediaIndex}. */
  public synchronized void accept(int mediaIndex, AudioChunk chunk) {
    Lane lane = lanes.get(mediaIndex);
    if (closed || lane == null || lane.closed) {
      return;
    }
    lane.label = chunk.label().value();
    lane.attribution = chunk.attribution();
    int frames = chunk.samples();
    if (frames > 0) {
      if (!lane.placed) {
        long timelineStartMillis =
            chunk.captureTimeMillis() - chunk.startSample() * 1000 / sampleRate;
        lane.offset = Math.max(0, (timelineStartMillis - originMillis) * sampleRate / 1000);
        lane.placed = true;
      }
      write(lane, lane.offset + chunk.startSample(), chunk.pcm(), frames);
    }
    publishReady();
  }

  /** The stream's endpoint closed: it holds nothing back any more. The last one ends the mix. */
  public synchronized void close(int mediaIndex) {
    Lane lane = lanes.get(mediaIndex);
    if (closed || lane == null) {
      return;
    }
    lane.closed = true;
    if (lanes.values().stream().allMatch(l -> l.closed)) {
      finish();
    } else {
      publishReady();
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  public synchronized long framesLate() {
    return framesLate;
  }

  /** Windows in which nobody had audio, not published. */
  public synchronized long windowsSkipped() {
    return windowsSkipped;
  }

  private void write(Lane lane, long position, byte[] pcm, int frames) {
    long end = position + frames;
    while (end > published + ringFrames) {
      publishWindow(false, chunkFrames); // a stream ran far ahead: make room
    }
    for (int i = 0; i < frames; i++) {
      long p = position + i;
      if (p < published) {
        framesLate++;
        continue;
      }
      lane.ring[(int) (p % ringFrames)] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
      windowHasAudio[(int) ((p / chunkFrames) % windows)] = true;
    }
    lane.highWater = Math.max(lane.highWater, end);
  }

  private void publishReady() {
    while (true) {
      long windowEnd = published + chunkFrames;
      long lead = 0;
      boolean everyOpenLaneIsPast = true;
      boolean anyAudio = false;
      for (Lane l : lanes.values()) {
        lead = Math.max(lead, l.highWater);
        anyAudio |= l.placed;
        if (!l.closed && l.highWater < windowEnd) {
          everyOpenLaneIsPast = false;
        }
      }
      if (!anyAudio
          || lead < windowEnd
          || !(everyOpenLaneIsPast || lead - windowEnd >= maxWaitFrames)) {
        return;
      }
      publishWindow(false, chunkFrames);
    }
  }

  private void finish() {
    long lead = 0;
    for (Lane l : lanes.values()) {
      lead = Math.max(lead, l.highWater);
    }
    while (published + chunkFrames <= lead) {
      publishWindow(false, chunkFrames);
    }
    if (sequence > 0 || lead > published) {
      publishWindow(true, (int) Math.max(0, lead - published)); // the last, possibly short or empty
    }
    closed = true;
  }

  /**
   * Publishes (or skips, when silent everywhere) the window at {@link #published}. Sides are
   * decided now, not when the audio arrived: metadata that tells the roles late still puts the
   * whole window on the right side.
   */
  private void publishWindow(boolean last, int frames) {
    int window = (int) ((published / chunkFrames) % windows);
    int at = (int) (published % ringFrames);
    if (windowHasAudio[window] || last) {
      byte[] pcm = new byte[frames * 4];
      for (Lane lane : lanes.values()) {
        int channel = isLeft(lane) ? 0 : 2;
        short[] ring = lane.ring;
        for (int i = 0, j = channel; i < frames; i++, j += 4) {
          int sum = (short) ((pcm[j] & 0xff) | (pcm[j + 1] << 8)) + ring[at + i];
          short v =
              (short)
                  (sum > Short.MAX_VALUE
                      ? Short.MAX_VALUE
                      : sum < Short.MIN_VALUE ? Short.MIN_VALUE : sum);
          pcm[j] = (byte) v;
          pcm[j + 1] = (byte) (v >> 8);
        }
      }
      out.accept(
          new AudioChunk(
              sessionId,
              label,
              sequence++,
              sampleRate,
              published,
              originMillis + published * 1000 / sampleRate,
              pcm,
              last,
              attribution(),
              2,
              layout(),
              -1));
    } else {
      windowsSkipped++;
    }
    for (Lane lane : lanes.values()) {
      Arrays.fill(lane.ring, at, at + chunkFrames, (short) 0);
    }
    windowHasAudio[window] = false;
    published += chunkFrames;
  }

  /** Role first; m= line order where roles do not tell the two sides apart. */
  private boolean isLeft(Lane lane) {
    boolean sawLeft = false;
    boolean sawRight = false;
    for (Lane l : lanes.values()) {
      String role = l.attribution.roleName();
      sawLeft |= role.equals("caller");
      sawRight |= role.equals("callee");
    }
    boolean rolesSplit = sawLeft && sawRight;
    String role = lane.attribution.roleName();
    if (rolesSplit && role.equals("caller")) {
      return true;
    }
    if (rolesSplit && role.equals("callee")) {
      return false;
    }
    int order = 0;
    for (Lane l : lanes.values()) {
      if (l == lane) {
        break;
      }
      order++;
    }
    return order % 2 == 0;
  }

  private StreamAttribution attribution() {
    List<Participant> senders = new ArrayList<>();
    AssociationRule rule = AssociationRule.NONE;
    for (boolean leftSide : new boolean[] {true, false}) {
      for (Lane l : lanes.values()) {
        if (isLeft(l) == leftSide) {
          senders.addAll(l.attribution.senders());
          if (rule == AssociationRule.NONE) {
            rule = l.attribution.rule();
          }
        }
      }
    }
    return new StreamAttribution(LABEL, "", senders, rule);
  }

  private AudioChunk.ChannelLayout layout() {
    List<String> l = new ArrayList<>();
    List<String> r = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      if (lane.placed) {
        (isLeft(lane) ? l : r).add(lane.label);
      }
    }
    return new AudioChunk.ChannelLayout(String.join(",", l), String.join(",", r));
  }
}
