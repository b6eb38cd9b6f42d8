package io.siprec.srs.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${srs.key}} placeholders in a configuration file (server.xml, the SIP stack
 * properties, broker.xml) from the effective settings, so every file in server-config follows
 * the same override rules. An unknown placeholder is an error, never left in place silently.
 */
public final class ConfigTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(srs\\.[a-z0-9.-]+)}");

  private ConfigTemplate() {}

  public static String render(String template, Map<String, String> values, String fileName) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length());
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new InvalidSettingsException(
            java.util.List.of(fileName + ": unknown placeholder ${" + m.group(1) + "}"));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escapeXml(value, fileName)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String escapeXml(String value, String fileName) {
    if (!fileName.endsWith(".xml")) {
      return value;
    }
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
