package io.siprec.srs.session.metadata;

/**
 * A known fault of an SRC's metadata that the server repaired to read the document
 * (docs/metadata.md, "Repairs"). The text repairs are applied only to a document the XML parser
 * refused; the document as received is kept unchanged.
 */
public enum MetadataRepair {
  /**
   * A {@code &} that starts no reference, e.g. a caller name "AT&T" from a lookup (Cisco), escaped.
   */
  RAW_AMPERSAND("raw-ampersand"),
  /** A {@code <} in text that starts no markup, e.g. "1 < 2" or "Bob <sip:bob@...>", escaped. */
  RAW_LESS_THAN("raw-less-than"),
  /**
   * An attribute value without quotes ({@code label=P-Asserted-Identity}, Oracle's printed sample),
   * quoted.
   */
  UNQUOTED_ATTRIBUTE("unquoted-attribute"),
  /** Root {@code recording} in a namespace no SRC is documented to use: read as RFC 7865's. */
  WRONG_NAMESPACE("wrong-namespace"),
  /** Root {@code recording} in no namespace at all: read as RFC 7865's. */
  NO_NAMESPACE("no-namespace"),
  /**
   * RFC 7865 element names in another case ({@code DataMode}, {@code Participant}); {@code
   * dataMode} is a dialect.
   */
  ELEMENT_CASE("element-case"),
  /** {@code datamode} written {@code Partial} or {@code COMPLETE} (Sonus/Ribbon). */
  DATAMODE_CASE("datamode-case");

  private final String wireName;

  MetadataRepair(String wireName) {
    this.wireName = wireName;
  }

  /** The name in events, the console and the metrics. */
  public String wireName() {
    return wireName;
  }
}
