/**
 * JAXB model of RFC 7865 recording metadata ({@code urn:ietf:params:xml:ns:recording:1}). Vendor
 * dialects are rewritten into this shape before unmarshalling; extensions stay as DOM elements.
 */
@XmlSchema(namespace = Rfc7865.NAMESPACE, elementFormDefault = XmlNsForm.QUALIFIED)
@XmlAccessorType(XmlAccessType.FIELD)
package io.siprec.srs.metadata.xml;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
