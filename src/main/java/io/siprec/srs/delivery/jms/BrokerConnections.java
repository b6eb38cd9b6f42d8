package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** The connection factory our publishers share: in-VM to the embedded broker, or the configured URL. */
@ApplicationScoped
public class BrokerConnections {
  static final int PRODUCER_WINDOW_BYTES = 1024 * 1024;
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
      // Producer credits in bigger grants: with the default 64 kB window the audio sender asks the
      // broker for credits every ~20 chunks, a round trip through the in-VM executor each time.
      factory.setProducerWindowSize(PRODUCER_WINDOW_BYTES);
    }
    return factory;
  }

  @PreDestroy
  public synchronized void close() {
    if (factory != null) {
      factory.close();
      factory = null;
    }
  }
}
