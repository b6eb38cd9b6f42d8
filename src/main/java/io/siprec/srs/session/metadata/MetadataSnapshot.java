package io.siprec.srs.session.metadata;

import java.time.Instant;

/**
 * The session's metadata after one update, with when and how it arrived.
 *
 * @param receivedIn the request that carried it: INVITE, re-INVITE, UPDATE, BYE, or "SIP headers"
 * @param partialUpdate the update was {@code datamode partial} (merged into the previous snapshot)
 * @param metadata the merged, complete view after the update
 */
public record MetadataSnapshot(
    Instant at, String receivedIn, boolean partialUpdate, RecordingMetadata metadata) {}
