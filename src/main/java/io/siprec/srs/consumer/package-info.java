/**
 * The consumer kit, what an ASR team's or an auditor's Java code runs: {@link
 * io.siprec.srs.consumer.SrsFeed} turns the audio and event queues back into ordered PCM per
 * stream, with every hole reported, and {@code ExampleConsumer} runs it from the command line. The
 * archive's encrypted files are read by {@link io.siprec.srs.consumer.EncryptedRecordingReader}
 * ({@code ArchiveDecrypt} on the command line), whose format constants the server's writer shares;
 * {@code ArchiveVerify} checks the archive on disk against its signed, chained manifests. Depends
 * on nothing else of ours.
 */
package io.siprec.srs.consumer;
