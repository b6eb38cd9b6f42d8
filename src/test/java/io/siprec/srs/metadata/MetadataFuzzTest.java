package io.siprec.srs.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Jazzer on recording metadata as an SRC sends it: the secure XML parse, the repair of a document
 * the parser refused ({@link MarkupRepair}) and the second parse, the rewriting of every SRC
 * dialect into RFC 7865's shape ({@link DialectRewriter}), JAXB and the normalisation after it. The
 * contract: {@link MetadataReader#read} gives a {@link RecordingMetadata} or throws {@link
 * MetadataException}, nothing else (a DOM or JAXB error escaping is a finding); what it gives names
 * its dialect; a text repair is only ever made to a document the parser refused; one document costs
 * a bounded amount of memory (the reader's 128 KiB size limit and its DOCTYPE ban are what bound
 * it).
 *
 * <p>The second target is the repairer alone, on any text: it never fails, never grows the text by
 * more than {@code &amp;} per character, names a repair whenever it changed something, and leaves a
 * well-formed document exactly as it is.
 *
 * <p>Regression inputs: {@code MetadataFuzzTestInputs/<method>/} (findings) and the {@code
 * metadata} fixture folder, which the build copies in beside them.
 */
class MetadataFuzzTest {
  private static final long ALLOCATION_BUDGET = 64L << 20;

  /** Repairs made to the text before parsing; the others are made to names of a parsed document. */
  private static final Set<MetadataRepair> TEXT_REPAIRS =
      EnumSet.of(
          MetadataRepair.RAW_AMPERSAND,
          MetadataRepair.RAW_LESS_THAN,
          MetadataRepair.UNQUOTED_ATTRIBUTE);

  private final MetadataReader reader = new MetadataReader(128 * 1024);

  @FuzzTarget
  void metadata(byte[] xml) {
    FuzzSupport.withinAllocationBudget("one metadata document", ALLOCATION_BUDGET, () -> read(xml));
  }

  @FuzzTarget
  void repair(byte[] bytes) {
    FuzzSupport.withinAllocationBudget("one repair", ALLOCATION_BUDGET, () -> repairText(bytes));
  }

  private void read(byte[] xml) {
    RecordingMetadata read;
    try {
      read = reader.read(xml);
    } catch (MetadataException documented) {
      return;
    }
    assertThat(read.dialect()).isNotBlank();
    if (read.repairs().stream().anyMatch(TEXT_REPAIRS::contains)) {
      assertThat(wellFormed(() -> SecureXml.parse(xml)))
          .as("a text repair made to a well-formed document")
          .isFalse();
    }
  }

  private static void repairText(byte[] bytes) {
    if (bytes.length > 128 * 1024) {
      return; // the reader never repairs more than srs.metadata.max-bytes
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    MarkupRepair.Result r = MarkupRepair.repair(text);
    assertThat((long) r.text().length())
        .as("repaired length")
        .isLessThanOrEqualTo(5L * text.length());
    if (r.applied().isEmpty()) {
      assertThat(r.text()).as("changed without naming a repair").isEqualTo(text);
    } else {
      assertThat(r.text()).as("a repair named but nothing changed").isNotEqualTo(text);
      assertThat(TEXT_REPAIRS).containsAll(r.applied());
    }
    if (wellFormed(() -> SecureXml.parse(text))) {
      assertThat(r.applied()).as("repairs made to a well-formed document").isEmpty();
    }
  }

  private static boolean wellFormed(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (MetadataException refused) {
      return false;
    }
  }
}
