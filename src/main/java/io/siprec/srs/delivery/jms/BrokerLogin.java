package io.siprec.srs.delivery.jms;

/** A user name and password for the broker. {@link #toString()} leaves the password out. */
public record BrokerLogin(String user, String password) {
  public BrokerLogin {
    if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("a broker login needs a user name and a password");
    }
  }

  @Override
  public String toString() {
    return "BrokerLogin[user=" + user + ", password=***]";
  }
}
