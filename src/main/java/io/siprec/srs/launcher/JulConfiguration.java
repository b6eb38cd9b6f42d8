package io.siprec.srs.launcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * java.util.logging set-up for Tomcat's own messages: warnings and above, one line each, in the
 * same shape as the log4j lines. Named by {@code java.util.logging.config.class}, which also stops
 * Tomcat's JULI from installing its own console formatter.
 */
public final class JulConfiguration {
  /**
   * java.util.logging keeps loggers weakly: without this reference the level below is forgotten.
   */
  private static final Logger DIGESTER =
      Logger.getLogger("org.apache.catalina.startup.DigesterFactory");

  /**
   * Tomcat's report, at the application's stop, of thread-local values left on its threads. It is
   * logged as SEVERE for every value because in a container that redeploys a webapp they could pin
   * the old class loader. The standalone server never redeploys: it stops the container and the
   * process exits at once, so nothing can leak. The values (JAXB's per-thread class cache, Netty's
   * per-thread map, the resampler's scratch buffers from a session flushed on a SIP thread) are
   * counted here instead and summed up in one INFO line by the launcher.
   */
  private static final Logger CLASS_LOADER =
      Logger.getLogger("org.apache.catalina.loader.WebappClassLoader");

  private static final AtomicInteger threadLocalsLeftAtStop = new AtomicInteger();
  private static final Map<String, Boolean> threadLocalTypes = new ConcurrentHashMap<>();
  private static final Pattern VALUE_TYPE = Pattern.compile("and a value of type \\[([^\\]]+)\\]");

  /** How many thread-local values Tomcat reported at stop, and of which value types. */
  static String threadLocalsLeftAtStop() {
    return threadLocalsLeftAtStop.get() + " (" + String.join(", ", threadLocalTypes.keySet()) + ")";
  }

  static int threadLocalsLeftCount() {
    return threadLocalsLeftAtStop.get();
  }

  public JulConfiguration() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(
        new SimpleFormatter() {
          @Override
          public synchronized String format(LogRecord r) {
            String text =
                String.format(
                    "%1$tF %1$tT,%1$tL %2$-5s [jul] %3$s - %4$s%n",
                    r.getMillis(), r.getLevel().getName(), r.getLoggerName(), formatMessage(r));
            return r.getThrown() == null ? text : text + r.getThrown() + System.lineSeparator();
          }
        });
    root.addHandler(handler);
    root.setLevel(Level.WARNING);
    // Tomcat 7 looks for JSP/TLD schemas we do not ship; there are no JSPs here.
    DIGESTER.setLevel(Level.SEVERE);
    CLASS_LOADER.setFilter(
        r -> {
          String message = r.getMessage();
          if (message != null && message.contains("created a ThreadLocal with key of type")) {
            threadLocalsLeftAtStop.incrementAndGet();
            Matcher type = VALUE_TYPE.matcher(message);
            if (type.find()) {
              threadLocalTypes.put(type.group(1), Boolean.TRUE);
            }
            return false;
          }
          return true;
        });
  }
}
