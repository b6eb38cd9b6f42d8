package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** {@code <recording>} (RFC 7865 §6.1). Children may come in any order (Cisco interleaves them). */
@XmlRootElement(name = "recording")
public class RecordingElement {
  @XmlElement(name = "datamode")
  public String datamode;

  @XmlElement(name = "group")
  public List<GroupElement> groups = new ArrayList<>();

  @XmlElement(name = "session")
  public List<SessionElement> sessions = new ArrayList<>();

  @XmlElement(name = "participant")
  public List<ParticipantElement> participants = new ArrayList<>();

  @XmlElement(name = "stream")
  public List<StreamElement> streams = new ArrayList<>();

  @XmlElement(name = "sessionrecordingassoc")
  public List<SessionRecordingAssocElement> sessionRecordingAssocs = new ArrayList<>();

  @XmlElement(name = "participantsessionassoc")
  public List<ParticipantSessionAssocElement> participantSessionAssocs = new ArrayList<>();

  @XmlElement(name = "participantstreamassoc")
  public List<ParticipantStreamAssocElement> participantStreamAssocs = new ArrayList<>();

  /** Extensions and anything else the SRC put at top level (BroadWorks' extensiondata, ...). */
  @XmlAnyElement public List<Element> other = new ArrayList<>();
}
