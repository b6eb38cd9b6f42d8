/**
 * The standalone launcher: embedded Restcomm/Tomcat with the WAR deployed, process lifecycle and
 * signals.
 */
package io.siprec.srs.launcher;
