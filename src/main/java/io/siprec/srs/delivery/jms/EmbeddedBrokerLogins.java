package io.siprec.srs.delivery.jms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may log in to the embedded broker, and in which role; what a role may do on which queue is
 * {@code security-settings} in broker.xml. Two accounts, both held in memory:
 *
 * <ul>
 *   <li>the consumer ({@code srs.broker.consumer-user}), from any connection, role {@value
 *       #CONSUMER_ROLE};
 *   <li>the server's own publisher, role {@value #PUBLISHER_ROLE}, whose password is made anew for
 *       each start and never leaves the process, and which is accepted only on an in-VM connection:
 *       even someone who learnt it could not publish over TCP.
 * </ul>
 *
 * <p>No one else, and nobody without a user name: an anonymous connection is refused. User and
 * password are both always compared, in time that does not depend on where a guess differs.
 *
 * <p>An Artemis security manager of our own rather than its JAAS one: two fixed accounts need no
 * login configuration file, and only here can a login depend on the transport it came over. Artemis
 * caches a successful login by user and password alone, whatever the transport, so the broker must
 * run with its authentication cache off for the in-VM rule to hold (EmbeddedBroker sets it); a
 * login costs two constant-time comparisons of short byte arrays.
 */
final class EmbeddedBrokerLogins implements ActiveMQSecurityManager5 {
  static final String CONSUMER_ROLE = "consumer";
  static final String PUBLISHER_ROLE = "publisher";

  private final Account consumer;
  private final Account publisher;

  EmbeddedBrokerLogins(BrokerLogin consumer, BrokerLogin publisher) {
    this.consumer = new Account(consumer, CONSUMER_ROLE, false);
    this.publisher = new Account(publisher, PUBLISHER_ROLE, true);
  }

  /** One account: its login, and the identity a connection that logs in with it gets. */
  private static final class Account {
    private final byte[] user;
    private final byte[] password;
    private final Subject subject;
    private final boolean inVmOnly;

    Account(BrokerLogin login, String role, boolean inVmOnly) {
      this.user = login.user().getBytes(StandardCharsets.UTF_8);
      this.password = login.password().getBytes(StandardCharsets.UTF_8);
      this.inVmOnly = inVmOnly;
      // Shared by every connection of the account, so it must not change.
      Subject s = new Subject();
      s.getPrincipals().add(new UserPrincipal(login.user()));
      s.getPrincipals().add(new RolePrincipal(role));
      s.setReadOnly();
      this.subject = s;
    }

    boolean accepts(byte[] user, byte[] password, RemotingConnection connection) {
      boolean userMatches = MessageDigest.isEqual(this.user, user);
      boolean passwordMatches = MessageDigest.isEqual(this.password, password);
      return userMatches & passwordMatches & (!inVmOnly || isInVm(connection));
    }
  }

  /**
   * @return the identity of a known login, or null: Artemis then refuses the connection.
   */
  @Override
  public Subject authenticate(
      String user, String password, RemotingConnection connection, String securityDomain) {
    if (user == null || password == null) {
      return null;
    }
    byte[] u = user.getBytes(StandardCharsets.UTF_8);
    byte[] p = password.getBytes(StandardCharsets.UTF_8);
    if (publisher.accepts(u, p, connection)) {
      return publisher.subject;
    }
    if (consumer.accepts(u, p, connection)) {
      return consumer.subject;
    }
    return null;
  }

  /** Granted when one of the subject's roles has the permission on the address (broker.xml). */
  @Override
  public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
    if (subject == null) {
      return false;
    }
    for (Role role : roles) {
      if (checkType.hasRole(role)
          && subject.getPrincipals().contains(new RolePrincipal(role.getName()))) {
        return true;
      }
    }
    return false;
  }

  // The pre-Subject API, which Artemis does not use when the manager implements the one above;
  // answered consistently in case it ever does (no connection: never the in-VM publisher).

  @Override
  public boolean validateUser(String user, String password) {
    return authenticate(user, password, null, null) != null;
  }

  @Override
  public boolean validateUserAndRole(
      String user, String password, Set<Role> roles, CheckType checkType) {
    return authorize(authenticate(user, password, null, null), roles, checkType, null);
  }

  private static boolean isInVm(RemotingConnection connection) {
    return connection != null && connection.getTransportConnection() instanceof InVMConnection;
  }
}
