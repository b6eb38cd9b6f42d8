package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * {@code <participant>} (RFC 7865 §6.4). {@code send}/{@code recv} are not RFC 7865 here but the
 * pre-RFC way (Oracle, AudioCodes legacy, BroadWorks) to tie the participant to its streams.
 */
public class ParticipantElement {
  @XmlAttribute(name = "participant_id")
  public String id;

  @XmlAttribute(name = "session_id")
  public String sessionId;

  @XmlElement(name = "nameID")
  public List<NameIdElement> nameIds = new ArrayList<>();

  @XmlElement(name = "send")
  public List<String> send = new ArrayList<>();

  @XmlElement(name = "recv")
  public List<String> recv = new ArrayList<>();

  @XmlElement(name = "associate-time")
  public String associateTime;

  /** extensiondata (Oracle), channel/role (Intrado), anything else. */
  @XmlAnyElement public List<Element> extensions = new ArrayList<>();
}
