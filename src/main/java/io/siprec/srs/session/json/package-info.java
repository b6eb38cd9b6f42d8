/**
 * The JSON form of the session core's values (a session snapshot, its streams and statistics, a
 * metadata problem, an event's type), written once for every channel that shows them: the JMS
 * events, the archive and the admin console's API.
 */
package io.siprec.srs.session.json;
