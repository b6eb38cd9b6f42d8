/**
 * The SIP servlet edge: SIPREC requests become recording-session commands, outcomes become SIP
 * answers.
 */
package io.siprec.srs.sip;
