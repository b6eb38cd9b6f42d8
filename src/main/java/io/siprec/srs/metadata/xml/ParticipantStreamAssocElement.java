package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <participantstreamassoc>} (RFC 7865 §6.9): which streams a participant sends and receives.
 */
public class ParticipantStreamAssocElement {
  @XmlAttribute(name = "participant_id")
  public String participantId;

  @XmlElement(name = "send")
  public List<String> send = new ArrayList<>();

  @XmlElement(name = "recv")
  public List<String> recv = new ArrayList<>();

  @XmlElement(name = "associate-time")
  public String associateTime;

  @XmlElement(name = "disassociate-time")
  public String disassociateTime;
}
