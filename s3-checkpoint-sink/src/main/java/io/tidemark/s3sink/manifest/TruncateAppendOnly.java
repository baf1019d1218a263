/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

/**
 * The retention rule of the append-only change_log: once a partition's log holds more than
 * {@code retain} entries (plus a quarter), the oldest are removed in the same batch that appends the newest, and a
 * {@link ManifestOp.Type#TRUNCATE_APPEND_ONLY} entry records the cut.
 */
public record TruncateAppendOnly(long retain) {

    public TruncateAppendOnly {
        if (retain < 1) {
            throw new IllegalArgumentException("change_log retention must be >= 1");
        }
    }

    /**
     * The first sequence to keep when the log spans [firstSeq, nextSeq): unchanged until the log
     * exceeds the retention by a quarter, then cut back to {@code retain} entries (so truncation
     * happens in batches, not on every append).
     */
    public long keepFrom(long firstSeq, long nextSeq) {
        if (nextSeq - firstSeq > retain + Math.max(1, retain / 4)) {
            return nextSeq - retain;
        }
        return firstSeq;
    }
}
