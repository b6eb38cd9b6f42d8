package io.siprec.srs.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.testsupport.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text repairs one by one, what they leave alone, and their cost. */
class MarkupRepairTest {

  private static String repaired(String text) {
    return MarkupRepair.repair(text).text();
  }

  private static List<MetadataRepair> applied(String text) {
    return MarkupRepair.repair(text).applied();
  }

  @Test
  void wellFormedDocumentsComeBackUnchanged() {
    for (String file :
        List.of(
            "metadata/ribbon-sonus.xml",
            "metadata/broadworks-mixed.xml",
            "metadata/oracle-documented-older.xml",
            "metadata/intrado-viper.xml",
            "metadata/avaya-sbce-update.xml",
            "metadata/transfer-partial.xml",
            "metadata/sems-legs.xml")) {
      String text = Fixtures.text(file);
      MarkupRepair.Result r = MarkupRepair.repair(text);
      assertThat(r.text()).as(file).isEqualTo(text);
      assertThat(r.applied()).as(file).isEmpty();
    }
  }

  @Test
  void aRawAmpersandIsEscapedAndEveryReferenceKept() {
    assertThat(repaired("<name>AT&T</name>")).isEqualTo("<name>AT&amp;T</name>");
    assertThat(repaired("<name>A & B</name>")).isEqualTo("<name>A &amp; B</name>");
    // An HTML entity from a web lookup is not one of XML's: its text is kept, as text.
    assertThat(repaired("<name>Caf&eacute;</name>")).isEqualTo("<name>Caf&amp;eacute;</name>");
    assertThat(repaired("<n>&amp;&lt;&gt;&quot;&apos;&#38;&#x26;&#X26;</n>"))
        .isEqualTo("<n>&amp;&lt;&gt;&quot;&apos;&#38;&#x26;&amp;#X26;</n>");
    assertThat(repaired("<nameID aor=\"sip:AT&T@example.com\"/>"))
        .isEqualTo("<nameID aor=\"sip:AT&amp;T@example.com\"/>");
    assertThat(repaired("<n>trailing &</n>")).isEqualTo("<n>trailing &amp;</n>");
    assertThat(applied("<n>A & B</n>")).containsExactly(MetadataRepair.RAW_AMPERSAND);
  }

  @Test
  void aLessThanThatStartsNoMarkupIsEscaped() {
    assertThat(repaired("<n>1 < 2</n>")).isEqualTo("<n>1 &lt; 2</n>");
    assertThat(repaired("<n>wait <2 min</n>")).isEqualTo("<n>wait &lt;2 min</n>");
    assertThat(repaired("<n>Bob <sip:bob@example.com></n>"))
        .isEqualTo("<n>Bob &lt;sip:bob@example.com></n>");
    assertThat(repaired("<n>a <= b</n>")).isEqualTo("<n>a &lt;= b</n>");
    assertThat(applied("<n>1 < 2</n>")).containsExactly(MetadataRepair.RAW_LESS_THAN);
  }

  @Test
  void markupIsRecognisedAndCopiedAsItIs() {
    String markup =
        "<?xml version='1.0'?><!-- a & b < c --><r a='x' b = \"y\"><![CDATA[ & < ]]><e/><e /></r>";
    assertThat(repaired(markup)).isEqualTo(markup);
    assertThat(applied(markup)).isEmpty();
    // A DOCTYPE is left where it is, for the safe parser to refuse.
    assertThat(repaired("<!DOCTYPE r [<!ENTITY a 'x'>]><r>&a;</r>"))
        .startsWith("<!DOCTYPE r [<!ENTITY a 'x'>]>");
  }

  @Test
  void unquotedAttributeValuesAreQuoted() {
    assertThat(repaired("<apkt:header label=P-Asserted-Identity>"))
        .isEqualTo("<apkt:header label=\"P-Asserted-Identity\">");
    assertThat(repaired("<extensiondata xmlns:apkt=http://acmepacket.com/siprec/extensiondata>"))
        .isEqualTo("<extensiondata xmlns:apkt=\"http://acmepacket.com/siprec/extensiondata\">");
    // A '/' right before '>' closes the element.
    assertThat(repaired("<nameID aor=sip:a@example.com/>"))
        .isEqualTo("<nameID aor=\"sip:a@example.com\"/>");
    assertThat(repaired("<s a=1 b='2' c=\"3\" d=4>"))
        .isEqualTo("<s a=\"1\" b='2' c=\"3\" d=\"4\">");
    assertThat(repaired("<s a=x&y>")).isEqualTo("<s a=\"x&amp;y\">");
    assertThat(applied("<s a=1>")).containsExactly(MetadataRepair.UNQUOTED_ATTRIBUTE);
  }

  @Test
  void aDocumentCutShortIsNotRepairedIntoSomethingElse() {
    String truncated = "<r><p id=\"1\"></p><participantstreamassoc";
    assertThat(repaired(truncated)).isEqualTo(truncated);
    assertThat(applied(truncated)).isEmpty();
    // A tag that cannot be one, with more markup after it, is text.
    assertThat(repaired("<r><!-- no end <e/></r>")).isEqualTo("<r>&lt;!-- no end <e/></r>");
  }

  @Test
  void theCostIsLinearEvenForInputsMadeToDefeatIt() {
    int n = 512 * 1024;
    // Each pattern makes a tag or markup attempt fail late, over and over: quadratic work would
    // take
    // minutes for half a megabyte; linear work takes milliseconds.
    List<String> patterns =
        List.of("<a b=\"", "<a ", "<!--", "<![CDATA[", "<?", "&", "<a b=c ", "</a ", "<a b='<");
    for (String pattern : patterns) {
      String text = "<r>" + pattern.repeat(n / pattern.length()) + "x>";
      long t0 = System.nanoTime();
      MarkupRepair.Result r = MarkupRepair.repair(text);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms)
          .as("ms to repair %d KiB of %s", text.length() / 1024, pattern)
          .isLessThan(2000);
      assertThat(r.text().length()).isLessThanOrEqualTo(5 * text.length());
    }
  }
}
