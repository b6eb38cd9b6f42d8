package io.siprec.srs.session;

/**
 * One DTMF key press as RFC 4733 telephone-events carried it.
 *
 * @param digit 0-9, *, #, A-D, or F for a flash
 * @param startCaptureMillis wall-clock time the tone began (epoch ms)
 * @param startSample where it began on the stream's timeline (output samples)
 * @param volumeDbm0 its power, -dBm0 (0 loudest, 63 quietest)
 */
public record DtmfTone(
    char digit, long startCaptureMillis, long startSample, int durationMillis, int volumeDbm0) {}
