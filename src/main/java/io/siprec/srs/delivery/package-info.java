/**
 * Where recordings go: the JSON form of session events shared by every channel, and the channels
 * themselves (JMS in {@code jms}, files on disk in {@code archive}).
 */
package io.siprec.srs.delivery;
