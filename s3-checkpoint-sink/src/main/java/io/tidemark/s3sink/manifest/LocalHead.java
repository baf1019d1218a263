/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

/**
 * What the local store remembers of a partition's S3 manifest besides the chunk_catalog: the ETag
 * of the last write, epoch, owner, write id, next offset, change_log bounds, and how many entries
 * the chunk_catalog (the manifest's tail) and the segment references hold. Heads written before
 * segments existed decode with {@code segmentCount} 0.
 */
record LocalHead(
        String etag,
        long epoch,
        String owner,
        String writeId,
        long nextOffset,
        int chunkCount,
        long firstLogSeq,
        long nextLogSeq,
        int segmentCount) {}
