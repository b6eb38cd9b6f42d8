package io.siprec.srs.admin;

import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.EndReason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A search for calls as {@code GET /api/calls} takes it (docs/admin.md, "Find a call").
 *
 * @param terms what the text must hold, each term somewhere (all of them); see {@link Term}
 * @param from calls that started at or after; null: no bound
 * @param to calls that started before; null: no bound
 * @param reasons end reasons; empty: any (live calls included)
 * @param problemsOnly only calls with loss, drops or a metadata problem
 * @param states where the calls may be; never empty
 * @param sort what the list is ordered by
 * @param ascending oldest, shortest or least complete first
 * @param offset calls skipped from the start of the ordered list
 * @param limit calls at most on this page
 */
public record CallQuery(
    List<Term> terms,
    Instant from,
    Instant to,
    Set<EndReason> reasons,
    boolean problemsOnly,
    Set<CallSummary.State> states,
    Sort sort,
    boolean ascending,
    int offset,
    int limit) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  static final int MAX_TEXT = 500;

  /** What a list of calls can be ordered by. */
  public enum Sort {
    START,
    DURATION,
    COMPLETENESS
  }

  /** Where a term may match: a known field, or anywhere. */
  public enum Field {
    ANY,
    ID,
    CALLID,
    AOR,
    NAME,
    SRC,
    VENDOR,
    UCID,
    CALLIDS
  }

  /** One term of the text: lower case, matched as a part of the field(s). */
  public record Term(Field field, String text) {}

  public CallQuery {
    terms = List.copyOf(terms);
    reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(reasons);
    states = Set.copyOf(states);
    if (states.isEmpty()) {
      throw new IllegalArgumentException("state: at least one of live, ended, archived");
    }
  }

  /** Everything, newest first, the first page. */
  public static CallQuery all() {
    return parse(name -> null);
  }

  /**
   * Reads the query's parameters: {@code q}, {@code from}, {@code to}, {@code reason}, {@code
   * problems}, {@code state}, {@code sort}, {@code order}, {@code offset}, {@code limit}.
   *
   * @param parameter a parameter's value, or null when absent
   * @throws IllegalArgumentException naming the parameter that cannot be read and why
   */
  public static CallQuery parse(Function<String, String> parameter) {
    String q = parameter.apply("q");
    if (q != null && q.length() > MAX_TEXT) {
      throw new IllegalArgumentException("q: longer than " + MAX_TEXT + " characters");
    }
    Instant from = instant("from", parameter.apply("from"), false);
    Instant to = instant("to", parameter.apply("to"), true);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from: must be before to");
    }
    Set<EndReason> reasons = EnumSet.noneOf(EndReason.class);
    for (String r : list(parameter.apply("reason"))) {
      try {
        reasons.add(EndReason.valueOf(r.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("reason: no end reason " + r);
      }
    }
    Set<CallSummary.State> states = EnumSet.noneOf(CallSummary.State.class);
    for (String s : list(parameter.apply("state"))) {
      try {
        states.add(CallSummary.State.valueOf(s.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("state: " + s + " is not live, ended or archived");
      }
    }
    if (states.isEmpty()) {
      states = EnumSet.allOf(CallSummary.State.class);
    }
    Sort sort = Sort.START;
    String sortText = parameter.apply("sort");
    if (sortText != null && !sortText.isBlank()) {
      try {
        sort = Sort.valueOf(sortText.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "sort: start, duration or completeness, not " + sortText);
      }
    }
    String order = parameter.apply("order");
    boolean ascending;
    if (order == null || order.isBlank() || order.equals("desc")) {
      ascending = false;
    } else if (order.equals("asc")) {
      ascending = true;
    } else {
      throw new IllegalArgumentException("order: asc or desc, not " + order);
    }
    return new CallQuery(
        terms(q == null ? "" : q),
        from,
        to,
        reasons,
        flag("problems", parameter.apply("problems")),
        states,
        sort,
        ascending,
        count("offset", parameter.apply("offset"), 0, Integer.MAX_VALUE, 0),
        count("limit", parameter.apply("limit"), 1, MAX_LIMIT, DEFAULT_LIMIT));
  }

  /**
   * Splits the text on white space; {@code "..."} keeps a phrase together; {@code field:text}
   * limits a term to one field when the prefix names one (so {@code sip:alice@example.com} is a
   * term of its own, {@code sip} naming no field).
   *
   * @throws IllegalArgumentException for a quote that is not closed
   */
  static List<Term> terms(String q) {
    List<Term> out = new ArrayList<>();
    int i = 0;
    while (i < q.length()) {
      if (Character.isWhitespace(q.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder word = new StringBuilder();
      while (i < q.length() && !Character.isWhitespace(q.charAt(i))) {
        char c = q.charAt(i);
        if (c == '"') {
          int close = q.indexOf('"', i + 1);
          if (close < 0) {
            throw new IllegalArgumentException("q: the quote at " + (i + 1) + " is not closed");
          }
          word.append(q, i + 1, close);
          i = close + 1;
        } else {
          word.append(c);
          i++;
        }
      }
      out.add(term(word.toString(), q.charAt(start) == '"'));
    }
    return out;
  }

  private static Term term(String word, boolean quoted) {
    int colon = word.indexOf(':');
    if (!quoted && colon > 0) {
      String prefix = word.substring(0, colon).toUpperCase(Locale.ROOT);
      for (Field f : Field.values()) {
        if (f != Field.ANY && f.name().equals(prefix)) {
          return new Term(f, word.substring(colon + 1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return new Term(Field.ANY, word.toLowerCase(Locale.ROOT));
  }

  /** An instant, or a UTC day: its start for {@code from}, the next day's start for {@code to}. */
  private static Instant instant(String name, String text, boolean endOfDay) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    try {
      if (t.length() == 10) {
        LocalDate day = LocalDate.parse(t);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": " + t + " is neither a day (2026-03-01) nor an instant (2026-03-01T09:30:00Z)");
    }
  }

  private static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String s : text.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static boolean flag(String name, String text) {
    if (text == null || text.isEmpty() || text.equals("0") || text.equals("false")) {
      return false;
    }
    if (text.equals("1") || text.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(name + ": 1 or 0, not " + text);
  }

  private static int count(String name, String text, int min, int max, int absent) {
    if (text == null || text.isEmpty()) {
      return absent;
    }
    if (!text.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException(name + ": a whole number, not " + text);
    }
    int n = Integer.parseInt(text);
    if (n < min || n > max) {
      throw new IllegalArgumentException(name + ": between " + min + " and " + max);
    }
    return n;
  }
}
