package io.siprec.srs.delivery.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends items to one JMS queue from a dedicated thread, behind a bounded queue, so that callers
 * (media and signalling threads) never wait for the broker. The thread owns one connection,
 * session and producer and reuses them for every message; when the broker fails it reconnects
 * with back-off.
 *
 * <p>What happens to an item that cannot be sent is the subclass's policy: a real-time sender
 * drops it and counts it; a sender that must not lose anything keeps retrying it.
 */
abstract class QueuedJmsSender<T> {
  private static final long RECONNECT_MIN_MS = 100;
  private static final long RECONNECT_MAX_MS = 5000;

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final BlockingQueue<T> queue;
  private final boolean persistent;
  private final boolean retryFailedItem;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private ConnectionFactory factory;
  private String queueName;
  private Thread thread;
  private volatile boolean running;
  private volatile boolean connected;
  private Connection connection;
  private Session session;
  private MessageProducer producer;

  QueuedJmsSender(String name, int capacity, boolean persistent, boolean retryFailedItem) {
    this.name = name;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.persistent = persistent;
    this.retryFailedItem = retryFailedItem;
  }

  /** Builds the message for one item, on the sender thread. */
  protected abstract Message toMessage(Session session, T item) throws JMSException;

  /** Called (on the caller's thread) when the queue is full and the item is dropped. */
  protected void overflow(T item) {}

  /** Called (on the sender thread) when an item that is not retried could not be sent. */
  protected void sendFailed(T item) {}

  /** Called (on the sender thread) right after the item was handed to the broker. */
  protected void sent(T item) {}

  final void startSending(ConnectionFactory factory, String queueName) {
    this.factory = factory;
    this.queueName = queueName;
    this.running = true;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues the item; never blocks. @return false when the queue was full (item dropped). */
  final boolean enqueue(T item) {
    if (queue.offer(item)) {
      return true;
    }
    overflowed.incrementAndGet();
    overflow(item);
    return false;
  }

  /** Sends what is queued (for up to {@code flushFor}), then closes the connection. */
  final void stopSending(Duration flushFor) {
    if (!running) {
      return;
    }
    long deadline = System.nanoTime() + flushFor.toNanos();
    while (!queue.isEmpty() && connected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!queue.isEmpty()) {
      log.warn("{}: {} item(s) not sent at stop", name, queue.size());
    }
  }

  final long sentCount() {
    return sent.get();
  }

  final long overflowCount() {
    return overflowed.get();
  }

  final long failedCount() {
    return failed.get();
  }

  final int backlog() {
    return queue.size();
  }

  final boolean isConnected() {
    return connected;
  }

  private void run() {
    long backoff = RECONNECT_MIN_MS;
    T pending = null;
    while (running) {
      if (!connected) {
        try {
          connect();
          backoff = RECONNECT_MIN_MS;
        } catch (JMSException | RuntimeException e) {
          log.warn("{}: broker not reachable ({}); retrying in {} ms", name, e.getMessage(), backoff);
          disconnect();
          if (!sleep(backoff)) {
            break;
          }
          backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
          continue;
        }
      }
      try {
        T item = pending != null ? pending : queue.poll(200, TimeUnit.MILLISECONDS);
        pending = null;
        if (item == null) {
          continue;
        }
        try {
          producer.send(toMessage(session, item));
          sent.incrementAndGet();
          sent(item);
        } catch (JMSException | RuntimeException e) {
          log.warn("{}: send failed ({}); reconnecting", name, e.getMessage());
          if (retryFailedItem) {
            pending = item;
          } else {
            failed.incrementAndGet();
            sendFailed(item);
          }
          disconnect();
        }
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      }
    }
    disconnect();
  }

  private void connect() throws JMSException {
    connection = factory.createConnection();
    session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    producer = session.createProducer(session.createQueue(queueName));
    producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
    producer.setDisableMessageID(!persistent);
    connection.start();
    connected = true;
    log.info("{}: connected, sending to {}", name, queueName);
  }

  private void disconnect() {
    connected = false;
    if (connection != null) {
      try {
        connection.close();
      } catch (JMSException | RuntimeException e) {
        log.debug("{}: close failed", name, e);
      }
    }
    connection = null;
    session = null;
    producer = null;
  }

  private boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      return running;
    }
  }
}
