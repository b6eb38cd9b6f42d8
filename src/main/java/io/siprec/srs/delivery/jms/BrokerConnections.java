package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection factory our publishers share: in-VM to the embedded broker, or the configured URL. */
@ApplicationScoped
public class BrokerConnections {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

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
      String user = settings.get(Setting.JMS_USER);
      factory = user.isEmpty()
          ? new ActiveMQConnectionFactory(url)
          : new ActiveMQConnectionFactory(url, user, settings.get(Setting.JMS_PASSWORD));
      // Non-persistent sends must never wait for the broker (this is Artemis' default; made explicit).
      factory.setBlockOnNonDurableSend(false);
      LOG.info("publishing to {}{}", describe(), user.isEmpty() ? "" : " as user " + user);
    }
    return factory;
  }

  /** Where we publish, fit for a log line: the embedded broker's consumer URL, or ours without passwords. */
  public String describe() {
    return broker.isEnabled() ? broker.consumerUrl() + " (embedded)" : BrokerUrl.redacted(broker.clientUrl());
  }

  @PreDestroy
  public synchronized void close() {
    if (factory != null) {
      factory.close();
      factory = null;
    }
  }
}
