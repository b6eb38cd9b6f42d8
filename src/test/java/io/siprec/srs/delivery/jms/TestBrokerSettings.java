package io.siprec.srs.delivery.jms;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.siprec.srs.config.Settings;
import io.siprec.srs.testsupport.TestPorts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings for a broker of the test's own (free port, fresh journal directory), and a meter
 * registry.
 */
@ApplicationScoped
public class TestBrokerSettings {
  private final Settings settings = create(Map.of());
  private final MeterRegistry meters = new SimpleMeterRegistry();

  @Produces
  Settings settings() {
    return settings;
  }

  @Produces
  MeterRegistry meters() {
    return meters;
  }

  static Settings create(Map<String, String> overrides) {
    try {
      Path dir = Files.createTempDirectory("srs-broker-test");
      Map<String, String> values = new HashMap<>();
      values.put("srs.broker.port", String.valueOf(TestPorts.next().broker()));
      values.put("srs.broker.data-dir", dir.toString());
      values.put("srs.config.dir", Path.of("server-config").toAbsolutePath().toString());
      values.putAll(overrides);
      return Settings.load(values::get, k -> null, Path.of("server-config").toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
