package io.siprec.srs.metadata.xml;

/** Names from RFC 7865 and the namespaces that SRCs use instead. */
public final class Rfc7865 {
  private Rfc7865() {}

  public static final String NAMESPACE = "urn:ietf:params:xml:ns:recording:1";

  /** Before RFC 7865 got its ":1": Oracle, AudioCodes legacy, Ribbon. */
  public static final String LEGACY_NAMESPACE = "urn:ietf:params:xml:ns:recording";

  /**
   * draft-ietf-siprec-metadata era: BroadWorks and Webex Calling ({@code recording_metadata} root).
   */
  public static final String DRAFT_NAMESPACE = "urn:ietf:params:xml:ns:siprec";
}
