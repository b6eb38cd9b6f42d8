package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SignallingLadders.Bounds;
import io.siprec.srs.session.SignallingLadders.Ladder;
import io.siprec.srs.session.SignallingLadders.LadderMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The ladder store's bounds: messages per ladder, characters per message, ladders kept, budget. */
class SipLadderStoreTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-08T05:00:00Z"), ZoneOffset.UTC);

  private static SipLadderStore store(
      int messages, int chars, int ended, int refused, long budget) {
    return new SipLadderStore(CLOCK, new Bounds(messages, chars), ended, refused, budget);
  }

  private static RecordingSessionId id(int n) {
    return new RecordingSessionId(String.format("00000000-0000-4000-8000-%012d", n));
  }

  private Instant at = CLOCK.instant();

  /** A message at the next millisecond. */
  private void add(
      SipLadderStore store,
      String callId,
      boolean received,
      String startLine,
      String label,
      String text,
      boolean opens) {
    at = at.plusMillis(1);
    store.add(callId, at, received, startLine, label, text, opens);
  }

  @Test
  void aMessageSentIsPlacedByTheTimeItWasSentNotWhenItWasKept() {
    SipLadderStore store = store(64, 1024, 10, 10, 1 << 20);
    Instant t0 = Instant.parse("2026-12-08T05:00:01Z");
    store.add("c1", t0, true, "INVITE sip:srs SIP/2.0", "INVITE", "INVITE", true);
    store.answered("c1", id(1));
    // the SRC's ACK overtook the thread that sent our 200
    store.add("c1", t0.plusMillis(3), true, "ACK sip:srs SIP/2.0", "ACK", "ACK", false);
    store.add("c1", t0.plusMillis(2), false, "SIP/2.0 200 OK", "200 OK (INVITE)", "200", false);

    assertThat(store.ofSession(id(1)).orElseThrow().messages())
        .extracting(LadderMessage::label)
        .containsExactly("INVITE", "200 OK (INVITE)", "ACK");
  }

  /** An initial INVITE, its 200 and ACK: a session's ladder. */
  private void call(SipLadderStore store, String callId, RecordingSessionId id) {
    add(store, callId, true, "INVITE sip:srs SIP/2.0", "INVITE", "INVITE text", true);
    store.answered(callId, id);
    add(store, callId, false, "SIP/2.0 200 OK", "200 OK (INVITE)", "200 text", false);
    add(store, callId, true, "ACK sip:srs SIP/2.0", "ACK", "ACK text", false);
  }

  @Test
  void aSessionsLadderHoldsItsMessagesInOrderWithDirection() {
    SipLadderStore store = store(64, 1024, 10, 10, 1 << 20);
    call(store, "c1", id(1));

    Ladder ladder = store.ofSession(id(1)).orElseThrow();
    assertThat(ladder.callId()).isEqualTo("c1");
    assertThat(ladder.messages())
        .extracting(LadderMessage::label)
        .containsExactly("INVITE", "200 OK (INVITE)", "ACK");
    assertThat(ladder.messages())
        .extracting(LadderMessage::received)
        .containsExactly(true, false, true);
    assertThat(store.ofSession(id(2))).isEmpty();
  }

  @Test
  void onlyAnInitialInviteOpensALadder() {
    SipLadderStore store = store(64, 1024, 10, 10, 1 << 20);
    add(store, "ping", true, "OPTIONS sip:srs SIP/2.0", "OPTIONS", "OPTIONS text", false);

    assertThat(store.charsKept()).isZero();
  }

  @Test
  void aLadderKeepsAtMostItsMessagesAndCountsTheRest() {
    SipLadderStore store = store(4, 1024, 10, 10, 1 << 20);
    call(store, "c1", id(1));
    for (int i = 0; i < 5; i++) {
      add(store, "c1", true, "OPTIONS sip:srs SIP/2.0", "OPTIONS", "OPTIONS " + i, false);
    }

    Ladder ladder = store.ofSession(id(1)).orElseThrow();
    assertThat(ladder.messages()).hasSize(4);
    assertThat(ladder.messages().get(3).text()).isEqualTo("OPTIONS 0");
    assertThat(ladder.omitted()).isEqualTo(4);
  }

  @Test
  void aLongMessageIsCutAtTheBoundAndSaysHowLongItWas() {
    SipLadderStore store = store(64, 10, 10, 10, 1 << 20);
    add(store, "c1", true, "INVITE sip:srs SIP/2.0", "INVITE", "0123456789ABCDEF", true);
    store.answered("c1", id(1));

    LadderMessage invite = store.ofSession(id(1)).orElseThrow().messages().get(0);
    assertThat(invite.text()).isEqualTo("0123456789");
    assertThat(invite.fullLength()).isEqualTo(16);
    assertThat(invite.truncated()).isTrue();
    assertThat(store.charsKept()).isEqualTo(10);
  }

  @Test
  void endedLaddersAreKeptUpToTheRecentBoundOldestGoingFirst() {
    SipLadderStore store = store(64, 1024, 2, 10, 1 << 20);
    for (int n = 1; n <= 3; n++) {
      call(store, "c" + n, id(n));
      store.ended("c" + n);
    }

    assertThat(store.ofSession(id(1))).isEmpty();
    assertThat(store.ofSession(id(2))).isPresent();
    assertThat(store.ofSession(id(3))).isPresent();
    assertThat(store.charsKept()).isEqualTo(2 * ("INVITE text" + "200 text" + "ACK text").length());
  }

  @Test
  void aMessageAfterTheEndJoinsTheEndedLadder() {
    SipLadderStore store = store(64, 1024, 2, 10, 1 << 20);
    call(store, "c1", id(1));
    add(store, "c1", true, "BYE sip:srs SIP/2.0", "BYE", "BYE text", false);
    add(store, "c1", false, "SIP/2.0 200 OK", "200 OK (BYE)", "200 text", false);
    store.ended("c1");
    add(store, "c1", true, "BYE sip:srs SIP/2.0", "BYE", "BYE again", false);

    assertThat(store.ofSession(id(1)).orElseThrow().messages())
        .extracting(LadderMessage::label)
        .containsExactly("INVITE", "200 OK (INVITE)", "ACK", "BYE", "200 OK (BYE)", "BYE");
  }

  @Test
  void aNewInviteWithACallIdUsedBeforeStartsANewLadder() {
    SipLadderStore store = store(64, 1024, 10, 10, 1 << 20);
    call(store, "c1", id(1));
    store.ended("c1");
    call(store, "c1", id(2));

    assertThat(store.ofSession(id(2)).orElseThrow().messages()).hasSize(3);
    assertThat(store.ofSession(id(1))).isEmpty();
    assertThat(store.charsKept()).isEqualTo(("INVITE text" + "200 text" + "ACK text").length());
  }

  @Test
  void refusedInvitesAreFoundByCallIdUpToTheirOwnBound() {
    SipLadderStore store = store(64, 1024, 10, 2, 1 << 20);
    for (int n = 1; n <= 3; n++) {
      add(store, "r" + n, true, "INVITE sip:srs SIP/2.0", "INVITE", "INVITE " + n, true);
      add(
          store,
          "r" + n,
          false,
          "SIP/2.0 420 Bad Extension",
          "420 Bad Extension (INVITE)",
          "420",
          false);
      store.refused("r" + n);
    }

    assertThat(store.ofRefusal("r1")).isEmpty();
    Ladder r3 = store.ofRefusal("r3").orElseThrow();
    assertThat(r3.sessionId()).isEmpty();
    assertThat(r3.messages())
        .extracting(LadderMessage::startLine)
        .containsExactly("INVITE sip:srs SIP/2.0", "SIP/2.0 420 Bad Extension");
    assertThat(store.ofRefusal("r2")).isPresent();
  }

  @Test
  void theCharacterBudgetDropsEndedLaddersBeforeLiveOnes() {
    // each call keeps 27 characters; a budget of 60 holds two
    SipLadderStore store = store(64, 1024, 10, 10, 60);
    call(store, "c1", id(1));
    store.ended("c1");
    call(store, "c2", id(2));
    call(store, "c3", id(3));

    assertThat(store.ofSession(id(1))).as("the ended one went").isEmpty();
    assertThat(store.ofSession(id(2))).isPresent();
    assertThat(store.ofSession(id(3))).isPresent();
    assertThat(store.charsKept()).isLessThanOrEqualTo(60);

    call(store, "c4", id(4));
    assertThat(store.ofSession(id(2))).as("then the oldest live one").isEmpty();
    assertThat(store.charsKept()).isLessThanOrEqualTo(60);
  }
}
