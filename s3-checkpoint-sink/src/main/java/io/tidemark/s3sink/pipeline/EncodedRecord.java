/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.s3sink.TopicPartitionId;

/**
 * A record already encoded by the configured format, with the coordinates the engine needs; or,
 * with {@code bytes == null} ({@link #skipped}), a record consumed without being written.
 * {@code schemaId} names the schema of the staged bytes for formats whose chunks hold one schema
 * (Parquet: a record of another schema seals the open chunk first); 0 for the others.
 */
public record EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes, long schemaId) {

    public EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes) {
        this(tp, offset, timestamp, bytes, 0L);
    }

    /** A record consumed but not written (a null value with behavior.on.null.values=ignore). */
    public static EncodedRecord skipped(TopicPartitionId tp, long offset, Long timestamp) {
        return new EncodedRecord(tp, offset, timestamp, null, 0L);
    }

    public boolean isSkipped() {
        return bytes == null;
    }
}
