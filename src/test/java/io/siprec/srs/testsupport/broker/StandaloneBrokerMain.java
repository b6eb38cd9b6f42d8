package io.siprec.srs.testsupport.broker;

import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.ha.SharedStoreBackupPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.SharedStorePrimaryPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;

/**
 * An Artemis broker in a JVM of its own, run by {@link StandaloneBroker} from the test class path,
 * so that tests can stop it, SIGKILL it and restart it on its journal like an operator's broker.
 *
 * <p>Configured by system properties (the {@code ${srs.test.broker.*}} placeholders of {@code
 * broker/standalone-broker.xml} are filled by Artemis from the same properties) and, for the
 * secrets, by environment variables, which do not show in a process listing:
 *
 * <ul>
 *   <li>{@code srs.test.broker.name}, {@code .port}, {@code .data}: node name, TCP acceptor port on
 *       127.0.0.1, journal directory;
 *   <li>{@code srs.test.broker.user} with {@code SRS_TEST_BROKER_PASSWORD}: security on, one user
 *       allowed everything;
 *   <li>{@code srs.test.broker.tls-port} and {@code .keystore} with {@code
 *       SRS_TEST_BROKER_KEYSTORE_PASSWORD}: a second acceptor that speaks TLS only;
 *   <li>{@code srs.test.broker.ha}: {@code primary} or {@code backup} of a shared-store pair (both
 *       given the same journal directory): the backup waits on the journal's lock and becomes
 *       active when the primary is gone.
 * </ul>
 *
 * Prints {@value #READY} once the broker is active (a backup prints {@value #WAITING} first);
 * SIGTERM stops it cleanly.
 */
public final class StandaloneBrokerMain {
  static final String READY = "standalone broker ready";
  static final String WAITING = "standalone broker waiting as backup";
  static final String CONFIG = "broker/standalone-broker.xml";

  private StandaloneBrokerMain() {}

  public static void main(String[] args) throws Exception {
    String name = required("srs.test.broker.name");
    required("srs.test.broker.port");
    required("srs.test.broker.data");

    FileConfiguration config = new FileConfiguration();
    FileDeploymentManager deployment = new FileDeploymentManager(CONFIG);
    deployment.addDeployable(config);
    deployment.readConfiguration();

    String tlsPort = System.getProperty("srs.test.broker.tls-port");
    if (tlsPort != null) {
      config.addAcceptorConfiguration(
          "tls",
          "tcp://127.0.0.1:"
              + tlsPort
              + "?protocols=CORE;sslEnabled=true;keyStorePath="
              + required("srs.test.broker.keystore")
              + ";keyStorePassword="
              + requiredEnv("SRS_TEST_BROKER_KEYSTORE_PASSWORD"));
    }

    // Users live in memory: this broker stands in for an operator's, whose user store is theirs.
    ActiveMQSecurityManagerImpl security = new ActiveMQSecurityManagerImpl();
    String user = System.getProperty("srs.test.broker.user");
    if (user != null) {
      config.setSecurityEnabled(true);
      security.getConfiguration().addUser(user, requiredEnv("SRS_TEST_BROKER_PASSWORD"));
      security.getConfiguration().addRole(user, "srs");
    } else {
      config.setSecurityEnabled(false);
    }

    String ha = System.getProperty("srs.test.broker.ha", "");
    switch (ha) {
      case "primary" ->
          config.setHAPolicyConfiguration(
              new SharedStorePrimaryPolicyConfiguration().setFailoverOnServerShutdown(true));
      case "backup" ->
          config.setHAPolicyConfiguration(
              new SharedStoreBackupPolicyConfiguration()
                  .setFailoverOnServerShutdown(true)
                  .setAllowFailBack(false));
      case "" -> {}
      default ->
          throw new IllegalArgumentException("srs.test.broker.ha is primary or backup, not " + ha);
    }

    EmbeddedActiveMQ broker =
        new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(security);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    broker.stop();
                    System.out.println("standalone broker stopped");
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                },
                "broker-shutdown"));
    broker.start();
    if (ha.equals("backup")) {
      // Its activation runs on a thread of its own, once it holds the journal's lock.
      System.out.println(WAITING + ": " + name);
      while (!broker.getActiveMQServer().isActive()) {
        Thread.sleep(20);
      }
    }
    // Artemis logs some start failures (a port taken) and carries on inactive: say so and exit.
    if (!broker.getActiveMQServer().isActive()) {
      System.out.println("standalone broker " + name + " did not become active");
      System.exit(2);
    }
    System.out.println(
        READY
            + ": "
            + name
            + " on 127.0.0.1:"
            + System.getProperty("srs.test.broker.port")
            + (tlsPort == null ? "" : " and TLS on 127.0.0.1:" + tlsPort)
            + (user == null ? "" : ", security on"));
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing -D" + property);
    }
    return value;
  }

  private static String requiredEnv(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("missing environment variable " + variable);
    }
    return value;
  }
}
