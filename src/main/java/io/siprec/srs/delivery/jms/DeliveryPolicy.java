package io.siprec.srs.delivery.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import java.util.function.Consumer;

/**
 * What a {@link QueuedJmsSender} does about the broker not getting an item: one policy per sender,
 * {@link DurableDelivery} (nothing may be lost) or {@link RealTimeDelivery} (nothing may wait).
 */
interface DeliveryPolicy<T> {
  /** Whether messages are persistent (written to the broker's journal before a send returns). */
  boolean persistent();

  /** Whether items queued while there is no connection are lost rather than kept waiting. */
  boolean losesWhileAway();

  /** Whether an item the broker did not get is kept and sent again once reconnected. */
  boolean keeps(T item);

  /**
   * Whether a send that returned is already confirmed by the broker; if not, the policy tracks it
   * and {@link #settle settles} it later.
   */
  boolean confirmsOnReturn();

  /** Hands one message to the producer. */
  void send(MessageProducer producer, Queue queue, Message message, T item) throws JMSException;

  /**
   * Accounts the sends the broker has answered, in send order, each one it refused to {@code lost}.
   * With {@code connectionGone}, every send not confirmed yet is lost.
   */
  void settle(boolean connectionGone, Consumer<T> lost);

  /** Sends handed over and not yet settled. */
  int unconfirmed();
}
