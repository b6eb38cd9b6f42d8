package io.siprec.srs.metadata;

import io.siprec.srs.session.metadata.ParticipantRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Named facts from vendor extensions inside the metadata, found by element name whatever the
 * namespace or prefix (AudioCodes' documentation binds the default namespace where the wire uses
 * {@code ac:}). Unknown extensions are ignored, never fatal; the raw XML keeps them.
 *
 * <ul>
 *   <li>Oracle (Acme Packet): {@code apkt:ucid}, {@code apkt:callerOrig} on the session; {@code
 *       apkt:callingParty}, {@code apkt:request-uri}, {@code apkt:realm}, {@code apkt:header
 *       label=".."><value>} on participants;
 *   <li>Ribbon: {@code <callData>} with {@code fromhdr}, {@code tohdr}, {@code callid}, {@code
 *       gcid};
 *   <li>AudioCodes: {@code AvayaUCID}, {@code GenesysUUID};
 *   <li>BroadWorks: {@code broadWorksRecordingMetadata} (extTrackingID, callID, userID, callType,
 *       ...);
 *   <li>CPaaS SRCs: {@code ExtensionParameters};
 *   <li>Intrado VIPER: {@code <role>calling</role>} and {@code <channel>} in participants.
 * </ul>
 */
final class VendorExtensions {
  private VendorExtensions() {}

  /** Call-level identifiers from extensions anywhere above participants. */
  static Map<String, String> callIdentifiers(List<Element> extensions) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (Element root : extensions) {
      for (Element e : withDescendants(root)) {
        String text = text(e);
        switch (e.getLocalName()) {
          case "ucid":
            ids.putIfAbsent("ucid", stripEncoding(text));
            break;
          case "callerOrig":
            ids.putIfAbsent("oracleCallerOrig", text);
            break;
          case "AvayaUCID":
            ids.putIfAbsent("ucid", text);
            break;
          case "GenesysUUID":
            ids.putIfAbsent("genesysUuid", text);
            break;
          case "callData":
            for (Element c : DialectRewriter.children(e)) {
              String key =
                  Map.of(
                          "fromhdr",
                          "originalFrom",
                          "tohdr",
                          "originalTo",
                          "callid",
                          "originalCallId",
                          "gcid",
                          "gcid")
                      .get(c.getLocalName());
              if (key != null && !text(c).isEmpty()) {
                ids.putIfAbsent(key, text(c));
              }
            }
            break;
          case "broadWorksRecordingMetadata":
            for (Element c : withDescendants(e)) {
              if (c != e && DialectRewriter.children(c).isEmpty() && !text(c).isEmpty()) {
                ids.putIfAbsent("broadworks." + c.getLocalName(), text(c));
              } else if (c != e && "callType".equals(c.getLocalName())) {
                // <callType><termCall/></callType>: the child's name is the value
                DialectRewriter.children(c).stream()
                    .findFirst()
                    .ifPresent(t -> ids.putIfAbsent("broadworks.callType", t.getLocalName()));
              }
            }
            break;
          case "ExtensionParameters":
            for (Element c : DialectRewriter.children(e)) {
              ids.putIfAbsent("ext." + c.getLocalName(), text(c));
            }
            break;
          default:
            break;
        }
      }
    }
    return ids;
  }

  /** Facts about one participant from its extensions. */
  record ParticipantFacts(ParticipantRole role, Map<String, String> attributes) {}

  static ParticipantFacts participant(List<Element> extensions) {
    ParticipantRole role = ParticipantRole.UNKNOWN;
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Element root : extensions) {
      for (Element e : withDescendants(root)) {
        String text = text(e);
        switch (e.getLocalName()) {
          case "callingParty":
            role =
                "true".equalsIgnoreCase(text)
                    ? ParticipantRole.CALLER
                    : "false".equalsIgnoreCase(text) ? ParticipantRole.CALLEE : role;
            break;
          case "role": // Intrado: calling / called
            String r = text.toLowerCase(Locale.ROOT);
            role =
                r.startsWith("calling") || r.equals("caller")
                    ? ParticipantRole.CALLER
                    : r.startsWith("called") || r.equals("callee") ? ParticipantRole.CALLEE : role;
            break;
          case "request-uri":
            attributes.put("requestUri", text);
            break;
          case "realm":
            attributes.put("realm", text);
            break;
          case "channel":
            attributes.put("channel", text);
            break;
          case "header":
            String label = e.getAttribute("label");
            Element value =
                DialectRewriter.children(e).stream()
                    .filter(c -> "value".equals(c.getLocalName()))
                    .findFirst()
                    .orElse(null);
            if (!label.isEmpty()) {
              attributes.put("header." + label, value == null ? text : text(value));
            }
            break;
          default:
            break;
        }
      }
    }
    return new ParticipantFacts(role, attributes);
  }

  private static List<Element> withDescendants(Element root) {
    List<Element> out = new ArrayList<>();
    collect(root, out, 0);
    return out;
  }

  private static void collect(Element e, List<Element> out, int depth) {
    out.add(e);
    if (depth > 16) {
      return;
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        collect((Element) c, out, depth + 1);
      }
    }
  }

  private static String text(Element e) {
    return e.getTextContent() == null ? "" : e.getTextContent().strip();
  }

  private static String stripEncoding(String ucid) {
    int semicolon = ucid.indexOf(';');
    return semicolon < 0 ? ucid : ucid.substring(0, semicolon);
  }
}
