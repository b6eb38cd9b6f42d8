/**
 * RTP reception: ports from the configured range, a few selector threads for all streams,
 * per-stream receivers.
 */
package io.siprec.srs.media.rtp;
