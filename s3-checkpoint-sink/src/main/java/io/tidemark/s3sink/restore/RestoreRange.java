/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.s3sink.manifest.ChunkEntryRecord;

/**
 * Which records of a partition a restore replays: original offsets in {@code [fromOffset,
 * toOffset)} and, when a time range is set, record timestamps in {@code [fromTimestamp,
 * toTimestamp)} (a record without a timestamp is then left out).
 */
public record RestoreRange(long fromOffset, long toOffset, long fromTimestamp, long toTimestamp) {

    public static final RestoreRange ALL = new RestoreRange(0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);

    public RestoreRange {
        if (fromOffset < 0 || toOffset < fromOffset) {
            throw new IllegalArgumentException("need 0 <= fromOffset <= toOffset, was " + fromOffset + ", " + toOffset);
        }
        if (toTimestamp < fromTimestamp) {
            throw new IllegalArgumentException("need fromTimestamp <= toTimestamp");
        }
    }

    public boolean hasTimeRange() {
        return fromTimestamp != Long.MIN_VALUE || toTimestamp != Long.MAX_VALUE;
    }

    /** False when no record of {@code c} can be in range (so the chunk is not downloaded at all). */
    public boolean mayHold(ChunkEntryRecord c, long nextOffset) {
        if (c.endOffset() < Math.max(fromOffset, nextOffset) || c.startOffset() >= toOffset) {
            return false;
        }
        if (!hasTimeRange()) {
            return true;
        }
        if (c.minTimestamp() == null || c.maxTimestamp() == null) {
            return false; // no record of it has a timestamp
        }
        return c.maxTimestamp() >= fromTimestamp && c.minTimestamp() < toTimestamp;
    }

    public boolean holds(RestoredRecord r) {
        if (r.offset() < fromOffset || r.offset() >= toOffset) {
            return false;
        }
        if (!hasTimeRange()) {
            return true;
        }
        return r.timestamp() != null && r.timestamp() >= fromTimestamp && r.timestamp() < toTimestamp;
    }
}
