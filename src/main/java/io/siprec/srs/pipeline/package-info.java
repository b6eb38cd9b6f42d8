/** Per-stream stages after decoding: placing samples on the stream timeline and cutting them into chunks. */
package io.siprec.srs.pipeline;
