/**
 * Delivery on JMS: the embedded Artemis broker, the audio and event publishers, the message
 * contract.
 */
package io.siprec.srs.delivery.jms;
