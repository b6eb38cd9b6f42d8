package io.siprec.srs.launcher;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

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
  }
}
