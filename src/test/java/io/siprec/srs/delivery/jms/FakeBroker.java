package io.siprec.srs.delivery.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker in a test's hands, behind the JMS interfaces the publishers use: it can be down (no
 * connection can be made), break the connection it gave, hold a send, and confirm or refuse each
 * send when told. Every send is recorded with its message's properties. Any JMS call the publishers
 * are not expected to make fails, naming the method.
 */
final class FakeBroker {
  /** One message handed to a producer: its queue, its properties, and how to answer it. */
  record Sent(String queue, Map<String, Object> properties, CompletionListener listener) {
    long longProperty(String name) {
      return ((Number) properties.get(name)).longValue();
    }
  }

  final List<Sent> sends = new CopyOnWriteArrayList<>();
  final AtomicInteger sendsStarted = new AtomicInteger();
  private volatile boolean up = true;
  private volatile boolean confirmAtOnce = true;
  private volatile boolean failNextBuild;
  private volatile CountDownLatch holdSends;
  private volatile ExceptionListener connectionListener;

  /** A factory as BrokerConnections would hand the publishers. */
  BrokerConnections connections() {
    ConnectionFactory factory = proxy(ConnectionFactory.class, this::factoryCall);
    return new BrokerConnections() {
      @Override
      public synchronized ConnectionFactory factory() {
        return factory;
      }
    };
  }

  /** No connection can be made; the one given breaks (as the broker dying does). */
  void goDown() {
    up = false;
    breakConnection();
  }

  void comeUp() {
    up = true;
  }

  /** The connection given breaks, as the broker's exception listener call says. */
  void breakConnection() {
    ExceptionListener l = connectionListener;
    if (l != null) {
      l.onException(new JMSException("connection failure detected"));
    }
  }

  /** From now, sends wait for the test to confirm or refuse them. */
  void confirmByHand() {
    confirmAtOnce = false;
  }

  void confirm(int send) {
    sends.get(send).listener().onCompletion(null);
  }

  void refuse(int send) {
    sends.get(send).listener().onException(null, new JMSException("address full"));
  }

  /** The next message cannot be built (the session throws). */
  void failNextBuild() {
    failNextBuild = true;
  }

  /** Sends block until {@link #releaseSends}. */
  void holdSends() {
    holdSends = new CountDownLatch(1);
  }

  void releaseSends() {
    CountDownLatch l = holdSends;
    holdSends = null;
    if (l != null) {
      l.countDown();
    }
  }

  private Object factoryCall(String method, Object[] args) throws JMSException {
    if (method.equals("createConnection")) {
      if (!up) {
        throw new JMSException("Failed to create session factory: connection refused");
      }
      return proxy(Connection.class, this::connectionCall);
    }
    return unexpected("ConnectionFactory", method);
  }

  private Object connectionCall(String method, Object[] args) {
    return switch (method) {
      case "setExceptionListener" -> {
        connectionListener = (ExceptionListener) args[0];
        yield null;
      }
      case "createSession" -> proxy(Session.class, this::sessionCall);
      case "start", "stop", "close" -> null;
      default -> unexpected("Connection", method);
    };
  }

  private Object sessionCall(String method, Object[] args) {
    return switch (method) {
      case "createProducer" -> proxy(MessageProducer.class, this::producerCall);
      case "createQueue" -> {
        String name = (String) args[0];
        yield proxy(
            Queue.class, (m, a) -> m.equals("getQueueName") ? name : unexpected("Queue", m));
      }
      case "createBytesMessage" -> {
        if (failNextBuild) {
          failNextBuild = false;
          throw new IllegalStateException("message cannot be made");
        }
        yield Proxy.newProxyInstance(
            FakeBroker.class.getClassLoader(),
            new Class<?>[] {BytesMessage.class},
            new FakeMessage());
      }
      case "close" -> null;
      default -> unexpected("Session", method);
    };
  }

  private Object producerCall(String method, Object[] args) throws JMSException {
    switch (method) {
      case "setDeliveryMode", "setDisableMessageID", "close":
        return null;
      case "send":
        sendsStarted.incrementAndGet();
        CountDownLatch hold = holdSends;
        if (hold != null) {
          try {
            hold.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        Queue queue = (Queue) args[0];
        Message message = (Message) args[1];
        CompletionListener listener = (CompletionListener) args[args.length - 1];
        Map<String, Object> properties = Map.copyOf(propertiesOf(message));
        sends.add(new Sent(queue.getQueueName(), properties, listener));
        if (confirmAtOnce) {
          listener.onCompletion(message);
        }
        return null;
      default:
        return unexpected("MessageProducer", method);
    }
  }

  private static Map<String, Object> propertiesOf(Message message) {
    return ((FakeMessage) Proxy.getInvocationHandler(message)).properties;
  }

  /** A message that keeps the properties set on it (its body is not looked at). */
  private static final class FakeMessage implements InvocationHandler {
    final Map<String, Object> properties = new ConcurrentHashMap<>();

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      String m = method.getName();
      if (m.startsWith("set") && m.endsWith("Property")) {
        properties.put((String) args[0], args[1]);
        return null;
      }
      if (m.equals("writeBytes")) {
        return null;
      }
      if (method.getDeclaringClass() == Object.class) {
        return m.equals("hashCode")
            ? System.identityHashCode(proxy)
            : m.equals("equals") ? proxy == args[0] : "fake message";
      }
      return unexpected("BytesMessage", m);
    }
  }

  private static Object unexpected(String type, String method) {
    throw new UnsupportedOperationException("the publisher called " + type + "." + method);
  }

  /** What one JMS interface's proxy does for a method name. */
  @FunctionalInterface
  private interface Calls {
    Object call(String method, Object[] args) throws JMSException;
  }

  private static <T> T proxy(Class<T> type, Calls calls) {
    InvocationHandler handler =
        (p, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(p);
              case "equals" -> p == args[0];
              default -> "fake " + type.getSimpleName();
            };
          }
          return calls.call(method.getName(), args == null ? new Object[0] : args);
        };
    return type.cast(
        Proxy.newProxyInstance(FakeBroker.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
