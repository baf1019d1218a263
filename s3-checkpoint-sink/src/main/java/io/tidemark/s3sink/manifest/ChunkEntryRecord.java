/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;

/**
 * One chunk as the chunk_catalog and the S3 manifest list it: its object key, Kafka coordinates,
 * inclusive offset range, record count, object size, checksum of the object's bytes, and the
 * record-time range (null when records carry no timestamps).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkEntryRecord(
        String key,
        String topic,
        int partition,
        long startOffset,
        long endOffset,
        long recordCount,
        long bytes,
        ChecksumAlgorithm checksumAlgorithm,
        String checksum,
        Long minTimestamp,
        Long maxTimestamp) {}
