package io.siprec.srs.launcher;

import io.siprec.srs.config.ConfigTemplate;
import io.siprec.srs.config.InvalidSettingsException;
import io.siprec.srs.config.OwnerOnlyFiles;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The container's working directory ({@code catalina.base}) under the runtime directory: the
 * container configuration rendered from server-config, and the WAR unpacked ({@link
 * UnpackedWebapp}). Rebuilt on every start so that what runs is always what server-config and the
 * build say.
 */
final class ContainerBase {
  static final String WAR_NAME = "srs.war";

  /** The application's context path, and its unpacked directory under webapps/. */
  static final String APP_NAME = "srs";

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
        // The rendered stack properties may hold the TLS keystore password: 0600 from the first
        // byte.
        OwnerOnlyFiles.write(base.resolve("conf").resolve(name), rendered);
      }
      // A stale unpacked copy would be deployed instead of the new WAR: always start clean.
      deleteTree(base.resolve("webapps"));
      deleteTree(base.resolve("work"));
      deleteTree(base.resolve(UnpackedWebapp.LIBRARIES));
      UnpackedWebapp.unpack(
          war, base.resolve("webapps").resolve(APP_NAME), base.resolve(UnpackedWebapp.LIBRARIES));
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
    values.put(
        "srs.sip.contact-address", settings.getOr(Setting.SIP_PUBLIC_ADDRESS, Setting.SIP_ADDRESS));
    boolean tls = settings.intValue(Setting.SIP_TLS_PORT) > 0;
    if (tls && settings.get(Setting.SIP_TLS_KEYSTORE).isEmpty()) {
      throw new InvalidSettingsException(
          List.of("srs.sip.tls.port is set but srs.sip.tls.keystore is empty"));
    }
    if (tls) {
      List<String> keystoreProblems = SipTlsKeystore.problems(settings);
      if (!keystoreProblems.isEmpty()) {
        throw new InvalidSettingsException(keystoreProblems);
      }
    }
    values.put("srs.sip.tls.enabled", String.valueOf(tls));
    values.put(
        "srs.sip.tls.truststore-effective",
        settings.getOr(Setting.SIP_TLS_TRUSTSTORE, Setting.SIP_TLS_KEYSTORE));
    values.put(
        "srs.sip.tls.truststore-password-effective",
        settings.getOr(Setting.SIP_TLS_TRUSTSTORE_PASSWORD, Setting.SIP_TLS_KEYSTORE_PASSWORD));
    values.put(
        "srs.sip.tls.client-auth-type",
        switch (settings.get(Setting.SIP_TLS_CLIENT_AUTH)) {
          case "none" ->
              "Disabled"; // we still check the SRC's certificate when we connect to send BYE
          case "want" -> "Want";
          case "require" -> "Enabled";
          default ->
              throw new InvalidSettingsException(
                  List.of(
                      "srs.sip.tls.client-auth must be none, want or require, not "
                          + settings.get(Setting.SIP_TLS_CLIENT_AUTH)));
        });
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
