/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.stage;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import java.nio.file.Path;

/**
 * A chunk that takes no more records: its staged file, offset range [firstOffset, lastOffset],
 * counts, record-time range, the checksum of the staged bytes computed while they were written, and
 * the key template resolved by its records ({@code path}, null when the template has no record
 * variables; every record of a chunk resolves to the same path).
 */
public record SealedChunk(
        TopicPartitionId tp,
        Path file,
        long firstOffset,
        long lastOffset,
        long records,
        long stagedBytes,
        Long minTimestamp,
        Long maxTimestamp,
        ChecksumAlgorithm integrity,
        byte[] stagedChecksum,
        String path) {}
