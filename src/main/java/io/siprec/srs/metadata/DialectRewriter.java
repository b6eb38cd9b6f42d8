package io.siprec.srs.metadata;

import io.siprec.srs.metadata.xml.Rfc7865;
import io.siprec.srs.session.metadata.MetadataRepair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.w3c.dom.Attr;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Rewrites the metadata dialects real SRCs send into RFC 7865's shape, so one JAXB model reads them
 * all (sources in docs/siprec-interop.md, summarised in docs/metadata.md):
 *
 * <ul>
 *   <li>the namespace without ":1" (Oracle, AudioCodes legacy, Ribbon), the draft namespace and its
 *       {@code recording_metadata} root (BroadWorks), or none, become the RFC namespace;
 *   <li>prefixed elements ({@code tns:}, Ribbon) lose nothing: namespaces, not prefixes, count;
 *   <li>{@code dataMode} becomes {@code datamode};
 *   <li>draft-era attributes become RFC ones: {@code id} to {@code group_id}/{@code session_id}/
 *       {@code participant_id}/{@code stream_id}, {@code session} to {@code session_id}, and
 *       BroadWorks' {@code session group=".."} to a {@code <group-ref>};
 *   <li>a participant's {@code <aor>}/{@code <name>} children (Oracle's documented older shape,
 *       BroadWorks) become a {@code <nameID>}; BroadWorks' {@code <send><id>x</id></send>} becomes
 *       {@code <send>x</send>}.
 * </ul>
 *
 * Elements of other namespaces (vendor extensions) are copied as they are.
 *
 * <p>Beyond the documented dialects it repairs, and reports as {@link MetadataRepair}s: a root
 * {@code recording} in an unknown namespace or in none (read as RFC 7865's), RFC 7865 element names
 * in another case ({@code DataMode}, {@code Participant}), and {@code datamode} values in another
 * case ({@code Partial}: Sonus/Ribbon).
 */
final class DialectRewriter {
  private static final Set<String> RECORDING_NAMESPACES =
      Set.of(Rfc7865.NAMESPACE, Rfc7865.LEGACY_NAMESPACE, Rfc7865.DRAFT_NAMESPACE);
  private static final Map<String, String> ID_ATTRIBUTE =
      Map.of(
          "group",
          "group_id",
          "session",
          "session_id",
          "participant",
          "participant_id",
          "stream",
          "stream_id");

  /**
   * Every RFC 7865 element name we read (and the dialects' {@code aor}, {@code id}), by its lower
   * case.
   */
  private static final Map<String, String> ELEMENT_NAMES =
      Stream.of(
              "recording",
              "recording_metadata",
              "datamode",
              "group",
              "session",
              "participant",
              "stream",
              "sessionrecordingassoc",
              "participantsessionassoc",
              "participantstreamassoc",
              "nameID",
              "name",
              "send",
              "recv",
              "associate-time",
              "disassociate-time",
              "sipSessionID",
              "group-ref",
              "start-time",
              "stop-time",
              "label",
              "mode",
              "aor",
              "id")
          .collect(
              Collectors.toUnmodifiableMap(n -> n.toLowerCase(Locale.ROOT), Function.identity()));

  private final Set<String> quirks = new LinkedHashSet<>();
  private final Set<MetadataRepair> repairs = EnumSet.noneOf(MetadataRepair.class);

  /**
   * A namespace no SRC is documented to use, which the root's {@code recording} is in: read as RFC
   * 7865's.
   */
  private String strayNamespace;

  private Document out;

  /** The rewritten document, what had to be rewritten (the dialect) and what repaired. */
  record Result(Document document, String dialect, Set<MetadataRepair> repairs) {}

  static Result rewrite(Document in) {
    return new DialectRewriter().run(in);
  }

  private Result run(Document in) {
    Element root = in.getDocumentElement();
    String ns = root.getNamespaceURI();
    String name = ELEMENT_NAMES.get(String.valueOf(root.getLocalName()).toLowerCase(Locale.ROOT));
    boolean recordingRoot = "recording".equals(name) || "recording_metadata".equals(name);
    if (!recordingRoot) {
      throw new MetadataException(
          "Recording metadata root is "
              + (ns == null ? "" : "{" + ns + "}")
              + root.getLocalName()
              + ", not RFC 7865 <recording>");
    }
    if (ns != null && !RECORDING_NAMESPACES.contains(ns)) {
      strayNamespace = ns;
      repairs.add(MetadataRepair.WRONG_NAMESPACE);
    } else if (ns == null) {
      repairs.add(MetadataRepair.NO_NAMESPACE);
    }
    String base;
    if (Rfc7865.NAMESPACE.equals(ns)) {
      base = "RFC 7865";
    } else if (Rfc7865.LEGACY_NAMESPACE.equals(ns)) {
      base = "pre-RFC namespace " + Rfc7865.LEGACY_NAMESPACE;
    } else if (Rfc7865.DRAFT_NAMESPACE.equals(ns) || "recording_metadata".equals(name)) {
      base = "draft-ietf-siprec-metadata (" + name + ", " + ns + ")";
    } else if (ns != null) {
      base = "unknown namespace " + ns;
    } else {
      base = "no namespace";
    }
    if (root.getPrefix() != null) {
      quirks.add("prefixed elements");
    }
    // An empty document from the parsed one's implementation: no builder (a Xerces pipeline) per
    // call.
    out = root.getOwnerDocument().getImplementation().createDocument(null, null, null);
    out.appendChild(copy(root, null));
    StringBuilder dialect = new StringBuilder(base);
    quirks.forEach(q -> dialect.append("; ").append(q));
    return new Result(out, dialect.toString(), repairs);
  }

  private boolean isRecording(Node n) {
    String ns = n.getNamespaceURI();
    return ns == null
        ? n.getOwnerDocument().getDocumentElement().getNamespaceURI() == null
        : RECORDING_NAMESPACES.contains(ns) || ns.equals(strayNamespace);
  }

  private Element copy(Element e, String parentName) {
    String name = canonicalName(e.getLocalName());
    if ("datamode".equals(name)) {
      return datamode(e);
    }
    Element copy = out.createElementNS(Rfc7865.NAMESPACE, name);
    NamedNodeMap attributes = e.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr a = (Attr) attributes.item(i);
      if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
        continue;
      }
      if (a.getNamespaceURI() != null) {
        try {
          copy.setAttributeNS(a.getNamespaceURI(), a.getName(), a.getValue());
        } catch (DOMException ignored) {
          // a foreign attribute DOM will not take as it is (say, the XML namespace under another
          // prefix): not RFC 7865's, so nothing we read is lost
        }
        continue;
      }
      copy.setAttribute(
          canonicalAttribute(
              name, a.getLocalName() == null ? a.getName() : a.getLocalName(), copy, a),
          a.getValue());
    }
    if ("participant".equals(name)) {
      participantNameId(e, copy);
    }
    for (Node child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeType() == Node.ELEMENT_NODE) {
        Element c = (Element) child;
        String local = isRecording(c) ? known(c.getLocalName()) : c.getLocalName();
        if (!isRecording(c)) {
          copy.appendChild(out.importNode(c, true)); // a vendor extension: as it is
        } else if ("participant".equals(name) && ("aor".equals(local) || "name".equals(local))) {
          continue; // folded into nameID above
        } else if (("send".equals(local) || "recv".equals(local)) && hasElementChild(c)) {
          quirks.add("send/recv holding <id> elements");
          for (Element id : children(c)) {
            Element flat = out.createElementNS(Rfc7865.NAMESPACE, local);
            flat.setTextContent(id.getTextContent().strip());
            copy.appendChild(flat);
          }
        } else {
          copy.appendChild(copy(c, name));
        }
      } else if (child.getNodeType() == Node.TEXT_NODE
          || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        copy.appendChild(out.createTextNode(child.getNodeValue()));
      }
    }
    if ("participant".equals(name) && (hasChild(e, "send") || hasChild(e, "recv"))) {
      quirks.add("send/recv inside participant");
    }
    return copy;
  }

  private String canonicalName(String local) {
    switch (local) {
      case "dataMode":
        quirks.add("dataMode");
        return "datamode";
      case "recording_metadata":
        return "recording";
      default:
        String known = known(local);
        return "recording_metadata".equals(known) ? "recording" : known;
    }
  }

  /**
   * An RFC 7865 name written in another case, in its own case (a repair); any other name as it is.
   */
  private String known(String local) {
    String known = ELEMENT_NAMES.get(local.toLowerCase(Locale.ROOT));
    if (known == null || known.equals(local) || "dataMode".equals(local)) {
      return known == null ? local : known;
    }
    repairs.add(MetadataRepair.ELEMENT_CASE);
    return known;
  }

  /** {@code <datamode>}: RFC 7865 §6.1 says {@code complete} or {@code partial}, in lower case. */
  private Element datamode(Element e) {
    Element copy = out.createElementNS(Rfc7865.NAMESPACE, "datamode");
    String value = e.getTextContent().strip();
    String lower = value.toLowerCase(Locale.ROOT);
    if (!lower.equals(value) && (lower.equals("complete") || lower.equals("partial"))) {
      repairs.add(MetadataRepair.DATAMODE_CASE);
      value = lower;
    }
    copy.setTextContent(value);
    return copy;
  }

  private String canonicalAttribute(String element, String attribute, Element copy, Attr original) {
    if ("id".equals(attribute) && ID_ATTRIBUTE.containsKey(element)) {
      quirks.add("id/session attributes");
      return ID_ATTRIBUTE.get(element);
    }
    if ("session".equals(attribute)
        && ("participant".equals(element) || "stream".equals(element))) {
      return "session_id";
    }
    if ("group".equals(attribute) && "session".equals(element)) {
      Element ref = out.createElementNS(Rfc7865.NAMESPACE, "group-ref");
      ref.setTextContent(original.getValue());
      copy.appendChild(ref);
      return "group";
    }
    return attribute;
  }

  /**
   * Oracle's older shape and BroadWorks: {@code <aor>} and {@code <name>} straight in participant.
   */
  private void participantNameId(Element participant, Element copy) {
    Element aor = first(participant, "aor");
    Element name = first(participant, "name");
    if (aor == null && name == null) {
      return;
    }
    quirks.add("aor/name inside participant");
    Element nameId = out.createElementNS(Rfc7865.NAMESPACE, "nameID");
    if (aor != null) {
      nameId.setAttribute("aor", aor.getTextContent().strip());
    }
    if (name != null) {
      Element n = out.createElementNS(Rfc7865.NAMESPACE, "name");
      n.setTextContent(name.getTextContent());
      nameId.appendChild(n);
    }
    copy.appendChild(nameId);
  }

  private Element first(Element parent, String local) {
    for (Element c : children(parent)) {
      if (isRecording(c)
          && local.equals(
              ELEMENT_NAMES.getOrDefault(
                  c.getLocalName().toLowerCase(Locale.ROOT), c.getLocalName()))) {
        return c;
      }
    }
    return null;
  }

  private boolean hasChild(Element parent, String local) {
    return first(parent, local) != null;
  }

  private static boolean hasElementChild(Element e) {
    return !children(e).isEmpty();
  }

  static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        out.add((Element) c);
      }
    }
    return out;
  }
}
