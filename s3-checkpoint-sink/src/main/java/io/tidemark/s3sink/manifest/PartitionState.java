/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.TopicPartitionId;

/**
 * A partition's durable manifest as this writer last wrote it: the manifest, the ETag S3 gave it
 * (the precondition of the next write) and the next change_log sequence number.
 */
public record PartitionState(
        TopicPartitionId tp, PartitionManifest manifest, String etag, long nextLogSeq, Source source) {

    /** Where {@link ManifestWriter#open} found the manifest. */
    public enum Source {
        /** The local chunk_catalog matched S3 (no S3 read needed). */
        LOCAL,
        /** Read from S3 (fresh worker, or the local catalog was stale). */
        REMOTE,
        /** No manifest existed; a new one was created. */
        NEW
    }

    /** The first offset the manifest does not hold, or -1 when it holds none. */
    public long nextOffset() {
        return manifest.nextOffset();
    }
}
