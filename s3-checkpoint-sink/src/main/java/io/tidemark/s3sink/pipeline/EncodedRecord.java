/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.s3sink.TopicPartitionId;

/**
 * A record already encoded by the configured format, with the coordinates the engine needs; or,
 * with {@code bytes == null} ({@link #skipped}), a record consumed without being written.
 *
 * @param schemaId names the schema of the staged bytes for formats whose chunks hold one schema
 *     (Parquet: a record of another schema seals the open chunk first); 0 for the others
 * @param path the key template resolved with the record's values ({@link
 *     io.tidemark.s3sink.manifest.KeyTemplate#resolve}); null when the template has no record
 *     variables. A record whose path differs from the open chunk's seals it.
 */
public record EncodedRecord(
        TopicPartitionId tp, long offset, Long timestamp, byte[] bytes, long schemaId, String path) {

    /** A record of a format without per-chunk schemas, under a key template without record variables. */
    public EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes) {
        this(tp, offset, timestamp, bytes, 0L, null);
    }

    /** A record of a format whose chunks hold one schema, under a key template without record variables. */
    public EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes, long schemaId) {
        this(tp, offset, timestamp, bytes, schemaId, null);
    }

    /** A record whose object key path the key template's record variables decide. */
    public EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes, String path) {
        this(tp, offset, timestamp, bytes, 0L, path);
    }

    /** A record consumed but not written (a null value with behavior.on.null.values=ignore). */
    public static EncodedRecord skipped(TopicPartitionId tp, long offset, Long timestamp) {
        return new EncodedRecord(tp, offset, timestamp, null, 0L, null);
    }

    public boolean isSkipped() {
        return bytes == null;
    }
}
