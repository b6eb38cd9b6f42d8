package io.siprec.srs.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged kit jar, which mvn install publishes as io.siprec:siprec-consumer: the consumer
 * package and nothing of the server (an ASR team's class path must not get our SIP stack or a
 * second copy of our classes), and no server POM that would name other coordinates.
 */
class ConsumerKitJarIT {
  @Test
  void theKitJarHoldsTheConsumerPackageOnly() throws Exception {
    Path jar =
        Path.of(System.getProperty("srs.consumer.dir", "target/srs-consumer"))
            .resolve("srs-consumer.jar");
    try (JarFile kit = new JarFile(jar.toFile())) {
      List<String> entries =
          kit.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).toList();
      assertThat(entries)
          .contains(
              "io/siprec/srs/consumer/SrsFeed.class",
              "io/siprec/srs/consumer/ExampleConsumer.class");
      assertThat(entries)
          .allMatch(
              n -> n.startsWith("io/siprec/srs/consumer/") || n.equals("META-INF/MANIFEST.MF"),
              "a consumer class or the manifest");
      assertThat(kit.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.siprec.srs.consumer.ExampleConsumer");
    }
  }
}
