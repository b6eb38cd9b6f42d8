package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** {@code <group>} (RFC 7865 §6.2): communication sessions recorded together. */
public class GroupElement {
  @XmlAttribute(name = "group_id")
  public String id;

  @XmlElement(name = "associate-time")
  public String associateTime;

  /** Ribbon puts {@code <callData>} here. */
  @XmlAnyElement public List<Element> extensions = new ArrayList<>();
}
