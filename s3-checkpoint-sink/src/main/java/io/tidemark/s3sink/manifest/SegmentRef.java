/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.remote.ChecksumAlgorithm;

/**
 * How the manifest head refers to an immutable manifest segment: its object key, the offset range
 * its chunks cover ({@code firstOffset} = start offset of its first chunk, {@code lastOffset} = end
 * offset of its last chunk), how many ChunkEntryRecords it holds, and the checksum of its bytes
 * (verified on every read).
 */
public record SegmentRef(
        String key,
        long firstOffset,
        long lastOffset,
        int entryCount,
        ChecksumAlgorithm checksumAlgorithm,
        String checksum) {}
