package io.siprec.srs.session.metadata;

/**
 * A stream as the metadata describes it; its label ties it to an SDP m= line.
 *
 * @param label the label text, or empty when the SRC gave none
 * @param mode "separate", "mixed" or empty (draft-era and Oracle metadata say it)
 */
public record MetadataStream(String id, String label, String mode) {
  public MetadataStream {
    id = id == null ? "" : id;
    label = label == null ? "" : label.strip();
    mode = mode == null ? "" : mode.strip();
  }
}
