/**
 * Recordings on disk: WAV per stream and mix, events and final metadata as JSON, with retention.
 */
package io.siprec.srs.delivery.archive;
