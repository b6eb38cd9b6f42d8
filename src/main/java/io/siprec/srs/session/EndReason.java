package io.siprec.srs.session;

/** Why a recording session ended, as reported in the "session ended" event. */
public enum EndReason {
  /** The SRC sent BYE. */
  SRC_BYE,
  /** The SRC cancelled the INVITE before our answer took effect. */
  SRC_CANCEL,
  /** The server is shutting down; we sent BYE. */
  SERVER_SHUTDOWN,
  /** The SRC never acknowledged our 200 OK. */
  NO_ACK,
  /** The SRC asked for RFC 4028 session timers and did not refresh in time; we sent BYE. */
  SESSION_EXPIRED,
  /** Nothing arrived, neither RTP on a recording stream nor SIP, for too long; we sent BYE. */
  SRC_SILENT,
  /**
   * The node recording the session stopped being heard (killed, host down, cut off from the broker)
   * or came back as a new run; another node reports it ended. See docs/scale-out.md.
   */
  NODE_LOST
}
