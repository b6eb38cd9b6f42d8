package io.siprec.srs.launcher;

import io.siprec.srs.config.ConfigTemplate;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The container's working directory ({@code catalina.base}) under the runtime directory: the
 * container configuration rendered from server-config, and the WAR to deploy. Rebuilt on every
 * start so that what runs is always what server-config and the build say.
 */
final class ContainerBase {
  static final String WAR_NAME = "srs.war";

  /** Files taken from server-config and rendered; the rest of server-config is read by the app. */
  private static final String[] CONTAINER_FILES = {
    "server.xml", "mss-sip-stack.properties", "dars/mobicents-dar.properties"
  };

  private final Path dir;

  private ContainerBase(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  static ContainerBase prepare(Path runtimeDir, Path configDir, Path war, Settings settings) {
    Path base = runtimeDir.resolve("container");
    try {
      Files.createDirectories(base.resolve("conf/dars"));
      Files.createDirectories(base.resolve("webapps"));
      Files.createDirectories(base.resolve("temp"));
      Map<String, String> values = templateValues(settings);
      for (String name : CONTAINER_FILES) {
        Path source = configDir.resolve(name);
        if (!Files.isRegularFile(source)) {
          throw new IllegalStateException("missing container configuration file " + source);
        }
        String rendered =
            ConfigTemplate.render(Files.readString(source, StandardCharsets.UTF_8), values, name);
        Files.writeString(base.resolve("conf").resolve(name), rendered, StandardCharsets.UTF_8);
      }
      // A stale unpacked copy would be deployed instead of the new WAR: always start clean.
      deleteTree(base.resolve("webapps"));
      deleteTree(base.resolve("work"));
      Files.createDirectories(base.resolve("webapps"));
      Files.copy(war, base.resolve("webapps").resolve(WAR_NAME), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare container directory " + base, e);
    }
    return new ContainerBase(base);
  }

  /** The settings plus values derived from them that only the container files need. */
  static Map<String, String> templateValues(Settings settings) {
    Map<String, String> values = settings.asMap();
    String publicAddress = settings.get(Setting.SIP_PUBLIC_ADDRESS);
    values.put("srs.sip.use-static-address", String.valueOf(!publicAddress.isEmpty()));
    values.put("srs.sip.contact-address", settings.getOr(Setting.SIP_PUBLIC_ADDRESS, Setting.SIP_ADDRESS));
    return values;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
