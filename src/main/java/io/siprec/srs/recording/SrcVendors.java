package io.siprec.srs.recording;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Names the SRC product a recording request comes from, for operators (console, events) and for
 * troubleshooting interop. Each clue is a documented habit of that product
 * (docs/siprec-interop.md): its User-Agent, the SDP origin user name it writes, its multipart
 * boundary, its metadata extension namespace. The first rule that matches wins; nothing here
 * changes how we answer.
 */
public final class SrcVendors {
  private SrcVendors() {}

  /** The clues one request offers. Strings are never null (empty when absent). */
  public record Clues(
      String userAgent,
      String sdpOriginUser,
      String boundary,
      String contact,
      String metadataXml,
      List<String> headerNames) {

    boolean ua(String regex) {
      // Compiled once per rule: every INVITE runs every rule.
      return USER_AGENT_PATTERNS
          .computeIfAbsent(regex, r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE))
          .matcher(userAgent)
          .find();
    }

    boolean xml(String text) {
      return metadataXml.contains(text);
    }

    boolean header(String name) {
      return headerNames.stream().anyMatch(h -> h.equalsIgnoreCase(name));
    }
  }

  private static final ConcurrentHashMap<String, Pattern> USER_AGENT_PATTERNS =
      new ConcurrentHashMap<>();

  private record Rule(String vendor, Predicate<Clues> matches) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "Oracle (Acme Packet) SBC",
              c -> c.xml("acmepacket.com") || c.ua("acme ?packet|oracle")),
          new Rule(
              "AudioCodes SBC",
              c ->
                  c.xml("http://AudioCodes")
                      || c.ua("mediant|audiocodes")
                      || c.sdpOriginUser().equalsIgnoreCase("AudiocodesGW")
                      || c.boundary().startsWith("boundary_ac")),
          new Rule(
              "Cisco CUBE (network-based recording)",
              c -> c.header("X-Cisco-Recording-Participant")),
          new Rule(
              "Cisco CUBE",
              c ->
                  c.sdpOriginUser().startsWith("CiscoSystemsSIP")
                      || c.ua("cisco")
                      || c.boundary().equals("uniqueBoundary")),
          new Rule(
              "Ribbon (Sonus) SBC",
              c ->
                  c.xml("urn:ietf:params:xml:ns:callData")
                      || c.ua("sonus|ribbon")
                      || c.sdpOriginUser().startsWith("Sonus")
                      || c.boundary().equals("sonus-content-delim")),
          new Rule("Avaya SBCE", c -> c.ua("avaya|asbce") || c.contact().contains("ASBCE")),
          new Rule(
              "BroadWorks / Webex Calling",
              c ->
                  c.xml("broadsoft")
                      || c.xml("urn:ietf:params:xml:ns:siprec")
                      || c.ua("broadworks")
                      || c.boundary().equals("UniqueBroadWorksBoundary")),
          new Rule("OpenSIPS", c -> c.ua("opensips") || c.boundary().startsWith("OSS-")),
          new Rule(
              "FreeSWITCH",
              c -> c.ua("freeswitch") || c.sdpOriginUser().equalsIgnoreCase("FreeSWITCH")),
          new Rule("Intrado VIPER", c -> c.ua("intrado|viper")),
          new Rule("SEMS", c -> c.ua("sems")),
          new Rule("Genesys", c -> c.ua("genesys") || c.header("X-GenesysConversationID")),
          new Rule("CPaaS (Twilio style)", c -> c.header("X-AccountId") || c.ua("twilio")));

  public static String detect(Clues clues) {
    for (Rule rule : RULES) {
      if (rule.matches().test(clues)) {
        return rule.vendor();
      }
    }
    return "unknown";
  }
}
