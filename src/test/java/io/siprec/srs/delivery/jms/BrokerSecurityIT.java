package io.siprec.srs.delivery.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.ConsumerLogin;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged server's embedded broker as anyone who reaches its TCP acceptor meets it, on its
 * defaults (no consumer password set: the server makes one). Nobody gets in without the consumer's
 * login; the consumer gets a live SIPREC call's audio and events and nothing more: it can neither
 * forge a chunk or an event nor create a queue of its own (a queue on the events address would take
 * events from the real consumers).
 */
class BrokerSecurityIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static SrsServerProcess server;
  private static ConsumerLogin login;

  @BeforeAll
  static void startServer() {
    server = SrsServerProcess.named("broker-security").start();
    login = server.consumerLogin();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      assertThat(server.terminate(Duration.ofSeconds(40))).as("exit code after SIGTERM").isZero();
    }
  }

  @Test
  void theGeneratedPasswordIsOwnerOnlyAndTheLogNamesItsFileNeverThePassword() throws Exception {
    Path file = server.runtimeDir.resolve(EmbeddedBroker.CONSUMER_PASSWORD_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(login.password()).hasSizeGreaterThanOrEqualTo(27); // 160 random bits, base64url
    assertThat(server.log())
        .contains("as user 'srs-consumer', password in " + file)
        .doesNotContain(login.password());
  }

  @Test
  void anAnonymousClientIsRefused() {
    assertThatThrownBy(() -> factory().createConnection().close())
        .isInstanceOf(JMSSecurityException.class);
  }

  @Test
  void aWrongPasswordOrAnotherUserIsRefused() {
    assertThatThrownBy(
            () -> factory().createConnection(login.user(), login.password() + "x").close())
        .as("the consumer's name, a wrong password")
        .isInstanceOf(JMSSecurityException.class);
    assertThatThrownBy(() -> factory().createConnection("admin", login.password()).close())
        .as("another name, the consumer's password")
        .isInstanceOf(JMSSecurityException.class);
    // The server's own publisher works in-VM only (EmbeddedBrokerLoginIT); its name gets nothing
    // here.
    assertThatThrownBy(
            () ->
                factory().createConnection(EmbeddedBroker.PUBLISHER_USER, login.password()).close())
        .isInstanceOf(JMSSecurityException.class);
    // Artemis' built-in cluster login, which would bypass every role.
    assertThatThrownBy(
            () -> factory().createConnection("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!").close())
        .isInstanceOf(JMSSecurityException.class);
  }

  @Test
  void theConsumerReceivesALiveCallsAudioAndEvents() throws Exception {
    try (JmsProbe jms = JmsProbe.loggedIn(login)) {
      int mark = jms.mark();
      AnsweredPort leg2Port = AnsweredPort.create();
      Sipp sipp =
          Sipp.scenario("siprec_call.xml").against(server).set("portfile", leg2Port.file()).start();
      int packets = 100; // 2 s of leg 2
      try (RtpSender leg2 =
          new RtpSender(
              server.ports.peerMedia() + 4,
              Fixtures.bytes("sipp/audio/leg2_440hz.alaw"),
              8,
              0x5EC5L)) {
        CompletableFuture<Integer> sent =
            leg2.send(
                new InetSocketAddress("127.0.0.1", leg2Port.await(Duration.ofSeconds(15))),
                packets);
        assertThat(sipp.await()).as(sipp.report()).isZero();
        assertThat(sent.join()).isEqualTo(packets);
      }
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      jms.awaitEvent(id, "session.ended", WAIT);
      jms.awaitLastChunks(id, WAIT, "1", "2");
      assertThat(jms.events(id))
          .extracting(JmsProbe.Event::type)
          .startsWith("session.started")
          .endsWith("session.ended");
      long leg2Samples = jms.chunks(id, "2").stream().mapToLong(JmsProbe.Chunk::samples).sum();
      assertThat(leg2Samples).as("every packet of leg 2, at 16 kHz").isEqualTo(packets * 320L);
      assertThat(jms.chunks(id, "1")).isNotEmpty();
    }
  }

  @Test
  void theConsumerCannotSendToTheAudioQueue() throws Exception {
    assertEverySendIsRefused("srs.audio");
  }

  @Test
  void theConsumerCannotSendToTheEventsQueue() throws Exception {
    assertEverySendIsRefused("srs.events");
  }

  /** A forged chunk or event, persistent or not, is refused; the same login may consume there. */
  private static void assertEverySendIsRefused(String queue) throws Exception {
    ActiveMQConnectionFactory factory = factory();
    // A refused non-persistent send is otherwise only logged by the broker: make it answer.
    factory.setBlockOnNonDurableSend(true);
    try (Connection c = factory.createConnection(login.user(), login.password())) {
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      s.createConsumer(s.createQueue(queue))
          .close(); // positive control: this login reads the queue
      SoftAssertions.assertSoftly(
          softly -> {
            for (int mode : List.of(DeliveryMode.PERSISTENT, DeliveryMode.NON_PERSISTENT)) {
              softly
                  .assertThatThrownBy(
                      () -> {
                        MessageProducer forger = s.createProducer(s.createQueue(queue));
                        forger.setDeliveryMode(mode);
                        forger.send(s.createTextMessage("{\"type\":\"session.ended\"}"));
                      })
                  .as("a forged message to %s (delivery mode %d)", queue, mode)
                  .isInstanceOf(JMSSecurityException.class);
            }
          });
    }
  }

  @Test
  void theConsumerCannotCreateAnAddressOrAQueue() throws Exception {
    try (Connection c = factory().createConnection(login.user(), login.password());
        ServerLocator locator = ActiveMQClient.createServerLocator(login.url());
        ClientSessionFactory sessions = locator.createSessionFactory();
        ClientSession core =
            sessions.createSession(login.user(), login.password(), false, true, true, false, 0)) {
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      SoftAssertions.assertSoftly(
          softly -> {
            softly
                .assertThatThrownBy(() -> s.createConsumer(s.createQueue("srs.forged")))
                .as("a new queue, created on first use")
                .isInstanceOf(JMSSecurityException.class);
            softly
                .assertThatThrownBy(s::createTemporaryQueue)
                .as("a temporary queue")
                .isInstanceOf(JMSSecurityException.class);
            softly
                .assertThatThrownBy(
                    () ->
                        core.createAddress(SimpleString.of("srs.new"), RoutingType.ANYCAST, false))
                .as("a new address")
                .isInstanceOf(ActiveMQSecurityException.class);
            // A second queue on srs.events would take its share of the events from the real
            // consumers.
            for (boolean durable : List.of(true, false)) {
              softly
                  .assertThatThrownBy(
                      () ->
                          core.createQueue(
                              QueueConfiguration.of("stolen-events-" + durable)
                                  .setAddress("srs.events")
                                  .setRoutingType(RoutingType.ANYCAST)
                                  .setDurable(durable)))
                  .as("a %s queue on srs.events", durable ? "durable" : "non-durable")
                  .isInstanceOf(ActiveMQSecurityException.class);
            }
          });
    }
  }

  private static ActiveMQConnectionFactory factory() {
    ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(login.url());
    f.setCallTimeout(5000);
    return f;
  }
}
