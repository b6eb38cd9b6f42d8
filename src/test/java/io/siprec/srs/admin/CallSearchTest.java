package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.CallSummary.Party;
import io.siprec.srs.session.CallSummary.State;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingSessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Matching, filters, the order and the pages of the console's search. */
class CallSearchTest {
  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  private static CallSummary call(
      String id,
      State state,
      String callId,
      int startMinute,
      int seconds,
      double completeness,
      EndReason reason,
      List<Party> parties,
      Map<String, String> callIds,
      Set<String> problems) {
    return new CallSummary(
        new RecordingSessionId(id),
        state,
        callId,
        "192.0.2." + startMinute + ":5060/udp",
        "Vendor" + startMinute,
        T0.plusSeconds(60L * startMinute),
        state == State.LIVE ? null : T0.plusSeconds(60L * startMinute + seconds),
        Duration.ofSeconds(seconds),
        state == State.LIVE ? null : reason,
        parties,
        callIds,
        completeness,
        problems,
        state == State.ARCHIVED ? "2026-12-01" : "");
  }

  private final CallSummary alice =
      call(
          "s-alice",
          State.LIVE,
          "abc123@pbx.example.com",
          30,
          40,
          1.0,
          null,
          List.of(new Party("sip:alice@example.com", "Alice Archer")),
          Map.of(),
          Set.of());
  private final CallSummary bob =
      call(
          "s-bob",
          State.ENDED,
          "DEF456@sbc",
          20,
          300,
          0.5,
          EndReason.SRC_BYE,
          List.of(new Party("sip:bob@example.com", "Bob Baker")),
          Map.of("ucid", "00001002161627472400"),
          Set.of(CallSummary.LOSS));
  private final CallSummary carol =
      call(
          "s-carol",
          State.ARCHIVED,
          "ghi789",
          10,
          60,
          0.9,
          EndReason.NO_ACK,
          List.of(new Party("tel:+15551234567", "Carol")),
          Map.of("x-genesys-uuid", "GEN-77"),
          Set.of(CallSummary.METADATA));

  private static CallQuery query(String... keysAndValues) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return CallQuery.parse(p::get);
  }

  private List<String> ids(CallQuery q) {
    return CallSearch.search(q, List.of(alice), List.of(bob), List.of(carol)).calls().stream()
        .map(c -> c.id().value())
        .toList();
  }

  @Test
  void theTextMatchesAnyIdAddressNameOrVendorWhateverTheCase() {
    assertThat(ids(query("q", "ABC123@PBX"))).containsExactly("s-alice");
    assertThat(ids(query("q", "bob@example"))).containsExactly("s-bob");
    assertThat(ids(query("q", "baker"))).containsExactly("s-bob");
    assertThat(ids(query("q", "192.0.2.10:"))).containsExactly("s-carol");
    assertThat(ids(query("q", "vendor2"))).containsExactly("s-bob");
    assertThat(ids(query("q", "s-carol"))).containsExactly("s-carol");
    assertThat(ids(query("q", "1627472400"))).containsExactly("s-bob");
    assertThat(ids(query("q", "gen-77"))).containsExactly("s-carol");
    assertThat(ids(query("q", "example.com"))).containsExactly("s-alice", "s-bob");
    assertThat(ids(query("q", "nobody"))).isEmpty();
  }

  @Test
  void everyTermMustMatchAndAFieldPrefixLimitsWhere() {
    assertThat(ids(query("q", "example.com alice"))).containsExactly("s-alice");
    assertThat(ids(query("q", "example.com carol"))).isEmpty();
    assertThat(ids(query("q", "\"Alice Archer\""))).containsExactly("s-alice");
    assertThat(ids(query("q", "name:\"bob baker\""))).containsExactly("s-bob");
    // A SIP URI is one term, not a field "sip".
    assertThat(ids(query("q", "sip:alice@example.com"))).containsExactly("s-alice");
    assertThat(ids(query("q", "aor:bob"))).containsExactly("s-bob");
    assertThat(ids(query("q", "callid:bob"))).isEmpty();
    assertThat(ids(query("q", "ucid:0000100216"))).containsExactly("s-bob");
    assertThat(ids(query("q", "ucid:gen-77"))).isEmpty();
    assertThat(ids(query("q", "callids:gen-77"))).containsExactly("s-carol");
    assertThat(ids(query("q", "src:192.0.2.30"))).containsExactly("s-alice");
    assertThat(ids(query("q", "vendor:vendor1"))).containsExactly("s-carol");
    assertThat(ids(query("q", "id:s-bob"))).containsExactly("s-bob");
  }

  @Test
  void filtersByTimeReasonProblemsAndState() {
    assertThat(ids(query("from", "2026-12-01T08:15:00Z"))).containsExactly("s-alice", "s-bob");
    assertThat(ids(query("to", "2026-12-01T08:20:00Z"))).containsExactly("s-carol");
    assertThat(ids(query("from", "2026-12-01", "to", "2026-12-01"))).hasSize(3);
    assertThat(ids(query("from", "2026-12-02"))).isEmpty();
    assertThat(ids(query("reason", "no_ack,SRC_CANCEL"))).containsExactly("s-carol");
    assertThat(ids(query("problems", "1"))).containsExactly("s-bob", "s-carol");
    assertThat(ids(query("state", "live"))).containsExactly("s-alice");
    assertThat(ids(query("state", "ended,archived"))).containsExactly("s-bob", "s-carol");
  }

  @Test
  void aSessionInTwoPlacesIsListedOnceFromTheFreshest() {
    CallSummary bobArchived = bob.in(State.ARCHIVED);
    CallSearch.Page page =
        CallSearch.search(query(), List.of(alice), List.of(bob), List.of(bobArchived, carol));
    assertThat(page.total()).isEqualTo(3);
    assertThat(page.calls()).extracting(CallSummary::state).contains(State.ENDED);
    assertThat(page.calls()).extracting(CallSummary::state).doesNotContainNull();
    CallSearch.Page archivedOnly =
        CallSearch.search(query("state", "archived"), List.of(), List.of(), List.of(bobArchived));
    assertThat(archivedOnly.calls()).extracting(CallSummary::state).containsExactly(State.ARCHIVED);
  }

  @Test
  void sortsByStartDurationOrCompletenessEitherWay() {
    assertThat(ids(query())).containsExactly("s-alice", "s-bob", "s-carol");
    assertThat(ids(query("order", "asc"))).containsExactly("s-carol", "s-bob", "s-alice");
    assertThat(ids(query("sort", "duration"))).containsExactly("s-bob", "s-carol", "s-alice");
    assertThat(ids(query("sort", "completeness", "order", "asc")))
        .containsExactly("s-bob", "s-carol", "s-alice");
  }

  @Test
  void pagesDoNotOverlapAndSayHowManyMore() {
    List<CallSummary> many =
        IntStream.range(0, 120)
            .mapToObj(
                i ->
                    call(
                        "s-" + i,
                        State.ARCHIVED,
                        "c" + i,
                        i % 7, // ties on start: the id breaks them
                        i,
                        1.0,
                        EndReason.SRC_BYE,
                        List.of(),
                        Map.of(),
                        Set.of()))
            .toList();
    CallSearch.Page first = CallSearch.search(query("limit", "50"), many);
    CallSearch.Page second = CallSearch.search(query("limit", "50", "offset", "50"), many);
    CallSearch.Page third = CallSearch.search(query("limit", "50", "offset", "100"), many);
    CallSearch.Page beyond = CallSearch.search(query("offset", "500"), many);
    assertThat(first.total()).isEqualTo(120);
    assertThat(first.more()).isEqualTo(70);
    assertThat(second.more()).isEqualTo(20);
    assertThat(third.calls()).hasSize(20);
    assertThat(third.more()).isZero();
    assertThat(beyond.calls()).isEmpty();
    assertThat(beyond.more()).isZero();
    List<CallSummary> all = new ArrayList<>(first.calls());
    all.addAll(second.calls());
    all.addAll(third.calls());
    assertThat(all).doesNotHaveDuplicates().hasSize(120);
    assertThat(all).isSortedAccordingTo(CallSearch.order(query()));
  }

  @Test
  void aQueryItCannotReadIsRefusedSayingWhich() {
    assertThatThrownBy(() -> query("q", "\"open")).hasMessageContaining("q: the quote");
    assertThatThrownBy(() -> query("from", "yesterday")).hasMessageStartingWith("from:");
    assertThatThrownBy(() -> query("from", "2026-12-02", "to", "2026-12-01"))
        .hasMessageContaining("before to");
    assertThatThrownBy(() -> query("reason", "HUNG_UP"))
        .hasMessage("reason: no end reason HUNG_UP");
    assertThatThrownBy(() -> query("state", "gone")).hasMessageStartingWith("state:");
    assertThatThrownBy(() -> query("sort", "caller")).hasMessageStartingWith("sort:");
    assertThatThrownBy(() -> query("order", "up")).hasMessageStartingWith("order:");
    assertThatThrownBy(() -> query("problems", "yes")).hasMessageStartingWith("problems:");
    assertThatThrownBy(() -> query("limit", "0")).hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> query("limit", "501")).hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> query("offset", "-1")).hasMessageStartingWith("offset:");
    assertThatThrownBy(() -> query("q", "x".repeat(501))).hasMessageStartingWith("q:");
  }
}
