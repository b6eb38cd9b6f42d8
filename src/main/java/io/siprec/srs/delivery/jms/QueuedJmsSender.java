package io.siprec.srs.delivery.jms;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends items to one JMS queue from a dedicated thread, behind a bounded queue, so that callers
 * (media and signalling threads) never wait for the broker. The thread owns one connection,
 * session and producer and reuses them for every message; when the connection breaks it
 * reconnects with back-off, through every broker the URL names.
 *
 * <p>What happens to an item that cannot be sent is the subclass's policy:
 * <ul>
 *   <li>a sender that must not lose anything ({@code retryFailedItem}) keeps the item and sends it
 *       again once reconnected, and keeps queueing while the broker is away;
 *   <li>a real-time sender drops what cannot go now and counts it: items waiting while there is
 *       no connection, and items the broker never confirmed when the connection broke. Its sends
 *       are asynchronous and each one is tracked until the broker confirms it, because a dying
 *       connection still accepts sends that never arrive. Items for which {@link #mustDeliver}
 *       is true are kept instead, and sent once reconnected.
 * </ul>
 */
abstract class QueuedJmsSender<T> {
  private static final long RECONNECT_MIN_MS = 100;
  /**
   * Real-time items are dropped until the broker is back, so a returning broker must be noticed
   * quickly; an attempt against a broker that is down costs a refused TCP connect.
   */
  private static final long RECONNECT_MAX_MS = 500;
  /** Failed attempts between two warnings while the broker stays away. */
  private static final int WARN_EVERY_ATTEMPTS = 30;

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final BlockingQueue<T> queue;
  private final boolean persistent;
  private final boolean retryFailedItem;
  /** Items to send before the queue: a failed event, a kept last chunk. Only the sender thread adds. */
  private final Deque<T> retry = new ConcurrentLinkedDeque<>();
  /** Real-time sends handed to the connection, in send order, until the broker has confirmed them. */
  private final Deque<InFlight<T>> inFlight = new ConcurrentLinkedDeque<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();

  private ConnectionFactory factory;
  private String queueName;
  /** Sender thread only. */
  private final java.util.Map<String, jakarta.jms.Queue> queues = new java.util.HashMap<>();
  private Thread thread;
  private volatile boolean running;
  private volatile boolean connected;
  /** Set by the connection's exception listener: the sender thread reconnects at its next turn. */
  private volatile boolean connectionBroken;
  private volatile String brokenBecause;
  /** Which connection the exception listener speaks for: a late call from an old one is ignored. */
  private volatile int generation;
  private Connection connection;
  private Session session;
  private MessageProducer producer;

  // Sender thread only: the outage in progress, for the log line when it ends.
  private boolean everConnected;
  private long lostAtNanos;
  private long failedAtLoss;
  private int attempts;

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

  /** The queue this item goes to; the one given to {@link #startSending} unless routed elsewhere. */
  protected String queueOf(T item) {
    return queueName;
  }

  /** A real-time sender keeps such an item across an outage instead of dropping it. */
  protected boolean mustDeliver(T item) {
    return false;
  }

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
    while ((!queue.isEmpty() || !retry.isEmpty() || !inFlight.isEmpty()) && connected
        && System.nanoTime() < deadline) {
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
    int unsent = queue.size() + retry.size();
    if (unsent > 0) {
      log.warn("{}: {} item(s) not sent at stop", name, unsent);
    }
    log.info("{}: stopped; {} sent, {} dropped by the sender, {} overflowed the backlog, {} reconnect(s)", name,
        sent.get(), failed.get(), overflowed.get(), reconnects.get());
  }

  final long sentCount() {
    return sent.get();
  }

  final long overflowCount() {
    return overflowed.get();
  }

  /** Items the sender dropped: handed to a connection that broke, or waiting while there was none. */
  final long failedCount() {
    return failed.get();
  }

  /** Connections made again after one was lost. */
  final long reconnectCount() {
    return reconnects.get();
  }

  final int backlog() {
    return queue.size() + retry.size();
  }

  final boolean isConnected() {
    return connected;
  }

  private void run() {
    long backoff = RECONNECT_MIN_MS;
    while (running) {
      if (!connected) {
        if (!retryFailedItem) {
          dropWaiting();
        }
        try {
          connect();
          if (!retryFailedItem) {
            dropWaiting(); // queued while the attempt went on, which may take seconds
          }
          connected();
          backoff = RECONNECT_MIN_MS;
        } catch (JMSException | RuntimeException e) {
          notConnected(e);
          if (!sleep(backoff)) {
            break;
          }
          backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
          continue;
        }
      }
      if (connectionBroken) {
        lost("connection to the broker lost (" + brokenBecause + ")");
        continue;
      }
      settleInFlight(false);
      T item;
      try {
        item = retry.poll();
        if (item == null) {
          item = queue.poll(200, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        continue; // stopping, or a spurious interrupt: the loop condition decides
      }
      if (item != null) {
        send(item);
      }
    }
    disconnect();
  }

  private void send(T item) {
    Message message;
    try {
      message = toMessage(session, item);
    } catch (JMSException e) {
      lost("session gone (" + e.getMessage() + ")");
      lose(item);
      return;
    } catch (RuntimeException e) {
      // A message we cannot build would fail the same way after any number of reconnects.
      log.error("{}: cannot build a message, item dropped", name, e);
      failed.incrementAndGet();
      sendFailed(item);
      return;
    }
    if (persistent) {
      try {
        producer.send(destination(item), message); // returns once the broker has it on disk
        sent.incrementAndGet();
        sent(item);
      } catch (JMSException | RuntimeException e) {
        lost("send failed (" + e.getMessage() + ")");
        lose(item);
      }
    } else {
      InFlight<T> tracked = new InFlight<>(item);
      inFlight.addLast(tracked);
      sent.incrementAndGet(); // taken back if the broker never confirms it
      try {
        producer.send(destination(item), message, tracked);
        sent(item);
      } catch (JMSException | RuntimeException e) {
        lost("send failed (" + e.getMessage() + ")"); // settles the tracked send with the others
      }
    }
  }

  /** The session's Queue object for an item's queue, made once per connection. */
  private jakarta.jms.Queue destination(T item) throws JMSException {
    String name = queueOf(item);
    jakarta.jms.Queue q = queues.get(name);
    if (q == null) {
      q = session.createQueue(name);
      queues.put(name, q);
    }
    return q;
  }

  private void connect() throws JMSException {
    int mine = ++generation;
    Connection c = factory.createConnection();
    try {
      c.setExceptionListener(e -> {
        if (mine == generation) {
          brokenBecause = e.getMessage();
          connectionBroken = true;
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
    connectionBroken = false;
    connected = true;
  }

  private void connected() {
    if (everConnected) {
      reconnects.incrementAndGet();
      log.info("{}: reconnected to the broker {} ms after the connection was lost ({} attempt(s)); {} waiting, "
          + "{} dropped meanwhile", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNanos), attempts + 1,
          backlog(), failed.get() - failedAtLoss);
    } else {
      log.info("{}: connected, sending to {}{}", name, queueName, attempts == 0 ? "" : " (" + (attempts + 1) + " attempts)");
      everConnected = true;
    }
    attempts = 0;
    lostAtNanos = 0;
  }

  private void notConnected(Exception e) {
    attempts++;
    if (attempts == 1 || attempts % WARN_EVERY_ATTEMPTS == 0) {
      log.warn("{}: broker not reachable ({}); {} attempt(s) so far, retrying every {} ms at most", name,
          e.getMessage(), attempts, RECONNECT_MAX_MS);
    }
    if (lostAtNanos == 0) {
      lostAtNanos = System.nanoTime();
      failedAtLoss = failed.get();
    }
    disconnect();
  }

  private void lost(String why) {
    lostAtNanos = System.nanoTime();
    failedAtLoss = failed.get();
    int unconfirmed = inFlight.size();
    disconnect();
    log.warn("{}: {}; reconnecting{}", name, why, unconfirmed == 0 ? ""
        : " (" + unconfirmed + " sent but not confirmed by the broker: counted as dropped)");
  }

  private void disconnect() {
    connected = false;
    generation++;
    connectionBroken = false;
    if (connection != null) {
      closeQuietly(connection);
    }
    connection = null;
    session = null;
    producer = null;
    // What the broker did not confirm went down with the connection.
    settleInFlight(true);
  }

  /**
   * Forgets confirmed sends and loses refused ones, in the order they were sent, so that a drop is
   * accounted before the next message of its stream is built. The broker confirms a session's
   * sends in order, so this stops at the first one still pending: called before every send, it
   * must not walk (or allocate an iterator over) everything in flight. With
   * {@code connectionGone}, every send not confirmed yet counts as lost.
   */
  private void settleInFlight(boolean connectionGone) {
    InFlight<T> f;
    while ((f = inFlight.peekFirst()) != null) {
      int outcome = f.outcome;
      if (outcome == InFlight.PENDING && !connectionGone) {
        return;
      }
      inFlight.pollFirst();
      if (outcome == InFlight.CONFIRMED) {
        continue;
      }
      sent.decrementAndGet();
      if (outcome == InFlight.FAILED) {
        log.debug("{}: the broker refused a message ({})", name, String.valueOf(f.failure));
      }
      lose(f.item);
    }
  }

  /** Real time: nothing waits for a broker that is not there. */
  private void dropWaiting() {
    T item;
    while ((item = queue.poll()) != null) {
      lose(item);
    }
  }

  private void lose(T item) {
    if (retryFailedItem || mustDeliver(item)) {
      retry.addLast(item);
    } else {
      failed.incrementAndGet();
      sendFailed(item);
    }
  }

  private void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (JMSException | RuntimeException e) {
      log.debug("{}: close failed", name, e);
    }
  }

  private boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      return running;
    }
  }

  /** One asynchronous send, until the broker confirms or refuses it (told on the client's thread). */
  private static final class InFlight<T> implements CompletionListener {
    static final int PENDING = 0;
    static final int CONFIRMED = 1;
    static final int FAILED = 2;

    final T item;
    volatile int outcome = PENDING;
    volatile Exception failure;

    InFlight(T item) {
      this.item = item;
    }

    @Override
    public void onCompletion(Message message) {
      outcome = CONFIRMED;
    }

    @Override
    public void onException(Message message, Exception exception) {
      failure = exception;
      outcome = FAILED;
    }
  }
}
