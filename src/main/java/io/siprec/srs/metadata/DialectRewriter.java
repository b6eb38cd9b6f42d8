package io.siprec.srs.metadata;

import io.siprec.srs.metadata.xml.Rfc7865;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Rewrites the metadata dialects real SRCs send into RFC 7865's shape, so one JAXB model reads
 * them all (sources in docs/siprec-interop.md, summarised in docs/metadata.md):
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
 */
final class DialectRewriter {
  private static final Set<String> RECORDING_NAMESPACES =
      Set.of(Rfc7865.NAMESPACE, Rfc7865.LEGACY_NAMESPACE, Rfc7865.DRAFT_NAMESPACE);
  private static final Map<String, String> ID_ATTRIBUTE = Map.of(
      "group", "group_id", "session", "session_id", "participant", "participant_id", "stream", "stream_id");

  private final Set<String> quirks = new LinkedHashSet<>();
  private Document out;

  /** The rewritten document and what had to be rewritten. */
  record Result(Document document, String dialect) {}

  static Result rewrite(Document in) {
    return new DialectRewriter().run(in);
  }

  private Result run(Document in) {
    Element root = in.getDocumentElement();
    String ns = root.getNamespaceURI();
    String name = root.getLocalName();
    boolean recordingRoot = "recording".equals(name) || "recording_metadata".equals(name);
    if (!recordingRoot || !(ns == null || RECORDING_NAMESPACES.contains(ns))) {
      throw new MetadataException("Recording metadata root is " + (ns == null ? "" : "{" + ns + "}") + name
          + ", not RFC 7865 <recording>");
    }
    String base;
    if (Rfc7865.NAMESPACE.equals(ns)) {
      base = "RFC 7865";
    } else if (Rfc7865.LEGACY_NAMESPACE.equals(ns)) {
      base = "pre-RFC namespace " + Rfc7865.LEGACY_NAMESPACE;
    } else if (Rfc7865.DRAFT_NAMESPACE.equals(ns) || "recording_metadata".equals(name)) {
      base = "draft-ietf-siprec-metadata (" + name + ", " + ns + ")";
    } else {
      base = "no namespace";
    }
    if (root.getPrefix() != null) {
      quirks.add("prefixed elements");
    }
    // An empty document from the parsed one's implementation: no builder (a Xerces pipeline) per call.
    out = root.getOwnerDocument().getImplementation().createDocument(null, null, null);
    out.appendChild(copy(root, null));
    StringBuilder dialect = new StringBuilder(base);
    quirks.forEach(q -> dialect.append("; ").append(q));
    return new Result(out, dialect.toString());
  }

  private boolean isRecording(Node n) {
    String ns = n.getNamespaceURI();
    return ns == null ? n.getOwnerDocument().getDocumentElement().getNamespaceURI() == null
        : RECORDING_NAMESPACES.contains(ns);
  }

  private Element copy(Element e, String parentName) {
    String name = canonicalName(e.getLocalName());
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
        } catch (org.w3c.dom.DOMException ignored) {
          // a foreign attribute DOM will not take as it is (say, the XML namespace under another
          // prefix): not RFC 7865's, so nothing we read is lost
        }
        continue;
      }
      copy.setAttribute(canonicalAttribute(name, a.getLocalName() == null ? a.getName() : a.getLocalName(), copy, a),
          a.getValue());
    }
    if ("participant".equals(name)) {
      participantNameId(e, copy);
    }
    for (Node child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeType() == Node.ELEMENT_NODE) {
        Element c = (Element) child;
        if (!isRecording(c)) {
          copy.appendChild(out.importNode(c, true)); // a vendor extension: as it is
        } else if ("participant".equals(name) && ("aor".equals(c.getLocalName()) || "name".equals(c.getLocalName()))) {
          continue; // folded into nameID above
        } else if (("send".equals(c.getLocalName()) || "recv".equals(c.getLocalName())) && hasElementChild(c)) {
          quirks.add("send/recv holding <id> elements");
          for (Element id : children(c)) {
            Element flat = out.createElementNS(Rfc7865.NAMESPACE, c.getLocalName());
            flat.setTextContent(id.getTextContent().strip());
            copy.appendChild(flat);
          }
        } else {
          copy.appendChild(copy(c, name));
        }
      } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
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
        return local;
    }
  }

  private String canonicalAttribute(String element, String attribute, Element copy, Attr original) {
    if ("id".equals(attribute) && ID_ATTRIBUTE.containsKey(element)) {
      quirks.add("id/session attributes");
      return ID_ATTRIBUTE.get(element);
    }
    if ("session".equals(attribute) && ("participant".equals(element) || "stream".equals(element))) {
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

  /** Oracle's older shape and BroadWorks: {@code <aor>} and {@code <name>} straight in participant. */
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
      if (local.equals(c.getLocalName()) && isRecording(c)) {
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
