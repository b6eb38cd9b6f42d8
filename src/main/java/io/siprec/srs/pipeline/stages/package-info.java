/** The stages of a stream's media path, one class each, put in order by {@code StreamPipeline}. */
package io.siprec.srs.pipeline.stages;
