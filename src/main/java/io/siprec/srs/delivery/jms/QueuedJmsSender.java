package io.siprec.srs.delivery.jms;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends items to JMS queues from a dedicated thread, behind a bounded queue, so that callers (media
 * and signalling threads) never wait for the broker. Three jobs, three classes: this one runs the
 * thread (queue, retries, counters, reconnecting with back-off through every broker the URL names),
 * {@link BrokerLink} keeps the connection, and the sender's {@link DeliveryPolicy} decides what
 * becomes of an item the broker does not get ({@link DurableDelivery}: kept and sent again; {@link
 * RealTimeDelivery}: lost and counted unless it must be delivered).
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

  /**
   * @param threadName the sender thread's name, also in every log line
   * @param capacity items that may wait for the sender thread; more are dropped (overflow)
   */
  record Options(String threadName, int capacity) {}

  /**
   * Why an item the broker did not get was lost, when its policy does not keep it. (An item the
   * full queue had no room for is an overflow, counted apart.)
   */
  enum Loss {
    /** Waiting while there was no connection to the broker (a policy that loses while away). */
    NO_BROKER,
    /** The send could not be made: the connection or its session was gone. */
    SEND_FAILED,
    /** Handed to a connection that broke, or refused by the broker, before it was confirmed. */
    NOT_CONFIRMED,
    /** Its message could not be built: it would fail the same way after any reconnect. */
    UNBUILDABLE,
    /** It waited for the broker past its deadline ({@link #tooLate}): real time is gone. */
    TOO_LATE
  }

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final BlockingQueue<T> queue;
  private final DeliveryPolicy<T> policy;

  /**
   * Items to send before the queue: a failed event, a kept last chunk. Only the sender thread adds.
   */
  private final Deque<T> retry = new ConcurrentLinkedDeque<>();

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<Loss, AtomicLong> lostByReason = new EnumMap<>(Loss.class);
  private final AtomicLong reconnects = new AtomicLong();

  private String queueName;
  private BrokerLink link;
  private Thread thread;
  private volatile boolean running;

  // Sender thread only: the outage in progress, for the log line when it ends.
  private boolean everConnected;
  private long lostAtNanos;
  private long failedAtLoss;
  private int attempts;

  QueuedJmsSender(Options options, DeliveryPolicy<T> policy) {
    this.name = options.threadName();
    this.queue = new ArrayBlockingQueue<>(options.capacity());
    this.policy = policy;
    for (Loss why : Loss.values()) {
      lostByReason.put(why, new AtomicLong());
    }
  }

  /** Builds the message for one item, on the sender thread. */
  protected abstract Message toMessage(Session session, T item) throws JMSException;

  /** Called (on the caller's thread) when the queue is full and the item is dropped. */
  protected void overflow(T item) {}

  /** Called (on the sender thread) when an item that is not retried could not be sent. */
  protected void sendFailed(T item, Loss why) {}

  /** Called (on the sender thread) right after the item was handed to the broker. */
  protected void sent(T item) {}

  /**
   * The queue this item goes to; the one given to {@link #startSending} unless routed elsewhere.
   */
  protected String queueOf(T item) {
    return queueName;
  }

  final void startSending(ConnectionFactory factory, String queueName) {
    this.link = new BrokerLink(name, factory, policy.persistent());
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
    while ((!queue.isEmpty() || !retry.isEmpty() || policy.unconfirmed() > 0)
        && isConnected()
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
    log.info(
        "{}: stopped; {} sent, {} dropped by the sender, {} overflowed the backlog, {} reconnect(s)",
        name,
        sent.get(),
        failed.get(),
        overflowed.get(),
        reconnects.get());
  }

  final long sentCount() {
    return sent.get();
  }

  final long overflowCount() {
    return overflowed.get();
  }

  /**
   * Items the sender dropped: handed to a connection that broke, or waiting while there was none.
   */
  final long failedCount() {
    return failed.get();
  }

  /** Items the sender dropped for this reason; they add up to {@link #failedCount}. */
  final long failedCount(Loss why) {
    return lostByReason.get(why).get();
  }

  /** Connections made again after one was lost. */
  final long reconnectCount() {
    return reconnects.get();
  }

  final int backlog() {
    return queue.size() + retry.size();
  }

  /** The item that has waited longest: the first to be tried again, else the queue's head. */
  final T oldest() {
    T again = retry.peekFirst();
    return again != null ? again : queue.peek();
  }

  final boolean isConnected() {
    return link != null && link.isConnected();
  }

  private void run() {
    long backoff = RECONNECT_MIN_MS;
    while (running) {
      if (!link.isConnected()) {
        if (policy.losesWhileAway()) {
          dropWaiting();
        }
        try {
          link.connect();
          if (policy.losesWhileAway()) {
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
      if (link.isBroken()) {
        lost("connection to the broker lost (" + link.brokenBecause() + ")");
        continue;
      }
      policy.settle(false, this::unconfirmedLost);
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
        if (tooLate(item)) {
          failed(item, Loss.TOO_LATE);
        } else {
          send(item);
        }
      }
    }
    disconnect();
  }

  private void send(T item) {
    Message message;
    try {
      message = toMessage(link.session(), item);
    } catch (JMSException e) {
      lost("session gone (" + e.getMessage() + ")");
      lose(item, Loss.SEND_FAILED);
      return;
    } catch (RuntimeException e) {
      // A message we cannot build would fail the same way after any number of reconnects.
      log.error("{}: cannot build a message, item dropped", name, e);
      failed(item, Loss.UNBUILDABLE);
      return;
    }
    Queue destination;
    try {
      destination = link.queue(queueOf(item));
    } catch (JMSException | RuntimeException e) {
      lost("send failed (" + e.getMessage() + ")");
      lose(item, Loss.SEND_FAILED);
      return;
    }
    sent.incrementAndGet(); // taken back if the broker does not get it
    try {
      policy.send(link.producer(), destination, message, item);
      sent(item);
    } catch (JMSException | RuntimeException e) {
      if (policy.confirmsOnReturn()) {
        sent.decrementAndGet();
        lost("send failed (" + e.getMessage() + ")");
        lose(item, Loss.SEND_FAILED);
      } else {
        lost("send failed (" + e.getMessage() + ")"); // settles the tracked send with the others
      }
    }
  }

  private void connected() {
    if (everConnected) {
      reconnects.incrementAndGet();
      log.info(
          "{}: reconnected to the broker {} ms after the connection was lost ({} attempt(s)); {} waiting, "
              + "{} dropped meanwhile",
          name,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNanos),
          attempts + 1,
          backlog(),
          failed.get() - failedAtLoss);
    } else {
      log.info(
          "{}: connected, sending to {}{}",
          name,
          queueName,
          attempts == 0 ? "" : " (" + (attempts + 1) + " attempts)");
      everConnected = true;
    }
    attempts = 0;
    lostAtNanos = 0;
  }

  private void notConnected(Exception e) {
    attempts++;
    if (attempts == 1 || attempts % WARN_EVERY_ATTEMPTS == 0) {
      log.warn(
          "{}: broker not reachable ({}); {} attempt(s) so far, retrying every {} ms at most",
          name,
          e.getMessage(),
          attempts,
          RECONNECT_MAX_MS);
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
    int unconfirmed = policy.unconfirmed();
    disconnect();
    log.warn(
        "{}: {}; reconnecting{}",
        name,
        why,
        unconfirmed == 0
            ? ""
            : " (" + unconfirmed + " sent but not confirmed by the broker: counted as dropped)");
  }

  private void disconnect() {
    link.close();
    // What the broker did not confirm went down with the connection.
    policy.settle(true, this::unconfirmedLost);
  }

  /** A send counted as sent that the broker refused or never confirmed. */
  private void unconfirmedLost(T item) {
    sent.decrementAndGet();
    lose(item, Loss.NOT_CONFIRMED);
  }

  /** Real time: nothing waits for a broker that is not there. */
  private void dropWaiting() {
    T item;
    while ((item = queue.poll()) != null) {
      lose(item, Loss.NO_BROKER);
    }
  }

  /**
   * Whether an item has waited too long to be worth sending: dropped and counted as {@link
   * Loss#TOO_LATE} instead. Never, unless a sender bounds its queue by age.
   */
  protected boolean tooLate(T item) {
    return false;
  }

  private void lose(T item, Loss why) {
    if (policy.keeps(item)) {
      retry.addLast(item);
    } else {
      failed(item, why);
    }
  }

  private void failed(T item, Loss why) {
    lostByReason.get(why).incrementAndGet();
    failed.incrementAndGet();
    sendFailed(item, why);
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
