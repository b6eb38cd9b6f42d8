/**
 * SDP parsing and the recorder's side of offer/answer: per-line codec negotiation, labels,
 * directions, the answer.
 */
package io.siprec.srs.offer.sdp;
