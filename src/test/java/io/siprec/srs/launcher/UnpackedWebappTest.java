package io.siprec.srs.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The launcher's unpacking of the WAR: libraries outside the document base, named by a loader. */
class UnpackedWebappTest {
  @TempDir Path dir;

  /** A WAR of a few entries; {@code extra} adds or replaces entries (name to text). */
  static Path war(Path file, Map<String, String> extra) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(
        "META-INF/context.xml", "<?xml version=\"1.0\"?>\n<Context processTlds=\"false\"/>");
    entries.put("WEB-INF/sip.xml", "<sip-app/>");
    entries.put("WEB-INF/classes/io/siprec/App.class", "class bytes");
    entries.put("WEB-INF/lib/first.jar", "jar one");
    entries.put("WEB-INF/lib/second.jar", "jar two");
    entries.put("WEB-INF/lib/notes/readme.txt", "not a library");
    entries.putAll(extra);
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("WEB-INF/"));
      for (Map.Entry<String, String> e : entries.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return file;
  }

  @Test
  void librariesGoOutsideTheDocumentBaseAndEverythingElseStays() throws Exception {
    Path docBase = dir.resolve("webapps/srs");
    Path libs = dir.resolve("webapp-lib");
    UnpackedWebapp.unpack(war(dir.resolve("srs.war"), Map.of()), docBase, libs);

    assertThat(Files.readString(libs.resolve("first.jar"))).isEqualTo("jar one");
    assertThat(Files.readString(libs.resolve("second.jar"))).isEqualTo("jar two");
    assertThat(docBase.resolve("WEB-INF/lib/first.jar")).doesNotExist();
    assertThat(Files.readString(docBase.resolve("WEB-INF/sip.xml"))).isEqualTo("<sip-app/>");
    assertThat(docBase.resolve("WEB-INF/classes/io/siprec/App.class")).exists();
    assertThat(Files.readString(docBase.resolve("WEB-INF/lib/notes/readme.txt")))
        .as("only jars directly in WEB-INF/lib move")
        .isEqualTo("not a library");
  }

  @Test
  void theContextKeepsTheWarsAttributesAndGainsTheLoader() throws Exception {
    Path docBase = dir.resolve("webapps/srs");
    Path libs = dir.resolve("lib dir & more");
    UnpackedWebapp.unpack(war(dir.resolve("srs.war"), Map.of()), docBase, libs);

    // Read back by an XML parser: well-formed, attributes kept, the path escaped and absolute.
    Document xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(docBase.resolve("META-INF/context.xml").toFile());
    Element context = xml.getDocumentElement();
    assertThat(context.getTagName()).isEqualTo("Context");
    assertThat(context.getAttribute("processTlds")).isEqualTo("false");
    Element loader = (Element) context.getElementsByTagName("Loader").item(0);
    assertThat(loader.getAttribute("className"))
        .isEqualTo("org.apache.catalina.loader.VirtualWebappLoader");
    assertThat(loader.getAttribute("virtualClasspath"))
        .isEqualTo(libs.toAbsolutePath().resolve("*.jar").toString());
  }

  @Test
  void aContextWithChildrenOrNoneAtAllGetsTheLoaderToo() throws Exception {
    String withChildren =
        UnpackedWebapp.withLoader(
            "<Context reloadable=\"false\">\n  <Manager pathname=\"\"/>\n</Context>", dir);
    assertThat(withChildren)
        .startsWith("<Context reloadable=\"false\">")
        .contains("<Loader ", "<Manager pathname=\"\"/>")
        .endsWith("</Context>");

    Path docBase = dir.resolve("none/srs");
    Map<String, String> noContext = new LinkedHashMap<>();
    noContext.put("META-INF/context.xml", null);
    UnpackedWebapp.unpack(war(dir.resolve("plain.war"), noContext), docBase, dir.resolve("libs"));
    assertThat(Files.readString(docBase.resolve("META-INF/context.xml")))
        .contains("<Loader ", "</Context>");
  }

  @Test
  void anEntryThatWouldLandOutsideTheApplicationIsRefused() throws Exception {
    Path evil = war(dir.resolve("evil.war"), Map.of("WEB-INF/../../outside.txt", "escape"));
    assertThatThrownBy(
            () -> UnpackedWebapp.unpack(evil, dir.resolve("app/srs"), dir.resolve("app-lib")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside the application");
    assertThat(dir.resolve("outside.txt")).doesNotExist();
  }
}
