package io.siprec.srs.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.delivery.EventJson;
import io.siprec.srs.delivery.jms.MessageProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kit's Maven coordinates (consumer-java/pom.xml) follow the contract: its major version is the
 * schemaVersion the server writes, so raising the schema without a new major kit fails here.
 */
class ConsumerKitVersionTest {
  @Test
  void theKitsMajorVersionIsTheSchemaVersion() throws Exception {
    String pom = Files.readString(Path.of("consumer-java/pom.xml"));
    Matcher coordinates =
        Pattern.compile(
                "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>(\\d+)\\.(\\d+)\\.(\\d+)</version>")
            .matcher(pom);
    assertThat(coordinates.find())
        .as("the project's own coordinates in consumer-java/pom.xml")
        .isTrue();
    assertThat(coordinates.group(1)).isEqualTo("io.siprec");
    assertThat(coordinates.group(2)).isEqualTo("siprec-consumer");
    assertThat(Integer.parseInt(coordinates.group(3)))
        .isEqualTo(EventJson.SCHEMA_VERSION)
        .isEqualTo(MessageProperties.SCHEMA_VERSION);
  }
}
