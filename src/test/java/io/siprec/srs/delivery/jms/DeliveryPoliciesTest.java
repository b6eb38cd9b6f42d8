package io.siprec.srs.delivery.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two delivery policies of the JMS senders, without a broker: a producer that records what it
 * was handed, and the broker's confirmations given by hand.
 */
class DeliveryPoliciesTest {
  private final FakeProducer producer = new FakeProducer();
  private final List<String> lost = new ArrayList<>();

  // ------------------------------------------------------------------------------ real time

  private final RealTimeDelivery<String> realTime =
      new RealTimeDelivery<>(item -> item.startsWith("last"));

  @Test
  void realTimeSendsAreAsynchronousAndTrackedUntilTheBrokerConfirms() throws JMSException {
    send(realTime, "a", "b", "c");

    assertThat(producer.listeners).hasSize(3).doesNotContainNull();
    assertThat(realTime.confirmsOnReturn()).isFalse();
    assertThat(realTime.unconfirmed()).isEqualTo(3);
  }

  @Test
  void confirmedSendsAreForgottenAndSettlingStopsAtTheFirstPendingOne() throws JMSException {
    send(realTime, "a", "b", "c");
    producer.confirm(0);
    producer.confirm(2);

    realTime.settle(false, lost::add);
    assertThat(lost).isEmpty();
    assertThat(realTime.unconfirmed()).as("b pending, c behind it").isEqualTo(2);

    producer.confirm(1);
    realTime.settle(false, lost::add);
    assertThat(realTime.unconfirmed()).isZero();
    assertThat(lost).isEmpty();
  }

  @Test
  void sendsTheBrokerRefusedAreLostInSendOrder() throws JMSException {
    send(realTime, "a", "b", "c");
    producer.refuse(0);
    producer.confirm(1);
    producer.refuse(2);

    realTime.settle(false, lost::add);

    assertThat(lost).containsExactly("a", "c");
  }

  @Test
  void whenTheConnectionIsGoneEverySendNotConfirmedIsLostInSendOrder() throws JMSException {
    send(realTime, "a", "b", "c");
    producer.confirm(0);

    realTime.settle(true, lost::add);

    assertThat(lost).containsExactly("b", "c");
    assertThat(realTime.unconfirmed()).isZero();
  }

  @Test
  void aSendThatThrowsIsSettledAsLostWithTheOthers() throws JMSException {
    send(realTime, "a");
    producer.failNext = true;
    assertThatThrownBy(() -> realTime.send(producer.proxy(), null, null, "b"))
        .isInstanceOf(JMSException.class);

    realTime.settle(true, lost::add);

    assertThat(lost).containsExactly("a", "b");
  }

  @Test
  void realTimeLosesWhatWaitsForAnAbsentBrokerAndKeepsOnlyWhatMustBeDelivered() {
    assertThat(realTime.losesWhileAway()).isTrue();
    assertThat(realTime.persistent()).isFalse();
    assertThat(realTime.keeps("a")).isFalse();
    assertThat(realTime.keeps("last chunk")).isTrue();
  }

  // ------------------------------------------------------------------------------ durable

  private final DurableDelivery<String> durable = new DurableDelivery<>();

  @Test
  void durableSendsArePersistentSynchronousAndNeverLeftToSettle() throws JMSException {
    send(durable, "a", "b");
    durable.settle(true, lost::add);

    assertThat(producer.listeners)
        .containsExactly(null, null); // the send that returns once on disk
    assertThat(durable.persistent()).isTrue();
    assertThat(durable.confirmsOnReturn()).isTrue();
    assertThat(durable.unconfirmed()).isZero();
    assertThat(lost).isEmpty();
  }

  @Test
  void durableKeepsEveryItemAndLetsItWaitForTheBroker() {
    assertThat(durable.keeps("a")).isTrue();
    assertThat(durable.losesWhileAway()).isFalse();
  }

  // ------------------------------------------------------------------------------ helpers

  private void send(DeliveryPolicy<String> policy, String... items) throws JMSException {
    for (String item : items) {
      policy.send(producer.proxy(), null, null, item);
    }
  }

  /**
   * A MessageProducer that records each send (with its completion listener, null for a synchronous
   * one).
   */
  private static final class FakeProducer {
    final List<CompletionListener> listeners = new ArrayList<>();
    boolean failNext;

    MessageProducer proxy() {
      return (MessageProducer)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {MessageProducer.class},
              (p, method, args) -> {
                if (!method.getName().equals("send")) {
                  // The policies only send: any other call is a test failure, said by name.
                  throw new UnsupportedOperationException(
                      "a delivery policy called MessageProducer." + method.getName());
                }
                if (failNext) {
                  failNext = false;
                  throw new JMSException("connection gone");
                }
                Set<Class<?>> types = Set.of(method.getParameterTypes());
                listeners.add(
                    types.contains(CompletionListener.class)
                        ? (CompletionListener) args[args.length - 1]
                        : null);
                return null;
              });
    }

    void confirm(int send) {
      listeners.get(send).onCompletion((Message) null);
    }

    void refuse(int send) {
      listeners.get(send).onException((Message) null, new JMSException("refused"));
    }
  }
}
