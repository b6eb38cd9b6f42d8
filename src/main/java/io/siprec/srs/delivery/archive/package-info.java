/**
 * Recordings on disk: WAV per stream and mix, events and final metadata as JSON, with retention,
 * and optionally encrypted at rest (the format is the consumer kit's, which decrypts it). {@code
 * RecordingArchive} starts and stops one class per job (options, the writer thread and its session
 * folders, write failures, retention, the free-space watch, interrupted sessions at start); they
 * all log under the archive's one category, {@code RecordingArchive}.
 */
package io.siprec.srs.delivery.archive;
