package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.EventJson;
import io.siprec.srs.session.EventFeedFigures;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionEvents;
import io.siprec.srs.session.SessionSnapshot;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes session events as persistent JSON text messages. An event whose send fails is retried
 * after reconnecting, never skipped; only a full backlog (a broker gone for long) loses events, and
 * each loss is counted and logged.
 *
 * <p>A retried event may already be on the broker's disk (it died after storing it, before
 * answering), so every event carries a duplicate-detection id fixed when it is published: the
 * broker, which keeps the ids it has seen in its journal, drops the second copy.
 */
@ApplicationScoped
@Typed(JmsEventPublisher.class) // reached through DeliveryChannels, with the archive
public class JmsEventPublisher implements SessionEvents, EventFeedFigures {
  private static final Logger LOG = LoggerFactory.getLogger(JmsEventPublisher.class);

  private Settings settings;
  private BrokerConnections connections;
  private Routes routes;

  /** Per session, the queue its events go to, decided when it started. */
  private final ConcurrentHashMap<RecordingSessionId, String> queueBySession =
      new ConcurrentHashMap<>();

  private Sender sender;
  private final AtomicLong serial = new AtomicLong();

  protected JmsEventPublisher() {
    // for CDI proxies
  }

  @Inject
  public JmsEventPublisher(Settings settings, BrokerConnections connections) {
    this.settings = settings;
    this.connections = connections;
  }

  public void start() {
    routes =
        Routes.parse(
            settings.get(Setting.JMS_EVENTS_ROUTES), settings.get(Setting.JMS_EVENTS_QUEUE));
    sender =
        new Sender(
            settings.intValue(Setting.JMS_EVENTS_BACKLOG), NodeSettings.nodeId(settings).value());
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
    // Session ids are random, so the id is unique across restarts of the server too. A lost node's
    // session is reported by every node that noticed: one id for all, the broker keeps one copy.
    String duplicateId =
        event instanceof SessionEvent.SessionLost
            ? event.sessionId().value() + "/node-lost"
            : event.sessionId().value() + "/" + serial.incrementAndGet();
    String queue = queueFor(event);
    if (!sender.enqueue(new Pending(event, duplicateId, queue))) {
      LOG.error(
          "event backlog full ({} events waiting for the broker, srs.jms.events-backlog): {} for session {} "
              + "lost, {} event(s) lost so far",
          sender.backlog(),
          EventJson.type(event),
          event.sessionId(),
          sender.overflowCount());
    }
  }

  /** All events of a session go where its session.started went (or the default queue). */
  private String queueFor(SessionEvent event) {
    if (routes.isTrivial()) {
      return settings.get(Setting.JMS_EVENTS_QUEUE);
    }
    String queue;
    if (event instanceof SessionEvent.SessionStarted started) {
      queue = routes.queueFor(facts(started.session()));
      queueBySession.put(event.sessionId(), queue);
    } else {
      queue =
          queueBySession.getOrDefault(event.sessionId(), settings.get(Setting.JMS_EVENTS_QUEUE));
    }
    if (event instanceof SessionEvent.SessionEnded) {
      queueBySession.remove(event.sessionId());
    }
    return queue;
  }

  /** What an events route looks at: the session's vendor, SRC address and participants. */
  static Routes.Facts facts(SessionSnapshot s) {
    List<String> aors =
        s.metadata() == null
            ? List.of()
            : s.metadata().participants().stream().map(p -> p.aor()).toList();
    return new Routes.Facts(s.srcVendor(), JmsAudioPublisher.hostOf(s.srcAddress()), aors, "", "");
  }

  @Override
  public long published() {
    return sender == null ? 0 : sender.sentCount();
  }

  @Override
  public long lost() {
    return sender == null ? 0 : sender.overflowCount();
  }

  @Override
  public int backlog() {
    return sender == null ? 0 : sender.backlog();
  }

  @Override
  public boolean isConnected() {
    return sender != null && sender.isConnected();
  }

  /** Times the connection to the broker was lost and made again. */
  public long reconnects() {
    return sender == null ? 0 : sender.reconnectCount();
  }

  /** An event waiting for the broker, with the id that makes its retries recognisable. */
  private record Pending(SessionEvent event, String duplicateId, String queue) {}

  private static final class Sender extends QueuedJmsSender<Pending> {
    private final String nodeId;

    Sender(int capacity, String nodeId) {
      super(new Options("srs-jms-events", capacity), new DurableDelivery<>());
      this.nodeId = nodeId;
    }

    @Override
    protected String queueOf(Pending item) {
      return item.queue();
    }

    @Override
    protected Message toMessage(Session session, Pending pending) throws JMSException {
      SessionEvent event = pending.event();
      TextMessage m = session.createTextMessage(EventJson.write(event));
      m.setIntProperty(MessageProperties.SCHEMA, MessageProperties.SCHEMA_VERSION);
      m.setStringProperty(MessageProperties.SESSION_ID, event.sessionId().value());
      m.setStringProperty(MessageProperties.NODE_ID, nodeId);
      m.setStringProperty(MessageProperties.EVENT_TYPE, EventJson.type(event));
      m.setStringProperty(MessageProperties.DUPLICATE_ID, pending.duplicateId());
      return m;
    }
  }
}
