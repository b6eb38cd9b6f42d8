package io.siprec.srs.delivery.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import java.util.function.Consumer;

/**
 * Nothing may be lost (session events): persistent sends that return once the broker has the
 * message on disk; an item that could not be sent is kept and sent again after reconnecting, and
 * items keep queueing while the broker is away.
 */
final class DurableDelivery<T> implements DeliveryPolicy<T> {
  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean losesWhileAway() {
    return false;
  }

  @Override
  public boolean keeps(T item) {
    return true;
  }

  @Override
  public boolean confirmsOnReturn() {
    return true;
  }

  @Override
  public void send(MessageProducer producer, Queue queue, Message message, T item)
      throws JMSException {
    producer.send(queue, message);
  }

  @Override
  public void settle(boolean connectionGone, Consumer<T> lost) {
    // every send was confirmed when it returned
  }

  @Override
  public int unconfirmed() {
    return 0;
  }
}
