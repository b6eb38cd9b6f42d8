/**
 * The domain core: recording sessions, their streams and events, and the ports (interfaces) it
 * needs from the edges; no SIP, JMS or socket types.
 */
package io.siprec.srs.session;
