package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.ConfigTemplate;
import io.siprec.srs.config.GeneratedPassword;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.BrokerFigures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnector;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis broker that runs inside the server by default, configured by server-config/broker.xml
 * (or the copy built into the WAR). The server publishes to it in-VM; consumers use its TCP
 * acceptor.
 *
 * <p>It never runs without logins (broker.xml must say {@code security-enabled} true): consumers
 * log in as {@code srs.broker.consumer-user}, whose password is {@code
 * srs.broker.consumer-password} or, when that is empty, one made at first start into {@code
 * <runtime dir>/broker-consumer-password}; the server's own publishers log in with a password made
 * for this start alone, accepted in-VM only ({@link EmbeddedBrokerLogins}).
 */
@ApplicationScoped
public class EmbeddedBroker implements BrokerFigures {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  static final String IN_VM_URL = "vm://0";

  /** The generated consumer password's file, in the runtime directory. */
  public static final String CONSUMER_PASSWORD_FILE = "broker-consumer-password";

  /** The server's own publishing identity; no consumer may take this name. */
  static final String PUBLISHER_USER = "srs-publisher";

  private Settings settings;
  private BrokerLogin publisher;
  private EmbeddedActiveMQ server;
  private BrokerLogin consumer;

  protected EmbeddedBroker() {
    // for CDI proxies
  }

  @Inject
  public EmbeddedBroker(Settings settings) {
    this.settings = settings;
    // Made here, not at start: a publisher may ask for it before the broker is up.
    this.publisher = new BrokerLogin(PUBLISHER_USER, randomPassword());
  }

  @Override
  public boolean isEnabled() {
    return settings.booleanValue(Setting.JMS_EMBEDDED_BROKER);
  }

  /** The URL our publishers use: in-VM to the embedded broker, else the configured one. */
  public String clientUrl() {
    return isEnabled() ? IN_VM_URL : settings.get(Setting.JMS_URL);
  }

  @Override
  public String consumerUrl() {
    return "tcp://"
        + settings.get(Setting.BROKER_ADDRESS)
        + ":"
        + settings.get(Setting.BROKER_PORT);
  }

  /**
   * How the server's own publishers log in (in-VM only); never shown anywhere. Public: callers
   * reach it through CDI's proxy of this bean.
   */
  public BrokerLogin publisherLogin() {
    return publisher;
  }

  /** How consumers log in; known once the broker has started. */
  public synchronized BrokerLogin consumerLogin() {
    return consumer;
  }

  public synchronized void start() {
    if (!isEnabled() || server != null) {
      return;
    }
    Path dataDir = dataDir();
    try {
      Files.createDirectories(dataDir);
      String consumerPasswordFrom = resolveConsumerLogin(dataDir);
      Map<String, String> values = settings.asMap();
      values.put(Setting.BROKER_DATA_DIR.key(), dataDir.toString());
      String xml = ConfigTemplate.render(template(), values, "broker.xml");
      Path rendered = dataDir.resolve("broker.effective.xml");
      Files.writeString(rendered, xml, StandardCharsets.UTF_8);
      EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
      broker.setConfiguration(secured(read(rendered)));
      broker.setSecurityManager(new EmbeddedBrokerLogins(consumer, publisher));
      broker.start();
      // Artemis logs some start failures (an acceptor that cannot bind) and carries on inactive.
      if (!broker.getActiveMQServer().isActive()) {
        broker.stop();
        throw new IllegalStateException(
            "embedded broker did not become active (see the broker's log above)");
      }
      server = broker;
      LOG.info(
          "embedded broker up: consumers connect to {} as user '{}', password {} (data in {})",
          consumerUrl(),
          consumer.user(),
          consumerPasswordFrom,
          dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded broker in " + dataDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("embedded broker failed to start: " + e.getMessage(), e);
    }
  }

  /**
   * Sets {@link #consumer}; @return where its password comes from, for the log (never the
   * password).
   */
  private String resolveConsumerLogin(Path dataDir) {
    String user = settings.get(Setting.BROKER_CONSUMER_USER);
    if (user.isEmpty() || user.equals(PUBLISHER_USER)) {
      // Artemis caches permissions by user name: a consumer named as the publisher would get its
      // rights.
      throw new IllegalStateException(
          Setting.BROKER_CONSUMER_USER.key()
              + " must be set and must not be '"
              + PUBLISHER_USER
              + "' (the server's own)");
    }
    String configured = settings.get(Setting.BROKER_CONSUMER_PASSWORD);
    if (!configured.isEmpty()) {
      consumer = new BrokerLogin(user, configured);
      return "from " + Setting.BROKER_CONSUMER_PASSWORD.key();
    }
    String runtime = settings.get(Setting.RUNTIME_DIR);
    Path file =
        (runtime.isEmpty() ? dataDir : Path.of(runtime).toAbsolutePath())
            .resolve(CONSUMER_PASSWORD_FILE);
    consumer =
        new BrokerLogin(
            user, new String(GeneratedPassword.readOrCreate(file, "broker consumer password")));
    return "in " + file + " (readable by this user only)";
  }

  private static Configuration read(Path rendered) throws Exception {
    FileConfiguration configuration = new FileConfiguration();
    FileDeploymentManager files = new FileDeploymentManager(rendered.toUri().toString());
    files.addDeployable(configuration);
    files.readConfiguration();
    return configuration;
  }

  /**
   * broker.xml's configuration, refused without security, with what it cannot say itself: the
   * queues the routing rules name, declared (a consumer may not create them) and given the roles of
   * the queue they stand in for, and no login cache (see EmbeddedBrokerLogins).
   */
  private Configuration secured(Configuration configuration) {
    if (!configuration.isSecurityEnabled()) {
      throw new IllegalStateException(
          "broker.xml says security-enabled false: the embedded broker never runs "
              + "without logins. Set it to true, with the security-settings of the distribution's server-config/broker.xml");
    }
    configuration.setAuthenticationCacheSize(0);
    routed(
        configuration,
        settings.get(Setting.JMS_AUDIO_ROUTES),
        settings.get(Setting.JMS_AUDIO_QUEUE));
    routed(
        configuration,
        settings.get(Setting.JMS_EVENTS_ROUTES),
        settings.get(Setting.JMS_EVENTS_QUEUE));
    return configuration;
  }

  private static void routed(Configuration configuration, String rules, String defaultQueue) {
    List<String> queues = new ArrayList<>(Routes.parse(rules, defaultQueue).queues());
    queues.remove(defaultQueue);
    Set<Role> roles = configuration.getSecurityRoles().get(defaultQueue);
    for (String queue : queues) {
      boolean declared =
          configuration.getAddressConfigurations().stream()
              .anyMatch(a -> a.getName().equals(queue));
      if (!declared) {
        configuration.addAddressConfiguration(
            new CoreAddressConfiguration()
                .setName(queue)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(
                    QueueConfiguration.of(queue)
                        .setAddress(queue)
                        .setRoutingType(RoutingType.ANYCAST)));
      }
      if (roles != null && !configuration.getSecurityRoles().containsKey(queue)) {
        configuration.putSecurityRoles(queue, roles);
      }
    }
  }

  private static String randomPassword() {
    byte[] random = new byte[20];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
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

  @Override
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
        throw new IOException(
            "no broker.xml in the configuration directory nor in the application");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
