package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each recording is kept: rules read from the file {@code srs.archive.retention-policy},
 * tried in order, the first whose conditions all match wins; no match keeps the session {@code
 * srs.archive.retention-days} (rule {@value #DEFAULT_RULE}). One rule a line, fields separated by
 * {@code ;}, {@code #} starts a comment line:
 *
 * <pre>
 * name ; key=pattern ; key=pattern ... ; keep=period
 * bank-a ; route=events.bank-a ; keep=3650d
 * agents ; role=callee ; aor=sip:*@pbx.example.com ; keep=90d
 * </pre>
 *
 * Keys: {@code src} (the SRC's IP address), {@code ua} (its User-Agent), {@code vendor}, {@code
 * route} (the events queue of {@code srs.jms.events-routes}: the tenant), {@code aor} and {@code
 * role} (any participant's), {@code field.<name>} (a participant attribute or call identifier of
 * that name). A pattern matches the whole value, {@code *} standing for any run of characters, case
 * ignored. A period is a whole number with {@code d}, {@code h}, {@code m} or {@code s}, or {@code
 * forever}.
 */
final class RetentionPolicy {
  static final String DEFAULT_RULE = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern PERIOD = Pattern.compile("([0-9]{1,9})([dhms])");
  private static final Set<String> KEYS = Set.of("src", "ua", "vendor", "route", "aor", "role");
  private static final String FIELD = "field.";

  private record Condition(String key, Pattern pattern) {
    boolean matches(RetentionFacts f) {
      return switch (key) {
        case "src" -> pattern.matcher(f.src()).matches();
        case "ua" -> pattern.matcher(f.userAgent()).matches();
        case "vendor" -> pattern.matcher(f.vendor()).matches();
        case "route" -> pattern.matcher(f.route()).matches();
        case "aor" -> f.aors().stream().anyMatch(a -> pattern.matcher(a).matches());
        case "role" -> f.roles().stream().anyMatch(r -> pattern.matcher(r).matches());
        default ->
            f.fields().getOrDefault(key.substring(FIELD.length()), List.of()).stream()
                .anyMatch(v -> pattern.matcher(v).matches());
      };
    }
  }

  /**
   * @param keep null: forever
   * @param period as written, for retention.json
   */
  private record Rule(String name, List<Condition> conditions, Duration keep, String period) {}

  private final List<Rule> rules;
  private final int defaultDays;

  private RetentionPolicy(List<Rule> rules, int defaultDays) {
    this.rules = List.copyOf(rules);
    this.defaultDays = defaultDays;
  }

  /** No rules: every session is kept {@code days} (0: forever). */
  static RetentionPolicy defaultOnly(int days) {
    return new RetentionPolicy(List.of(), days);
  }

  /**
   * @throws IllegalArgumentException naming the file, line and what is wrong with it
   */
  static RetentionPolicy read(Path file, int defaultDays) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString(), defaultDays);
  }

  /**
   * @param source where the lines come from, for error messages
   * @throws IllegalArgumentException naming the source, line and what is wrong with it
   */
  static RetentionPolicy parse(List<String> lines, String source, int defaultDays) {
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1) + ": ";
      Rule rule = rule(line, where);
      if (rule.name().equals(DEFAULT_RULE) || !names.add(rule.name())) {
        throw new IllegalArgumentException(
            where + "rule name '" + rule.name() + "' is reserved or used twice");
      }
      rules.add(rule);
    }
    return new RetentionPolicy(rules, defaultDays);
  }

  private static Rule rule(String line, String where) {
    String[] fields = line.split(";", -1);
    String name = fields[0].strip();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          where
              + "a rule starts with its name (letters, digits, '.', '_', '-'), not '"
              + name
              + "'");
    }
    List<Condition> conditions = new ArrayList<>();
    String period = null;
    for (int f = 1; f < fields.length; f++) {
      String field = fields[f].strip();
      int equals = field.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(where + "'" + field + "' is not key=value");
      }
      String key = field.substring(0, equals).strip().toLowerCase(Locale.ROOT);
      String value = field.substring(equals + 1).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(where + "'" + key + "' has no value");
      }
      if (key.equals("keep")) {
        if (period != null) {
          throw new IllegalArgumentException(where + "keep is given twice");
        }
        period = value.toLowerCase(Locale.ROOT);
        keepOf(period, where);
      } else if (KEYS.contains(key) || (key.startsWith(FIELD) && key.length() > FIELD.length())) {
        conditions.add(new Condition(key, glob(value)));
      } else {
        throw new IllegalArgumentException(
            where
                + "unknown key '"
                + key
                + "' (src, ua, vendor, route, aor, role, field.<name>, keep)");
      }
    }
    if (period == null) {
      throw new IllegalArgumentException(where + "rule '" + name + "' has no keep=<period>");
    }
    return new Rule(name, conditions, keepOf(period, where).orElse(null), period);
  }

  /** Empty for forever. */
  private static Optional<Duration> keepOf(String period, String where) {
    if (period.equals("forever")) {
      return Optional.empty();
    }
    Matcher m = PERIOD.matcher(period);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          where + "keep '" + period + "' is not a number with d, h, m or s, nor forever");
    }
    long n = Long.parseLong(m.group(1));
    Duration keep =
        switch (m.group(2)) {
          case "d" -> Duration.ofDays(n);
          case "h" -> Duration.ofHours(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
    if (keep.isZero()) {
      throw new IllegalArgumentException(where + "keep must be more than 0 (or forever)");
    }
    return Optional.of(keep);
  }

  private static Pattern glob(String pattern) {
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      parts.add(Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  boolean hasRules() {
    return !rules.isEmpty();
  }

  /** The shortest period a rule or the default keeps a session; empty when all keep forever. */
  Optional<Duration> shortestKeep() {
    List<Duration> keeps = new ArrayList<>();
    rules.stream().map(Rule::keep).filter(k -> k != null).forEach(keeps::add);
    if (defaultDays > 0) {
      keeps.add(Duration.ofDays(defaultDays));
    }
    return keeps.stream().min(Duration::compareTo);
  }

  /**
   * The session's retention, decided once when it ends. A rule's period runs from the end; the
   * default's, as it always did, by whole UTC days from the day the session started.
   *
   * @param day the UTC day folder the session is in
   * @param endedAt when the session ended (or the archive stopped writing it)
   */
  RetentionDecision decide(RetentionFacts facts, LocalDate day, Instant endedAt, Instant now) {
    for (Rule r : rules) {
      if (r.conditions().stream().allMatch(c -> c.matches(facts))) {
        return new RetentionDecision(
            r.name(), r.period(), now, r.keep() == null ? null : endedAt.plus(r.keep()));
      }
    }
    return defaultFor(day, now);
  }

  /** The default rule for a session in {@code day}: {@code srs.archive.retention-days}. */
  RetentionDecision defaultFor(LocalDate day, Instant now) {
    if (defaultDays <= 0) {
      return new RetentionDecision(DEFAULT_RULE, "forever", now, null);
    }
    return new RetentionDecision(
        DEFAULT_RULE,
        defaultDays + "d",
        now,
        day.plusDays(defaultDays).atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
