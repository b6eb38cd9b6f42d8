package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

/**
 * {@code <participantsessionassoc>} (RFC 7865 §6.8): when a participant joined and left the
 * session.
 */
public class ParticipantSessionAssocElement {
  @XmlAttribute(name = "participant_id")
  public String participantId;

  @XmlAttribute(name = "session_id")
  public String sessionId;

  @XmlElement(name = "associate-time")
  public String associateTime;

  @XmlElement(name = "disassociate-time")
  public String disassociateTime;
}
