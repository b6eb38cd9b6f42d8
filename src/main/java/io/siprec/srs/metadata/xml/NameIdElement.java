package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlValue;

/** {@code <nameID aor="...">} with an optional {@code <name xml:lang="..">} (RFC 7865 §6.4.1). */
public class NameIdElement {
  @XmlAttribute(name = "aor")
  public String aor;

  @XmlElement(name = "name")
  public Name name;

  /** The display name. */
  public static class Name {
    @XmlValue public String value;

    @XmlAttribute(name = "lang", namespace = "http://www.w3.org/XML/1998/namespace")
    public String lang;
  }
}
