package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** {@code <stream>} (RFC 7865 §6.5): its label is the SDP {@code a=label} of a recorded m= line. */
public class StreamElement {
  @XmlAttribute(name = "stream_id")
  public String id;

  @XmlAttribute(name = "session_id")
  public String sessionId;

  @XmlElement(name = "label")
  public String label;

  /** Pre-RFC: "separate" or "mixed". */
  @XmlElement(name = "mode")
  public String mode;

  @XmlAnyElement public List<Element> extensions = new ArrayList<>();
}
