package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StereoMixTest {
  private static final int RATE = 8000;
  private static final long ORIGIN = 1_700_000_000_000L;
  private final RecordingSessionId id = RecordingSessionId.random();
  private final List<AudioChunk> out = new ArrayList<>();

  /** 100 ms chunks (800 frames), 300 ms wait. */
  private final StereoMix mix = new StereoMix(id, RATE, 100, 300, ORIGIN, out::add);

  private static StreamAttribution who(String id, ParticipantRole role) {
    return new StreamAttribution(
        "",
        id,
        List.of(new Participant(id, "sip:" + id + "@x", "", role, List.of(), List.of(), Map.of())),
        AssociationRule.PARTICIPANT_STREAM_ASSOC);
  }

  /** A chunk of constant value, captured at {@code captureMs} after the origin. */
  private AudioChunk chunk(
      String label,
      long seq,
      long start,
      int frames,
      short value,
      long captureMs,
      StreamAttribution who) {
    byte[] pcm = new byte[frames * 2];
    for (int i = 0; i < frames; i++) {
      pcm[2 * i] = (byte) value;
      pcm[2 * i + 1] = (byte) (value >> 8);
    }
    return new AudioChunk(
        id, new StreamLabel(label), seq, RATE, start, ORIGIN + captureMs, pcm, false, who);
  }

  private static short left(AudioChunk c, int frame) {
    return (short) ((c.pcm()[4 * frame] & 0xff) | (c.pcm()[4 * frame + 1] << 8));
  }

  private static short right(AudioChunk c, int frame) {
    return (short) ((c.pcm()[4 * frame + 2] & 0xff) | (c.pcm()[4 * frame + 3] << 8));
  }

  @Test
  void theCallerIsLeftAndTheCalleeRightWhateverTheLineOrder() {
    mix.open(0);
    mix.open(1);
    // Line 1 carries the callee, line 2 the caller; both start when the session does.
    mix.accept(0, chunk("1", 0, 0, 800, (short) 100, 0, who("B", ParticipantRole.CALLEE)));
    mix.accept(1, chunk("2", 0, 0, 800, (short) 200, 0, who("A", ParticipantRole.CALLER)));

    assertThat(out).hasSize(1);
    AudioChunk c = out.get(0);
    assertThat(c.channels()).isEqualTo(2);
    assertThat(c.label().value()).isEqualTo(StereoMix.LABEL);
    assertThat(c.samples()).isEqualTo(800);
    assertThat(left(c, 0)).isEqualTo((short) 200);
    assertThat(right(c, 0)).isEqualTo((short) 100);
    assertThat(c.layout()).isEqualTo(new AudioChunk.ChannelLayout("2", "1"));
    assertThat(c.attribution().participantIds()).isEqualTo("A,B");
  }

  @Test
  void withoutRolesTheFirstLineIsLeft() {
    mix.open(0);
    mix.open(1);
    mix.accept(0, chunk("a", 0, 0, 800, (short) 1, 0, StreamAttribution.UNKNOWN));
    mix.accept(1, chunk("b", 0, 0, 800, (short) 2, 0, StreamAttribution.UNKNOWN));
    assertThat(left(out.get(0), 10)).isEqualTo((short) 1);
    assertThat(right(out.get(0), 10)).isEqualTo((short) 2);
  }

  @Test
  void aStreamThatStartsLaterIsPlacedByItsCaptureTime() {
    mix.open(0);
    mix.open(1);
    // Leg 1 starts at the origin; leg 2's first sample was captured 30 ms later (240 frames).
    mix.accept(0, chunk("1", 0, 0, 800, (short) 100, 0, StreamAttribution.UNKNOWN));
    mix.accept(0, chunk("1", 1, 800, 800, (short) 100, 100, StreamAttribution.UNKNOWN));
    mix.accept(1, chunk("2", 0, 0, 800, (short) 200, 30, StreamAttribution.UNKNOWN));
    mix.accept(1, chunk("2", 1, 800, 800, (short) 200, 130, StreamAttribution.UNKNOWN));

    AudioChunk first = out.get(0);
    assertThat(right(first, 239)).isZero();
    assertThat(right(first, 240)).isEqualTo((short) 200);
    assertThat(left(first, 0)).isEqualTo((short) 100);
    assertThat(first.startSample()).isZero();
    assertThat(first.captureTimeMillis()).isEqualTo(ORIGIN);
    assertThat(out.get(1).startSample()).isEqualTo(800);
  }

  @Test
  void aSideThatSendsNothingBecomesSilenceAfterTheWait() {
    mix.open(0);
    mix.open(1);
    for (int i = 0; i < 3; i++) {
      mix.accept(0, chunk("1", i, i * 800L, 800, (short) 5, i * 100L, StreamAttribution.UNKNOWN));
    }
    assertThat(out).isEmpty(); // 300 ms ahead is not yet more than the wait
    mix.accept(0, chunk("1", 3, 2400, 800, (short) 5, 300, StreamAttribution.UNKNOWN));
    assertThat(out).hasSize(1);
    assertThat(left(out.get(0), 0)).isEqualTo((short) 5);
    assertThat(right(out.get(0), 0)).isZero();
  }

  @Test
  void windowsWhereEverySideIsPausedAreNotPublished() {
    mix.open(0);
    mix.open(1);
    for (int leg = 0; leg < 2; leg++) {
      mix.accept(
          leg, chunk(String.valueOf(leg + 1), 0, 0, 800, (short) 7, 0, StreamAttribution.UNKNOWN));
    }
    // Both paused for 2 s, then both resume (their own timelines jump by the pause).
    for (int leg = 0; leg < 2; leg++) {
      mix.accept(
          leg,
          chunk(
              String.valueOf(leg + 1), 1, 16800, 800, (short) 7, 2100, StreamAttribution.UNKNOWN));
    }
    mix.close(0);
    mix.close(1);

    assertThat(out).extracting(AudioChunk::startSample).containsExactly(0L, 16800L, 17600L);
    assertThat(out).extracting(AudioChunk::sequence).containsExactly(0L, 1L, 2L);
    assertThat(out.get(2).last()).isTrue();
    assertThat(out.get(2).samples()).isZero();
    assertThat(mix.windowsSkipped()).isEqualTo(20);
    assertThat(mix.isClosed()).isTrue();
  }

  @Test
  void closingTheLastStreamPublishesWhatIsLeftAsTheLastChunk() {
    mix.open(0);
    mix.open(1);
    mix.accept(0, chunk("1", 0, 0, 800, (short) 3, 0, StreamAttribution.UNKNOWN));
    mix.accept(0, chunk("1", 1, 800, 400, (short) 3, 100, StreamAttribution.UNKNOWN));
    mix.close(0);
    assertThat(out).isEmpty(); // leg 2 may still deliver
    mix.accept(1, chunk("2", 0, 0, 800, (short) 4, 0, StreamAttribution.UNKNOWN));
    mix.close(1);

    assertThat(out).hasSize(2);
    assertThat(out.get(1).last()).isTrue();
    assertThat(out.get(1).samples()).isEqualTo(400);
    assertThat(left(out.get(1), 399)).isEqualTo((short) 3);
  }

  @Test
  void audioForAWindowAlreadyPublishedIsCountedLate() {
    mix.open(0);
    mix.open(1);
    for (int i = 0; i < 5; i++) {
      mix.accept(0, chunk("1", i, i * 800L, 800, (short) 1, i * 100L, StreamAttribution.UNKNOWN));
    }
    assertThat(out).hasSize(2);
    mix.accept(1, chunk("2", 0, 0, 800, (short) 2, 0, StreamAttribution.UNKNOWN));
    assertThat(mix.framesLate()).isEqualTo(800);
  }

  @Test
  void aSessionThatNeverHadAudioPublishesNothing() {
    mix.open(0);
    mix.close(0);
    assertThat(out).isEmpty();
    assertThat(mix.isClosed()).isTrue();
  }

  @Test
  void twoStreamsOnOneSideAreSummedWithoutWrapping() {
    StereoMix three = new StereoMix(id, RATE, 100, 300, ORIGIN, out::add);
    three.open(0);
    three.open(1);
    three.open(2);
    three.accept(0, chunk("1", 0, 0, 800, (short) 30000, 0, who("A", ParticipantRole.CALLER)));
    three.accept(1, chunk("2", 0, 0, 800, (short) 5, 0, who("B", ParticipantRole.CALLEE)));
    three.accept(2, chunk("3", 0, 0, 800, (short) 30000, 0, who("C", ParticipantRole.CALLER)));
    assertThat(left(out.get(0), 0)).isEqualTo(Short.MAX_VALUE);
    assertThat(right(out.get(0), 0)).isEqualTo((short) 5);
    assertThat(out.get(0).layout().left()).isEqualTo("1,3");
  }
}
