/**
 * The SIPREC use cases without a container: each request of a recording dialog in as a {@link
 * io.siprec.srs.recording.SipRequest}, a sealed outcome out (answered, or refused with status,
 * reason and headers), every SIP decision made here on top of the session core.
 */
package io.siprec.srs.recording;
