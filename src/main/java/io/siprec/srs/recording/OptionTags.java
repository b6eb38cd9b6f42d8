package io.siprec.srs.recording;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** SIP option tags (RFC 3261 §19.2) in Require and Supported headers, and which ones we know. */
public final class OptionTags {
  public static final String SIPREC = "siprec";

  /** RFC 4028 session timers. */
  public static final String TIMER = "timer";

  /** What we implement. Anything else in a Require header is answered 420. */
  static final Set<String> SUPPORTED = Set.of(SIPREC, TIMER);

  private OptionTags() {}

  /** All tags of all headers of one name; headers may hold comma-separated lists. */
  public static List<String> parse(Iterator<String> headerValues) {
    List<String> tags = new ArrayList<>();
    while (headerValues != null && headerValues.hasNext()) {
      String value = headerValues.next();
      if (value == null) {
        continue;
      }
      for (String tag : value.split(",")) {
        String t = tag.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) {
          tags.add(t);
        }
      }
    }
    return tags;
  }

  /** The required tags we do not support, for the 420's Unsupported header. */
  public static List<String> unsupported(List<String> required) {
    return required.stream().filter(t -> !SUPPORTED.contains(t)).distinct().toList();
  }
}
