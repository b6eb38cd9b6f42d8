package io.siprec.srs.delivery.jms;

import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing may wait (audio): what cannot go now is lost and counted: items waiting while there is no
 * connection, and items the broker never confirmed when the connection broke. Sends are
 * asynchronous and each one is tracked until the broker confirms it, because a dying connection
 * still accepts sends that never arrive. Items {@code mustDeliver} accepts are kept instead, and
 * sent once reconnected.
 */
final class RealTimeDelivery<T> implements DeliveryPolicy<T> {
  private static final Logger LOG = LoggerFactory.getLogger(RealTimeDelivery.class);

  private final Predicate<T> mustDeliver;

  /** Sends handed to the connection, in send order, until the broker has confirmed them. */
  private final Deque<InFlight<T>> inFlight = new ConcurrentLinkedDeque<>();

  /**
   * @param mustDeliver the items kept across an outage instead of lost (e.g. a stream's last chunk)
   */
  RealTimeDelivery(Predicate<T> mustDeliver) {
    this.mustDeliver = mustDeliver;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean losesWhileAway() {
    return true;
  }

  @Override
  public boolean keeps(T item) {
    return mustDeliver.test(item);
  }

  @Override
  public boolean confirmsOnReturn() {
    return false;
  }

  /** Tracked before it is handed over: a send that throws is settled as lost with the others. */
  @Override
  public void send(MessageProducer producer, Queue queue, Message message, T item)
      throws JMSException {
    InFlight<T> tracked = new InFlight<>(item);
    inFlight.addLast(tracked);
    producer.send(queue, message, tracked);
  }

  /**
   * Forgets confirmed sends and loses refused ones, in the order they were sent, so that a drop is
   * accounted before the next message of its stream is built. The broker confirms a session's sends
   * in order, so this stops at the first one still pending: called before every send, it must not
   * walk (or allocate an iterator over) everything in flight.
   */
  @Override
  public void settle(boolean connectionGone, Consumer<T> lost) {
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
      if (outcome == InFlight.FAILED) {
        LOG.debug("the broker refused a message ({})", String.valueOf(f.failure));
      }
      lost.accept(f.item);
    }
  }

  @Override
  public int unconfirmed() {
    return inFlight.size();
  }

  /**
   * One asynchronous send, until the broker confirms or refuses it (told on the client's thread).
   */
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
