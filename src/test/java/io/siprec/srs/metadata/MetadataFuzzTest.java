package io.siprec.srs.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.RecordingMetadata;
import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;

/**
 * Jazzer on recording metadata as an SRC sends it: the secure XML parse, the rewriting of every
 * SRC dialect into RFC 7865's shape ({@link DialectRewriter}), JAXB and the normalisation after
 * it. The contract: {@link MetadataReader#read} gives a {@link RecordingMetadata} or throws
 * {@link MetadataException}, nothing else (a DOM or JAXB error escaping is a finding); what it
 * gives names its dialect; one document costs a bounded amount of memory (the reader's 128 KiB size limit and its DOCTYPE ban are what bound it).
 *
 * <p>Regression inputs: {@code MetadataFuzzTestInputs/metadata/} (findings) and the {@code metadata}
 * and {@code dialects} fixture folders, which the build copies in beside them.
 */
class MetadataFuzzTest {
  private static final long ALLOCATION_BUDGET = 64L << 20;

  private final MetadataReader reader = new MetadataReader(128 * 1024);

  @FuzzTarget
  void metadata(byte[] xml) {
    FuzzSupport.withinAllocationBudget("one metadata document", ALLOCATION_BUDGET, () -> read(xml));
  }

  private void read(byte[] xml) {
    RecordingMetadata read;
    try {
      read = reader.read(xml);
    } catch (MetadataException documented) {
      return;
    }
    assertThat(read.dialect()).isNotBlank();
  }
}
