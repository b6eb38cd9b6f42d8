package io.siprec.srs.session;

import java.time.Instant;

/**
 * One offer/answer exchange of the recording dialog, as the text that went over the wire, for
 * operators who compare it with an SBC trace. Key material (SDES inline keys) is masked by the
 * signalling layer before the text gets here: nothing downstream may show a key.
 *
 * @param receivedIn the request that carried the offer: INVITE, re-INVITE or UPDATE
 * @param offer the SRC's offer
 * @param answer our answer
 */
public record SdpExchange(Instant at, String receivedIn, String offer, String answer) {}
