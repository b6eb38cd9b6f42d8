package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

/**
 * {@code <sessionrecordingassoc>} (RFC 7865 §6.7): when the session's recording began and ended.
 */
public class SessionRecordingAssocElement {
  @XmlAttribute(name = "session_id")
  public String sessionId;

  @XmlElement(name = "associate-time")
  public String associateTime;

  @XmlElement(name = "disassociate-time")
  public String disassociateTime;
}
