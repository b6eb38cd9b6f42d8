package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection factory our publishers share: in-VM to the embedded broker, or the configured URL
 * (one broker, or a list of them: see docs/broker.md).
 */
@ApplicationScoped
public class BrokerConnections {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

  /**
   * Any confirmation window makes the broker acknowledge each non-persistent send, which is how the
   * audio publisher learns which chunks a breaking connection swallowed. The size only bounds the
   * client's replay buffer.
   */
  static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

  /** Pause between two brokers of the URL within one connection attempt. */
  static final long BROKER_TRY_INTERVAL_MS = 100;

  private Settings settings;
  private EmbeddedBroker broker;
  private ActiveMQConnectionFactory factory;

  protected BrokerConnections() {
    // for CDI proxies
  }

  @Inject
  public BrokerConnections(Settings settings, EmbeddedBroker broker) {
    this.settings = settings;
    this.broker = broker;
  }

  public synchronized ConnectionFactory factory() {
    if (factory == null) {
      String url = broker.clientUrl();
      if (url.isEmpty()) {
        throw new IllegalStateException("srs.jms.embedded-broker=false needs srs.jms.url");
      }
      // The embedded broker has a publisher login of its own; srs.jms.user is for an external
      // broker.
      String user =
          broker.isEnabled() ? broker.publisherLogin().user() : settings.get(Setting.JMS_USER);
      String password =
          broker.isEnabled()
              ? broker.publisherLogin().password()
              : settings.get(Setting.JMS_PASSWORD);
      factory =
          user.isEmpty()
              ? new ActiveMQConnectionFactory(url)
              : new ActiveMQConnectionFactory(url, user, password);
      // Non-persistent sends must never wait for the broker (this is Artemis' default; made
      // explicit).
      factory.setBlockOnNonDurableSend(false);
      factory.setProducerWindowSize(1024 * 1024);
      if (factory.getConfirmationWindowSize() < 0) {
        factory.setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES);
      }
      // Reconnecting is the publishers' job (QueuedJmsSender): they must see a broken connection at
      // once, to count the audio it swallowed and to resend the event it carried. Artemis' own
      // reconnection instead holds each send for up to callFailoverTimeout (30 s measured).
      int reconnectAttempts = factory.getReconnectAttempts();
      int failoverAttempts = factory.getServerLocator().getFailoverAttempts();
      if (reconnectAttempts != 0 || failoverAttempts != 0) {
        LOG.info(
            "srs.jms.url asks the client to reconnect (reconnectAttempts={}, failoverAttempts={}): not used, "
                + "the server reconnects by itself through every broker the URL names",
            reconnectAttempts,
            failoverAttempts);
      }
      factory.setReconnectAttempts(0);
      factory.getServerLocator().setFailoverAttempts(0);
      // One connection attempt goes through the URL's brokers one by one and waits retryInterval
      // between two; Artemis' 2 s default would keep audio dropping that much longer after a
      // fail-over. Our own back-off paces repeated attempts.
      if (factory.getRetryInterval() == ActiveMQClient.DEFAULT_RETRY_INTERVAL) {
        factory.setRetryInterval(BROKER_TRY_INTERVAL_MS);
      }
      LOG.info("publishing to {}{}", describe(), user.isEmpty() ? "" : " as user " + user);
    }
    return factory;
  }

  /**
   * Where we publish, fit for a log line: the embedded broker's consumer URL, or ours without
   * passwords.
   */
  public String describe() {
    return broker.isEnabled()
        ? broker.consumerUrl() + " (embedded)"
        : BrokerUrl.redacted(broker.clientUrl());
  }

  @PreDestroy
  public synchronized void close() {
    if (factory != null) {
      factory.close();
      factory = null;
    }
  }
}
