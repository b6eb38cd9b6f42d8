package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.EventJson;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionEvents;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes session events as persistent JSON text messages. An event whose send fails is retried
 * after reconnecting, never skipped; only a full backlog (a broker gone for long) loses events,
 * and each loss is counted and logged.
 */
@ApplicationScoped
@Typed(JmsEventPublisher.class) // reached through DeliveryChannels, with the archive
public class JmsEventPublisher implements SessionEvents {
  private static final Logger LOG = LoggerFactory.getLogger(JmsEventPublisher.class);

  private Settings settings;
  private BrokerConnections connections;
  private Sender sender;

  protected JmsEventPublisher() {
    // for CDI proxies
  }

  @Inject
  public JmsEventPublisher(Settings settings, BrokerConnections connections) {
    this.settings = settings;
    this.connections = connections;
  }

  public void start() {
    sender = new Sender(settings.intValue(Setting.JMS_EVENTS_BACKLOG));
    sender.startSending(connections.factory(), settings.get(Setting.JMS_EVENTS_QUEUE));
  }

  @PreDestroy
  void stopQuietly() {
    stop(Duration.ZERO);
  }

  public void stop(Duration flushFor) {
    if (sender != null) {
      sender.stopSending(flushFor);
    }
  }

  @Override
  public void publish(SessionEvent event) {
    if (!sender.enqueue(event)) {
      LOG.error("event backlog full: {} for session {} lost", EventJson.type(event), event.sessionId());
    }
  }

  public long published() {
    return sender == null ? 0 : sender.sentCount();
  }

  public long lost() {
    return sender == null ? 0 : sender.overflowCount();
  }

  public int backlog() {
    return sender == null ? 0 : sender.backlog();
  }

  public boolean isConnected() {
    return sender != null && sender.isConnected();
  }

  private static final class Sender extends QueuedJmsSender<SessionEvent> {
    Sender(int capacity) {
      super("srs-jms-events", capacity, true, true);
    }

    @Override
    protected Message toMessage(Session session, SessionEvent event) throws JMSException {
      TextMessage m = session.createTextMessage(EventJson.write(event));
      m.setIntProperty(MessageProperties.SCHEMA, MessageProperties.SCHEMA_VERSION);
      m.setStringProperty(MessageProperties.SESSION_ID, event.sessionId().value());
      m.setStringProperty(MessageProperties.EVENT_TYPE, EventJson.type(event));
      return m;
    }
  }
}
