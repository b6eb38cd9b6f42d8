package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** {@code <session>} (RFC 7865 §6.3): the recorded communication session. */
public class SessionElement {
  @XmlAttribute(name = "session_id")
  public String id;

  @XmlElement(name = "sipSessionID")
  public List<String> sipSessionIds = new ArrayList<>();

  @XmlElement(name = "group-ref")
  public String groupRef;

  @XmlElement(name = "start-time")
  public String startTime;

  @XmlElement(name = "stop-time")
  public String stopTime;

  @XmlElement(name = "associate-time")
  public String associateTime;

  /** Oracle's apkt:ucid, AudioCodes' AvayaUCID/GenesysUUID, CPaaS ExtensionParameters, ... */
  @XmlAnyElement public List<Element> extensions = new ArrayList<>();
}
