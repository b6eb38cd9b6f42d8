package io.siprec.srs.session;

/** Read-only port to what the console shows of the message broker the feeds go to. */
public interface BrokerFigures {
  /** The server runs a broker of its own (else the feeds go to the configured URL). */
  boolean isEnabled();

  /** The embedded broker is up. */
  boolean isRunning();

  /** Where consumers connect to the embedded broker. */
  String consumerUrl();
}
