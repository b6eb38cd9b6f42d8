package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.ConfigTemplate;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnector;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis broker that runs inside the server by default, configured by server-config/broker.xml
 * (or the copy built into the WAR). The server publishes to it in-VM; consumers use its TCP acceptor.
 */
@ApplicationScoped
public class EmbeddedBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  static final String IN_VM_URL = "vm://0";

  private Settings settings;
  private EmbeddedActiveMQ server;

  protected EmbeddedBroker() {
    // for CDI proxies
  }

  @Inject
  public EmbeddedBroker(Settings settings) {
    this.settings = settings;
  }

  public boolean isEnabled() {
    return settings.booleanValue(Setting.JMS_EMBEDDED_BROKER);
  }

  /** The URL our publishers use: in-VM to the embedded broker, else the configured one. */
  public String clientUrl() {
    return isEnabled() ? IN_VM_URL : settings.get(Setting.JMS_URL);
  }

  public String consumerUrl() {
    return "tcp://" + settings.get(Setting.BROKER_ADDRESS) + ":" + settings.get(Setting.BROKER_PORT);
  }

  public synchronized void start() {
    if (!isEnabled() || server != null) {
      return;
    }
    Path dataDir = dataDir();
    try {
      Files.createDirectories(dataDir);
      Map<String, String> values = settings.asMap();
      values.put(Setting.BROKER_DATA_DIR.key(), dataDir.toString());
      String xml = ConfigTemplate.render(template(), values, "broker.xml");
      Path rendered = dataDir.resolve("broker.effective.xml");
      Files.writeString(rendered, xml, StandardCharsets.UTF_8);
      EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
      broker.setConfigResourcePath(rendered.toUri().toString());
      broker.start();
      // Artemis logs some start failures (an acceptor that cannot bind) and carries on inactive.
      if (!broker.getActiveMQServer().isActive()) {
        broker.stop();
        throw new IllegalStateException("embedded broker did not become active (see the broker's log above)");
      }
      server = broker;
      LOG.info("embedded broker up: consumers connect to {} (data in {})", consumerUrl(), dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded broker in " + dataDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("embedded broker failed to start: " + e.getMessage(), e);
    }
  }

  /** Idempotent; also the safety net when CDI shuts down without SrsApplication.stop(). */
  @PreDestroy
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
      LOG.info("embedded broker stopped");
    } catch (Exception e) {
      LOG.warn("embedded broker did not stop cleanly", e);
    } finally {
      server = null;
      // Client thread pools are static and non-daemon: without this the JVM does not exit.
      ActiveMQClient.clearThreadPools();
      InVMConnector.resetThreadPool();
    }
  }

  public synchronized boolean isRunning() {
    return server != null && server.getActiveMQServer().isActive();
  }

  private Path dataDir() {
    String configured = settings.get(Setting.BROKER_DATA_DIR);
    if (!configured.isEmpty()) {
      return Path.of(configured).toAbsolutePath();
    }
    String runtime = settings.get(Setting.RUNTIME_DIR);
    if (!runtime.isEmpty()) {
      return Path.of(runtime, "broker").toAbsolutePath();
    }
    Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "srs-broker");
    LOG.warn("no srs.broker.data-dir nor srs.runtime.dir set: broker data goes to {}", fallback);
    return fallback;
  }

  private String template() throws IOException {
    Path configDir = settings.configDir();
    if (configDir != null && Files.isRegularFile(configDir.resolve("broker.xml"))) {
      return Files.readString(configDir.resolve("broker.xml"), StandardCharsets.UTF_8);
    }
    try (InputStream in = EmbeddedBroker.class.getResourceAsStream("/server-config/broker.xml")) {
      if (in == null) {
        throw new IOException("no broker.xml in the configuration directory nor in the application");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
