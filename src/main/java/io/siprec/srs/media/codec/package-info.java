/**
 * The codecs: one {@link io.siprec.srs.pipeline.Decoder} per payload format, from RTP payloads to
 * 16-bit linear PCM, chosen by {@link io.siprec.srs.media.codec.Decoders}.
 */
package io.siprec.srs.media.codec;
