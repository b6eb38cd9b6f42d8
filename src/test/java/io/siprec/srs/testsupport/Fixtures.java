package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test fixtures are files under src/test/resources; this reads them. */
public final class Fixtures {
  private Fixtures() {}

  public static byte[] bytes(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test fixture " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture folder or file on disk (test resources are copied to target/test-classes). */
  public static Path path(String resource) {
    URL url = Fixtures.class.getResource("/" + resource);
    if (url == null) {
      throw new IllegalArgumentException("no test fixture " + resource);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8);
  }
}
