/**
 * Recordings on disk: WAV per stream and mix, events and final metadata as JSON, optionally
 * encrypted at rest (the format is the consumer kit's, which decrypts it), each session sealed by a
 * signed, chained manifest, with retention by policy, legal holds, erasure requests and their audit
 * log. {@code RecordingArchive} starts and stops one class per job (options, the writer thread and
 * its session folders, the manifest chain and its signing key, write failures, retention, holds,
 * erasure, the free-space watch, interrupted sessions at start); they all log under the archive's
 * one category, {@code RecordingArchive}.
 */
package io.siprec.srs.delivery.archive;
