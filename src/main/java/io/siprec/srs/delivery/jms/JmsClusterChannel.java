package io.siprec.srs.delivery.jms;

import io.siprec.srs.session.NodeId;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.cluster.ClusterChannel;
import io.siprec.srs.session.cluster.NodeNews;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes' news over a multicast address (a JMS topic) of the shared broker: every node
 * subscribes without a durable subscription (a temporary queue of its own, gone with its
 * connection), so the events and audio queues, which belong to the consumers, are never read.
 * Messages are non-persistent and expire after the node timeout: a heartbeat is worth nothing
 * later, and a subscriber that went away leaves nothing piling up.
 *
 * <p>One thread owns the connection, its two sessions (one sends, one receives) and the producer;
 * when the connection breaks it is made again at the next send, the heartbeat pacing the attempts.
 */
public final class JmsClusterChannel implements ClusterChannel {
  private static final Logger LOG = LoggerFactory.getLogger(JmsClusterChannel.class);
  static final String KIND = "srsClusterNews";
  static final String INCARNATION = "srsNodeIncarnation";

  private final ConnectionFactory factory;
  private final String address;
  private final long timeToLiveMillis;
  private final ThreadPoolExecutor thread;
  private volatile Consumer<NodeNews> listener;
  private volatile boolean broken;
  private boolean warned;
  // The thread's own:
  private Connection connection;
  private Session sending;
  private MessageProducer producer;

  public JmsClusterChannel(ConnectionFactory factory, String address, Duration timeToLive) {
    this.factory = factory;
    this.address = address;
    this.timeToLiveMillis = timeToLive.toMillis();
    // News waits for the thread in a bounded queue: news that finds it full is dropped.
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1000),
            r -> {
              Thread t = new Thread(r, "srs-cluster");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.DiscardPolicy());
  }

  @Override
  public void listen(Consumer<NodeNews> listener) {
    this.listener = listener;
    thread.execute(this::ensureConnected);
  }

  @Override
  public void send(NodeNews news) {
    thread.execute(
        () -> {
          if (!ensureConnected()) {
            return;
          }
          try {
            producer.send(toMessage(news));
          } catch (JMSException | RuntimeException e) {
            LOG.warn("cluster news not sent ({}); reconnecting at the next one", e.toString());
            disconnect();
          }
        });
  }

  private boolean ensureConnected() {
    if (connection != null && !broken) {
      return true;
    }
    disconnect();
    try {
      connection = factory.createConnection();
      connection.setExceptionListener(e -> broken = true);
      Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Topic topic = receiving.createTopic(address);
      receiving.createConsumer(topic).setMessageListener(this::onMessage);
      sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      producer = sending.createProducer(topic);
      producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      producer.setTimeToLive(timeToLiveMillis);
      broken = false;
      connection.start();
      if (warned) {
        LOG.info("cluster channel on {} connected again", address);
      }
      warned = false;
      return true;
    } catch (JMSException | RuntimeException e) {
      if (!warned) {
        LOG.warn(
            "cluster channel on {} cannot connect ({}); trying again at every heartbeat",
            address,
            e.toString());
        warned = true;
      }
      disconnect();
      return false;
    }
  }

  private void disconnect() {
    if (connection != null) {
      try {
        connection.close();
      } catch (JMSException | RuntimeException e) {
        // already broken
      }
    }
    connection = null;
    sending = null;
    producer = null;
  }

  private Message toMessage(NodeNews news) throws JMSException {
    TextMessage m = sending.createTextMessage();
    m.setStringProperty(MessageProperties.NODE_ID, news.node().value());
    m.setStringProperty(INCARNATION, news.incarnation());
    if (news instanceof NodeNews.Presence p) {
      m.setStringProperty(KIND, "presence");
      m.setText(p.live().stream().map(RecordingSessionId::value).collect(Collectors.joining("\n")));
    } else if (news instanceof NodeNews.Started s) {
      m.setStringProperty(KIND, "started");
      m.setStringProperty(MessageProperties.SESSION_ID, s.session().value());
    } else if (news instanceof NodeNews.Ended e) {
      m.setStringProperty(KIND, "ended");
      m.setStringProperty(MessageProperties.SESSION_ID, e.session().value());
    }
    return m;
  }

  private void onMessage(Message m) {
    try {
      NodeId node = new NodeId(m.getStringProperty(MessageProperties.NODE_ID));
      String incarnation = m.getStringProperty(INCARNATION);
      String kind = m.getStringProperty(KIND);
      NodeNews news =
          switch (kind == null ? "" : kind) {
            case "presence" ->
                new NodeNews.Presence(node, incarnation, sessions(((TextMessage) m).getText()));
            case "started" ->
                new NodeNews.Started(
                    node,
                    incarnation,
                    new RecordingSessionId(m.getStringProperty(MessageProperties.SESSION_ID)));
            case "ended" ->
                new NodeNews.Ended(
                    node,
                    incarnation,
                    new RecordingSessionId(m.getStringProperty(MessageProperties.SESSION_ID)));
            default -> null;
          };
      Consumer<NodeNews> l = listener;
      if (news != null && l != null && incarnation != null) {
        l.accept(news);
      }
    } catch (JMSException | RuntimeException e) {
      LOG.warn("unreadable message on {} ignored: {}", address, e.toString());
    }
  }

  private static Set<RecordingSessionId> sessions(String text) {
    if (text == null || text.isEmpty()) {
      return Set.of();
    }
    return Arrays.stream(text.split("\n")).map(RecordingSessionId::new).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    thread.execute(this::disconnect);
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
