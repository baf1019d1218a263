/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.rotation;

import io.tidemark.s3sink.stage.StagedChunk;

/**
 * Decides when a chunk is sealed. Sealing by record count, bytes, record time and key path (the
 * engine seals a chunk before a record whose key path differs) depends only on
 * the sequence of records, so after a crash the same records form the same chunks with the same
 * keys: a re-upload replaces an object with identical bytes. Wall-clock rotation depends on when
 * records arrive and so breaks that determinism; exactly-once then rests on the manifest alone
 * (a chunk counts only once a manifest lists it, unlisted uploads are deleted as orphans, and the
 * task resumes from the manifest's next offset).
 */
public final class RotationPlanner {

    /** Why a chunk was sealed (for logs and metrics). */
    public enum Reason {
        RECORDS,
        BYTES,
        RECORD_TIME,
        /** The next record's key path (record variables of the key template) differs from the chunk's. */
        PATH,
        WALL_CLOCK,
        QUOTA,
        CLOSE,
        /** The next record has another schema (formats whose chunks hold one schema: Parquet). */
        SCHEMA_CHANGE
    }

    private final RotationPolicy policy;

    public RotationPlanner(RotationPolicy policy) {
        this.policy = policy;
    }

    public RotationPolicy policy() {
        return policy;
    }

    /**
     * Before appending a record with {@code timestamp}: seal the chunk when the record falls
     * outside the chunk's record-time window.
     */
    public Reason sealBefore(StagedChunk chunk, Long timestamp) {
        if (chunk == null
                || chunk.isEmpty()
                || policy.recordTimeIntervalMs() == 0
                || timestamp == null
                || chunk.firstTimestamp() == null) {
            return null;
        }
        long interval = policy.recordTimeIntervalMs();
        long windowStart = Math.floorDiv(chunk.firstTimestamp(), interval) * interval;
        return timestamp >= windowStart + interval ? Reason.RECORD_TIME : null;
    }

    /** After appending a record: seal the chunk when it is full. */
    public Reason sealAfter(StagedChunk chunk) {
        if (policy.maxRecords() > 0 && chunk.records() >= policy.maxRecords()) {
            return Reason.RECORDS;
        }
        if (policy.maxBytes() > 0 && chunk.bytes() >= policy.maxBytes()) {
            return Reason.BYTES;
        }
        return null;
    }

    /** On a timer: seal a non-empty chunk open longer than the wall-clock interval. */
    public Reason sealOnClock(StagedChunk chunk, long nowMillis) {
        if (chunk == null || chunk.isEmpty() || policy.wallClockIntervalMs() == 0) {
            return null;
        }
        return nowMillis - chunk.openedAtMillis() >= policy.wallClockIntervalMs() ? Reason.WALL_CLOCK : null;
    }
}
