/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.s3sink.TopicPartitionId;

/**
 * A record already encoded by the configured format, with the coordinates the engine needs.
 *
 * @param path the key template resolved with the record's values ({@link
 *     io.tidemark.s3sink.manifest.KeyTemplate#resolve}); null when the template has no record
 *     variables. A record whose path differs from the open chunk's seals it.
 */
public record EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes, String path) {

    /** A record of a key template without record variables. */
    public EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes) {
        this(tp, offset, timestamp, bytes, null);
    }
}
