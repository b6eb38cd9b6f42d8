package io.siprec.srs.delivery.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.testsupport.TestPorts;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's logins from inside the process, where the server's own publisher login can
 * be tried (the packaged server never shows it; BrokerSecurityIT covers the consumer's side over a
 * real call): the publisher is accepted in-VM and refused over TCP, routed queues exist for the
 * consumer before anything was sent to them and carry the default queues' roles, the generated
 * consumer password is owner-only and kept across restarts, and a configuration that would open the
 * broker is refused.
 */
class EmbeddedBrokerLoginIT {
  private static final long WAIT_MS = 10_000;

  @TempDir Path dir;
  private EmbeddedBroker broker;

  @AfterEach
  void stopBroker() {
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void theServersPublisherLoginWorksInVmOnly() throws Exception {
    broker = started(Map.of());
    BrokerLogin publisher = broker.publisherLogin();
    try (Connection inVm = connect(EmbeddedBroker.IN_VM_URL, publisher);
        Connection consumer = connect(broker.consumerUrl(), broker.consumerLogin())) {
      Session s = inVm.createSession(false, Session.AUTO_ACKNOWLEDGE);
      s.createProducer(s.createQueue("srs.events")).send(s.createTextMessage("from the server"));
      assertThat(receiveText(consumer, "srs.events"))
          .as("what the publisher sent in-VM")
          .isEqualTo("from the server");
    }
    assertThatThrownBy(() -> connect(broker.consumerUrl(), publisher).close())
        .as("the publisher's own login over TCP")
        .isInstanceOf(JMSSecurityException.class);
  }

  @Test
  void routedQueuesAreThereBeforeTheirFirstMessageWithTheRolesOfTheDefaultOnes() throws Exception {
    broker =
        started(
            Map.of(
                Setting.JMS_AUDIO_ROUTES.key(),
                "role:callee=asr.agents",
                Setting.JMS_EVENTS_ROUTES.key(),
                "aor:*@carrier.example.net=events.carrier"));
    try (Connection inVm = connect(EmbeddedBroker.IN_VM_URL, broker.publisherLogin());
        Connection consumer = connect(broker.consumerUrl(), broker.consumerLogin())) {
      // The consumer may not create queues: these exist because the broker declared them.
      Session c = consumer.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer agents = c.createConsumer(c.createQueue("asr.agents"));
      MessageConsumer carrier = c.createConsumer(c.createQueue("events.carrier"));
      consumer.start();
      Session s = inVm.createSession(false, Session.AUTO_ACKNOWLEDGE);
      s.createProducer(s.createQueue("asr.agents")).send(s.createTextMessage("agent audio"));
      s.createProducer(s.createQueue("events.carrier")).send(s.createTextMessage("carrier event"));
      assertThat(((TextMessage) agents.receive(WAIT_MS)).getText()).isEqualTo("agent audio");
      assertThat(((TextMessage) carrier.receive(WAIT_MS)).getText()).isEqualTo("carrier event");
      // ... and the consumer may not send to them, as on the default queues.
      assertThatThrownBy(
              () ->
                  c.createProducer(c.createQueue("events.carrier"))
                      .send(c.createTextMessage("forged")))
          .isInstanceOf(JMSSecurityException.class);
    }
  }

  @Test
  void theGeneratedConsumerPasswordIsOwnerOnlyAndKeptAcrossRestarts() throws Exception {
    Path runtime = dir.resolve("runtime");
    Map<String, String> settings = Map.of(Setting.RUNTIME_DIR.key(), runtime.toString());
    broker = started(settings);
    Path file = runtime.resolve(EmbeddedBroker.CONSUMER_PASSWORD_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String password = Files.readString(file, StandardCharsets.UTF_8).strip();
    assertThat(password).hasSizeGreaterThanOrEqualTo(27); // 160 random bits, base64url
    assertThat(broker.consumerLogin()).isEqualTo(new BrokerLogin("srs-consumer", password));
    broker.stop();

    broker = started(settings);
    assertThat(Files.readString(file, StandardCharsets.UTF_8).strip()).isEqualTo(password);
    connect(broker.consumerUrl(), new BrokerLogin("srs-consumer", password)).close();
    broker.stop();

    // A password in the settings replaces the file's.
    Map<String, String> configured = new HashMap<>(settings);
    configured.put(Setting.BROKER_CONSUMER_PASSWORD.key(), "chosen-by-the-operator");
    broker = started(configured);
    connect(broker.consumerUrl(), new BrokerLogin("srs-consumer", "chosen-by-the-operator"))
        .close();
    assertThatThrownBy(
            () -> connect(broker.consumerUrl(), new BrokerLogin("srs-consumer", password)).close())
        .isInstanceOf(JMSSecurityException.class);
  }

  @Test
  void aBrokerXmlWithSecurityOffIsRefused() throws IOException {
    Path configDir = Files.createDirectories(dir.resolve("config"));
    String xml = Files.readString(Path.of("server-config/broker.xml"), StandardCharsets.UTF_8);
    assertThat(xml).contains("<security-enabled>true</security-enabled>");
    Files.writeString(
        configDir.resolve("broker.xml"),
        xml.replace(
            "<security-enabled>true</security-enabled>",
            "<security-enabled>false</security-enabled>"));
    EmbeddedBroker open = new EmbeddedBroker(settings(Map.of(), configDir));
    assertThatThrownBy(open::start).hasMessageContaining("security-enabled false");
    assertThat(open.isRunning()).isFalse();
  }

  @Test
  void noConsumerMayTakeThePublishersName() {
    EmbeddedBroker impostor =
        new EmbeddedBroker(
            settings(
                Map.of(Setting.BROKER_CONSUMER_USER.key(), EmbeddedBroker.PUBLISHER_USER),
                Path.of("server-config").toAbsolutePath()));
    assertThatThrownBy(impostor::start).hasMessageContaining("srs.broker.consumer-user");
    assertThat(impostor.isRunning()).isFalse();
  }

  private EmbeddedBroker started(Map<String, String> overrides) {
    EmbeddedBroker b =
        new EmbeddedBroker(settings(overrides, Path.of("server-config").toAbsolutePath()));
    b.start();
    return b;
  }

  private Settings settings(Map<String, String> overrides, Path configDir) {
    Map<String, String> values = new HashMap<>();
    values.put(Setting.BROKER_PORT.key(), String.valueOf(TestPorts.next().broker()));
    values.put(Setting.BROKER_DATA_DIR.key(), dir.resolve("broker").toString());
    values.putAll(overrides);
    return Settings.load(values::get, k -> null, configDir);
  }

  private static Connection connect(String url, BrokerLogin login) throws Exception {
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
    return factory.createConnection(login.user(), login.password());
  }

  private static String receiveText(Connection connection, String queue) throws Exception {
    Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
    connection.start();
    Message m = consumer.receive(WAIT_MS);
    assertThat(m).as("a message on " + queue + " within " + WAIT_MS + " ms").isNotNull();
    return ((TextMessage) m).getText();
  }
}
