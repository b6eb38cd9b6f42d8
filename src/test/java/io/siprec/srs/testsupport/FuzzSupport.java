package io.siprec.srs.testsupport;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Jazzer fuzz tests ({@code *FuzzTest}) share: a tolerant split of a raw SIP request into
 * Content-Type and body, and a per-input allocation check for the "no unbounded allocation"
 * contract.
 */
public final class FuzzSupport {
  private static final Pattern CONTENT_TYPE =
      Pattern.compile("(?im)^(?:Content-Type|c)[ \t]*:[ \t]*(.*?)\r?$");
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * While fuzzing, Jazzer's hooks (on regex, string comparison ...) allocate on the target's thread
   * too: an SDP offer that allocates 0.25 MB without them measured 8.5 MB with them. Budgets hold
   * as written in a regression run (hooks off, see pom.xml) and this many times over while fuzzing;
   * an input over budget only while fuzzing is no finding until its regression run fails too.
   */
  private static final int HOOKED_ALLOCATION_FACTOR = isFuzzing() ? 16 : 1;

  private FuzzSupport() {}

  /** Jazzer's own reading of JAZZER_FUZZ. */
  private static boolean isFuzzing() {
    String value = System.getenv("JAZZER_FUZZ");
    return value != null
        && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
  }

  /**
   * A raw SIP request cut as the container would hand it to us: the Content-Type header's value (or
   * its compact form {@code c}), null when absent, and the body after the first blank line (empty
   * when there is none). Never throws, whatever the bytes.
   */
  public record SipRequest(String contentType, byte[] body) {
    public static SipRequest split(byte[] raw) {
      int headEnd = indexOf(raw, "\r\n\r\n");
      int bodyStart = headEnd + 4;
      int lf = indexOf(raw, "\n\n");
      if (lf >= 0 && (headEnd < 0 || lf < headEnd)) {
        headEnd = lf;
        bodyStart = lf + 2;
      }
      if (headEnd < 0) {
        return new SipRequest(null, new byte[0]);
      }
      Matcher m = CONTENT_TYPE.matcher(new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1));
      String contentType = m.find() ? m.group(1).trim() : null;
      return new SipRequest(contentType, Arrays.copyOfRange(raw, bodyStart, raw.length));
    }

    private static int indexOf(byte[] haystack, String needle) {
      byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
      outer:
      for (int i = 0; i <= haystack.length - n.length; i++) {
        for (int j = 0; j < n.length; j++) {
          if (haystack[i + j] != n[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }

  /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
  public static long allocatedBytes() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * Runs {@code body} and fails if it allocated {@code budget} bytes or more. The first run of a
   * code path also pays for class loading and Jazzer's instrumentation of what it loads, so a run
   * over budget is measured once more, warm, before it counts: {@code body} must be repeatable.
   */
  public static void withinAllocationBudget(String what, long budget, Runnable body) {
    budget *= HOOKED_ALLOCATION_FACTOR;
    long used = measure(body);
    if (used >= budget) {
      used = measure(body);
      if (used >= budget) {
        throw new AssertionError(what + " allocated " + used + " bytes, budget " + budget);
      }
    }
  }

  private static long measure(Runnable body) {
    long before = allocatedBytes();
    body.run();
    return allocatedBytes() - before;
  }

  /** True when {@code part} occurs in {@code whole} as one contiguous run of bytes. */
  public static boolean containsRun(byte[] whole, byte[] part) {
    outer:
    for (int i = 0; i <= whole.length - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (whole[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
