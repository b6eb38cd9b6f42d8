/**
 * A stream's media path after ingress as a declared chain of stages ({@code StreamPipeline}), the
 * stage contract and figures, and the workers the stages use (reorder buffer, decoder port,
 * resampler, timeline, chunk assembler, stereo mix).
 */
package io.siprec.srs.pipeline;
