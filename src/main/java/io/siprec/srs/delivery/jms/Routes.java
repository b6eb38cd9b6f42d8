package io.siprec.srs.delivery.jms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which queue a stream's chunks, or a session's events, go to: rules tried in order, the first that
 * matches wins, else the default queue. A rule is {@code key:pattern=queue}, rules are separated by
 * {@code ;}, and a pattern may use {@code *} for any run of characters (case does not matter).
 * Keys:
 *
 * <ul>
 *   <li>{@code vendor}: the SRC vendor detected (cisco, oracle, audiocodes, avaya, ribbon, ...);
 *   <li>{@code src}: the SRC's IP address;
 *   <li>{@code aor}: a participant's address of record (for audio: one heard on the stream; for
 *       events: any participant), e.g. {@code aor:*@tenant-a.example.com} routes by tenant;
 *   <li>{@code role}: who is heard on the stream, caller, callee, mixed or unknown (audio only);
 *   <li>{@code label}: the stream's label (audio only).
 * </ul>
 *
 * <p>Example: {@code role:caller=asr.caller;aor:*@acme.example.com=asr.acme}.
 */
final class Routes {
  /** What a routing decision looks at. Values never null. */
  record Facts(String vendor, String src, List<String> aors, String role, String label) {}

  private record Rule(String key, Pattern pattern, String queue) {}

  private static final List<String> KEYS = List.of("vendor", "src", "aor", "role", "label");

  private final List<Rule> rules;
  private final String fallback;

  private Routes(List<Rule> rules, String fallback) {
    this.rules = rules;
    this.fallback = fallback;
  }

  /**
   * @throws IllegalArgumentException naming the rule that cannot be read
   */
  static Routes parse(String spec, String fallback) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : spec.split(";")) {
      String rule = raw.strip();
      if (rule.isEmpty()) {
        continue;
      }
      int colon = rule.indexOf(':');
      int equals = rule.lastIndexOf('=');
      if (colon <= 0 || equals < colon) {
        throw new IllegalArgumentException("routing rule '" + rule + "' is not key:pattern=queue");
      }
      String key = rule.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String pattern = rule.substring(colon + 1, equals).strip();
      String queue = rule.substring(equals + 1).strip();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "routing rule '" + rule + "': key must be one of " + KEYS);
      }
      if (pattern.isEmpty() || queue.isEmpty()) {
        throw new IllegalArgumentException(
            "routing rule '" + rule + "' needs a pattern and a queue");
      }
      rules.add(new Rule(key, glob(pattern), queue));
    }
    return new Routes(List.copyOf(rules), fallback);
  }

  boolean isTrivial() {
    return rules.isEmpty();
  }

  String queueFor(Facts facts) {
    for (Rule r : rules) {
      if (matches(r, facts)) {
        return r.queue();
      }
    }
    return fallback;
  }

  /** Every queue a rule or the default can name, for consumers to subscribe to. */
  List<String> queues() {
    List<String> all = new ArrayList<>();
    all.add(fallback);
    rules.stream().map(Rule::queue).filter(q -> !all.contains(q)).forEach(all::add);
    return all;
  }

  private static boolean matches(Rule r, Facts f) {
    return switch (r.key()) {
      case "vendor" -> r.pattern().matcher(f.vendor()).matches();
      case "src" -> r.pattern().matcher(f.src()).matches();
      case "role" -> r.pattern().matcher(f.role()).matches();
      case "label" -> r.pattern().matcher(f.label()).matches();
      default -> f.aors().stream().anyMatch(a -> r.pattern().matcher(a).matches());
    };
  }

  private static Pattern glob(String pattern) {
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      parts.add(Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }
}
