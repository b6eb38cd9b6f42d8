/**
 * Reading SIPREC request bodies: Content-Type, tolerant multipart framing, the SDP and metadata
 * parts.
 */
package io.siprec.srs.offer.body;
