/** Decoders from RTP payloads to 16-bit linear PCM, chosen per negotiated payload format. */
package io.siprec.srs.media.codec;
