package io.siprec.srs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.config.Settings;
import io.siprec.srs.testsupport.Keytool;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container files the launcher renders from server-config into the runtime directory. */
class ContainerBaseTest {
  private static final String KEYSTORE_SECRET = "keystore-secret-7d1f";
  private static final List<String> RENDERED =
      List.of("server.xml", "mss-sip-stack.properties", "dars/mobicents-dar.properties");

  @TempDir Path runtime;

  private ContainerBase prepare() throws Exception {
    Path war = UnpackedWebappTest.war(runtime.resolve("stand-in.war"), Map.of());
    // A real keystore: the launcher opens it before rendering, to name a wrong file or password.
    Path keystore =
        Keytool.in(Files.createDirectories(runtime.resolve("keys")), KEYSTORE_SECRET)
            .rsaKeyPair("keystore.p12", "PKCS12", "srs", "CN=127.0.0.1");
    Map<String, String> withTls =
        Map.of(
            "srs.sip.tls.port",
            "5061",
            "srs.sip.tls.keystore",
            keystore.toString(),
            "srs.sip.tls.keystore-password",
            KEYSTORE_SECRET);
    Settings settings = Settings.load(withTls::get, k -> null, Path.of("server-config"));
    return ContainerBase.prepare(runtime, Path.of("server-config"), war, settings);
  }

  @Test
  void everyRenderedFileIsTheOwnersOnly() throws Exception {
    Path conf = prepare().dir().resolve("conf");

    assertThat(Files.readString(conf.resolve("mss-sip-stack.properties")))
        .as("the stack properties hold the keystore password")
        .contains(KEYSTORE_SECRET);
    for (String name : RENDERED) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve(name))))
          .as(name)
          .isEqualTo("rw-------");
    }
    try (var left = Files.list(conf)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no temporary file left behind")
          .containsExactlyInAnyOrder("server.xml", "mss-sip-stack.properties", "dars");
    }
  }

  /**
   * A rendered file from an earlier start that others could read (an older version, a hand edit),
   * and someone who opened it then and holds it open: the new secret must never reach that file.
   * Writing into the old file and narrowing its mode afterwards would hand it over.
   */
  @Test
  void aSecretIsNeverWrittenIntoAFileOthersCouldOpen() throws Exception {
    Path conf = runtime.resolve("container/conf");
    Files.createDirectories(conf.resolve("dars"));
    Path stack = conf.resolve("mss-sip-stack.properties");
    Files.writeString(stack, "# an earlier start's copy\n");
    Files.setPosixFilePermissions(stack, PosixFilePermissions.fromString("rw-r--r--"));

    try (FileChannel heldByAnother = FileChannel.open(stack, StandardOpenOption.READ)) {
      prepare();

      ByteBuffer seen = ByteBuffer.allocate(64 * 1024);
      heldByAnother.read(seen, 0);
      String throughOldHandle =
          new String(seen.array(), 0, seen.position(), StandardCharsets.UTF_8);
      assertThat(throughOldHandle)
          .as("what the holder of the earlier copy reads now")
          .doesNotContain(KEYSTORE_SECRET)
          .isEqualTo("# an earlier start's copy\n");
    }
    assertThat(Files.readString(stack)).contains(KEYSTORE_SECRET);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stack)))
        .isEqualTo("rw-------");
  }
}
