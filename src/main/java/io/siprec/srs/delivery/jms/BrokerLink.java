package io.siprec.srs.delivery.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sender thread's connection to the broker: a connection, session and producer reused for every
 * message, the Queue objects made once per connection, and the broker's word that the connection
 * broke. Used by the sender thread only, except {@link #isConnected} and the exception listener.
 */
final class BrokerLink {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);

  private final String name;
  private final ConnectionFactory factory;
  private final boolean persistent;
  private final Map<String, Queue> queues = new HashMap<>();
  private volatile boolean connected;

  /** Set by the connection's exception listener: the sender thread reconnects at its next turn. */
  private volatile boolean broken;

  private volatile String brokenBecause;

  /** Which connection the exception listener speaks for: a late call from an old one is ignored. */
  private volatile int generation;

  private Connection connection;
  private Session session;
  private MessageProducer producer;

  /**
   * @param persistent whether the producer sends persistent messages
   */
  BrokerLink(String name, ConnectionFactory factory, boolean persistent) {
    this.name = name;
    this.factory = factory;
    this.persistent = persistent;
  }

  void connect() throws JMSException {
    int mine = ++generation;
    Connection c = factory.createConnection();
    try {
      c.setExceptionListener(
          e -> {
            if (mine == generation) {
              brokenBecause = e.getMessage();
              broken = true;
            }
          });
      session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      producer = session.createProducer(null); // each send names its queue (routing rules)
      queues.clear();
      producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
      producer.setDisableMessageID(!persistent);
      c.start();
    } catch (JMSException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    connection = c;
    broken = false;
    connected = true;
  }

  /** Closes the connection, if any; the exception listener of the old one is ignored from now. */
  void close() {
    connected = false;
    generation++;
    broken = false;
    if (connection != null) {
      closeQuietly(connection);
    }
    connection = null;
    session = null;
    producer = null;
  }

  boolean isConnected() {
    return connected;
  }

  /** Whether the broker told us the connection broke. */
  boolean isBroken() {
    return broken;
  }

  String brokenBecause() {
    return brokenBecause;
  }

  Session session() {
    return session;
  }

  MessageProducer producer() {
    return producer;
  }

  /** The session's Queue object for a queue name, made once per connection. */
  Queue queue(String queueName) throws JMSException {
    Queue q = queues.get(queueName);
    if (q == null) {
      q = session.createQueue(queueName);
      queues.put(queueName, q);
    }
    return q;
  }

  private void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (JMSException | RuntimeException e) {
      LOG.debug("{}: close failed", name, e);
    }
  }
}
