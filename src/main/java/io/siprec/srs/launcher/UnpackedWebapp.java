package io.siprec.srs.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The WAR unpacked by the launcher rather than by Tomcat, with its libraries moved outside the
 * document base.
 *
 * <p>Why: at deployment Restcomm's {@code SipContextConfig} runs a {@code ClassFileScanner} over
 * everything under the document base, loading every class of every jar it finds there to look for
 * SIP annotations; with our 80-odd libraries that was most of the container's start (about 5 s of 9
 * on a 2-core machine). Our application declares its servlets in {@code sip.xml} and has no
 * annotations in its libraries to find. A {@code VirtualWebappLoader} puts the moved jars on the
 * application's class path as before, so what runs is the same; the WAR itself is unchanged for
 * other containers.
 */
final class UnpackedWebapp {
  static final String LIBRARIES = "webapp-lib";
  private static final String LIB_PREFIX = "WEB-INF/lib/";
  private static final String CONTEXT_XML = "META-INF/context.xml";
  private static final Pattern CONTEXT_ELEMENT = Pattern.compile("<Context\\b([^>]*?)(/?)>");

  private UnpackedWebapp() {}

  /**
   * Unpacks {@code war} into {@code docBase}, its {@code WEB-INF/lib/*.jar} into {@code libraries},
   * and names them in the context descriptor's loader.
   */
  static void unpack(Path war, Path docBase, Path libraries) throws IOException {
    Files.createDirectories(docBase);
    Files.createDirectories(libraries);
    boolean sawContext = false;
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        String name = entry.getName();
        boolean library =
            name.startsWith(LIB_PREFIX)
                && name.endsWith(".jar")
                && name.indexOf('/', LIB_PREFIX.length()) < 0;
        Path target =
            library
                ? inside(libraries, name.substring(LIB_PREFIX.length()))
                : inside(docBase, name);
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (name.equals(CONTEXT_XML)) {
          sawContext = true;
          writeContext(target, new String(zip.readAllBytes(), StandardCharsets.UTF_8), libraries);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
    if (!sawContext) {
      writeContext(docBase.resolve(CONTEXT_XML), "<Context/>", libraries);
    }
  }

  /** The WAR's context descriptor, with a loader that adds the moved libraries. */
  static String withLoader(String contextXml, Path libraries) {
    Matcher context = CONTEXT_ELEMENT.matcher(contextXml);
    if (!context.find()) {
      throw new IllegalStateException("no <Context> element in the WAR's " + CONTEXT_XML);
    }
    String loader =
        "\n  <!-- Written by the launcher: the libraries it moved out of WEB-INF/lib. -->\n"
            + "  <Loader className=\"org.apache.catalina.loader.VirtualWebappLoader\""
            + " virtualClasspath=\""
            + xmlAttribute(libraries.toAbsolutePath().resolve("*.jar").toString())
            + "\"/>\n";
    boolean selfClosing = context.group(2).equals("/");
    String open = "<Context" + context.group(1) + ">";
    return contextXml.substring(0, context.start())
        + open
        + loader
        + (selfClosing ? "</Context>" : "")
        + contextXml.substring(context.end());
  }

  private static void writeContext(Path target, String warContext, Path libraries)
      throws IOException {
    Files.createDirectories(target.getParent());
    Files.writeString(target, withLoader(warContext, libraries), StandardCharsets.UTF_8);
  }

  /** {@code name} under {@code dir}, refusing entries that would land outside it (zip slip). */
  private static Path inside(Path dir, String name) {
    Path target = dir.resolve(name).normalize();
    if (!target.startsWith(dir.normalize())) {
      throw new IllegalStateException("WAR entry outside the application: " + name);
    }
    return target;
  }

  private static String xmlAttribute(String value) {
    return value
        .replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
