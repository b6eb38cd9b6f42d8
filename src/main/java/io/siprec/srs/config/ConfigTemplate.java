package io.siprec.srs.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${srs.key}} placeholders in a configuration file (server.xml, the SIP stack
 * properties, broker.xml) from the effective settings, so every file in server-config follows the
 * same override rules. An unknown placeholder is an error, never left in place silently.
 *
 * <p>A part that only some settings need (the TLS connector and its keystore) sits between a line
 * holding {@code srs:if srs.some.flag} and one holding {@code srs:end} (inside an XML comment or
 * after a {@code #}); it is kept when the flag's value is {@code true}, dropped otherwise, and the
 * marker lines go either way.
 */
public final class ConfigTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(srs\\.[a-z0-9.-]+)}");

  private ConfigTemplate() {}

  private static final Pattern IF = Pattern.compile("srs:if\\s+(srs\\.[a-z0-9.-]+)");

  public static String render(String template, Map<String, String> values, String fileName) {
    Matcher m = PLACEHOLDER.matcher(conditionals(template, values, fileName));
    StringBuilder out = new StringBuilder(template.length());
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new InvalidSettingsException(
            List.of(fileName + ": unknown placeholder ${" + m.group(1) + "}"));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escapeXml(value, fileName)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String conditionals(String template, Map<String, String> values, String fileName) {
    StringBuilder out = new StringBuilder(template.length());
    Boolean keeping = null; // null: outside any block
    int lineNumber = 0;
    for (String line : template.split("(?<=\n)", -1)) {
      lineNumber++;
      Matcher start = IF.matcher(line);
      if (start.find()) {
        if (keeping != null) {
          throw new InvalidSettingsException(
              List.of(fileName + " line " + lineNumber + ": nested srs:if"));
        }
        String flag = values.get(start.group(1));
        if (flag == null) {
          throw new InvalidSettingsException(
              List.of(fileName + " line " + lineNumber + ": unknown flag " + start.group(1)));
        }
        keeping = flag.equals("true");
      } else if (line.contains("srs:end")) {
        if (keeping == null) {
          throw new InvalidSettingsException(
              List.of(fileName + " line " + lineNumber + ": srs:end without srs:if"));
        }
        keeping = null;
      } else if (keeping == null || keeping) {
        out.append(line);
      }
    }
    if (keeping != null) {
      throw new InvalidSettingsException(List.of(fileName + ": srs:if without srs:end"));
    }
    return out.toString();
  }

  private static String escapeXml(String value, String fileName) {
    if (!fileName.endsWith(".xml")) {
      return value;
    }
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
