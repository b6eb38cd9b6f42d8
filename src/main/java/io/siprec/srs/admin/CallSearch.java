package io.siprec.srs.admin;

import io.siprec.srs.session.CallSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds calls among the live sessions, the recently ended ones and the archive's index: one list,
 * each session once (live before ended before archived: its freshest view), filtered, ordered and
 * cut into a page.
 */
public final class CallSearch {
  private CallSearch() {}

  /**
   * One page of what a query found.
   *
   * @param total how many calls match in all
   * @param calls this page of them
   */
  public record Page(int total, int offset, int limit, List<CallSummary> calls) {
    public Page {
      calls = List.copyOf(calls);
    }

    /** Calls matching after this page. */
    public int more() {
      return Math.max(0, total - offset - calls.size());
    }
  }

  /**
   * @param sources the places to look, freshest first: a session in two is taken from the first
   */
  @SafeVarargs
  public static Page search(CallQuery query, Collection<CallSummary>... sources) {
    Map<String, CallSummary> byId = new LinkedHashMap<>();
    for (Collection<CallSummary> source : sources) {
      for (CallSummary c : source) {
        byId.putIfAbsent(c.id().value(), c);
      }
    }
    List<CallSummary> found = new ArrayList<>();
    for (CallSummary c : byId.values()) {
      if (matches(query, c)) {
        found.add(c);
      }
    }
    found.sort(order(query));
    int from = Math.min(query.offset(), found.size());
    int to = (int) Math.min((long) from + query.limit(), found.size());
    return new Page(found.size(), query.offset(), query.limit(), found.subList(from, to));
  }

  /** Whether the call passes every filter and holds every term of the text. */
  public static boolean matches(CallQuery q, CallSummary c) {
    if (!q.states().contains(c.state())) {
      return false;
    }
    if (q.from() != null && c.startedAt().isBefore(q.from())) {
      return false;
    }
    if (q.to() != null && !c.startedAt().isBefore(q.to())) {
      return false;
    }
    if (!q.reasons().isEmpty() && (c.endReason() == null || !q.reasons().contains(c.endReason()))) {
      return false;
    }
    if (q.problemsOnly() && c.problems().isEmpty()) {
      return false;
    }
    for (CallQuery.Term t : q.terms()) {
      if (!holds(c, t)) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(CallSummary c, CallQuery.Term t) {
    CallQuery.Field f = t.field();
    boolean any = f == CallQuery.Field.ANY;
    if ((any || f == CallQuery.Field.ID) && has(c.id().value(), t)) {
      return true;
    }
    if ((any || f == CallQuery.Field.CALLID) && has(c.callId(), t)) {
      return true;
    }
    if ((any || f == CallQuery.Field.SRC) && has(c.srcAddress(), t)) {
      return true;
    }
    if ((any || f == CallQuery.Field.VENDOR) && has(c.srcVendor(), t)) {
      return true;
    }
    for (CallSummary.Party p : c.participants()) {
      if ((any || f == CallQuery.Field.AOR) && has(p.aor(), t)) {
        return true;
      }
      if ((any || f == CallQuery.Field.NAME) && has(p.name(), t)) {
        return true;
      }
    }
    for (Map.Entry<String, String> id : c.callIds().entrySet()) {
      boolean ucid = id.getKey().equalsIgnoreCase("ucid");
      if ((any || f == CallQuery.Field.CALLIDS || (ucid && f == CallQuery.Field.UCID))
          && has(id.getValue(), t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(String value, CallQuery.Term t) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(t.text());
  }

  /** The order asked for; ties newest first, then by id, so pages never overlap. */
  static Comparator<CallSummary> order(CallQuery q) {
    Comparator<CallSummary> key =
        switch (q.sort()) {
          case START -> Comparator.comparing(CallSummary::startedAt);
          case DURATION -> Comparator.comparing(CallSummary::duration);
          case COMPLETENESS -> Comparator.comparingDouble(CallSummary::completeness);
        };
    if (!q.ascending()) {
      key = key.reversed();
    }
    return key.thenComparing(CallSummary::startedAt, Comparator.reverseOrder())
        .thenComparing(c -> c.id().value());
  }
}
