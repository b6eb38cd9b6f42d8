/**
 * The edge of the JAIN-SIP stack: how bytes from the network become SIP messages (RFC 3261 §7,
 * §7.5, §18.3, §20.14) before the container sees them. Stream transports (TCP, TLS) are framed by
 * {@link io.siprec.srs.sip.stack.StreamFramer} instead of the stack's own line reader; datagrams
 * get §18.3's body rules from {@link io.siprec.srs.sip.stack.DatagramParser}; what cannot be framed
 * is answered with a 400 or 413 naming the problem, never dropped in silence. These classes run in
 * the container's class loader (the launcher's class path, never the WAR) and are named by
 * server-config/mss-sip-stack.properties. docs/sip-framing.md lists every case.
 */
package io.siprec.srs.sip.stack;
