/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of the change_log: every change the manifest writer makes to a partition's manifest
 * state, in order, committed in the same batch as the change itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestOp(
        Type type,
        String topic,
        int partition,
        long epoch,
        String chunkKey,
        Long startOffset,
        Long endOffset,
        String detail,
        long atMillis) {

    public enum Type {
        /** A task took the partition over (epoch bump of the S3 manifest). */
        OPEN_PARTITION,
        /** A sealed chunk is about to be uploaded (recorded in chunk_delta_index). */
        STAGE_PENDING,
        /** The S3 manifest now lists the chunk; it counts as written. */
        ADD_CHUNK,
        /** A pending chunk found after a restart was complete in S3 and was added to the manifest. */
        FINISH_PENDING,
        /** A pending chunk was dropped (its records will be consumed again). */
        DISCARD_PENDING,
        /** An object no manifest lists was deleted. */
        DELETE_ORPHAN,
        /** The oldest entries of the manifest head were moved into an immutable manifest segment. */
        MOVE_TO_SEGMENT,
        /** Older change_log entries were removed. */
        TRUNCATE_APPEND_ONLY
    }

    static ManifestOp of(
            Type type, String topic, int partition, long epoch, String chunkKey, Long start, Long end, String detail) {
        return new ManifestOp(type, topic, partition, epoch, chunkKey, start, end, detail, System.currentTimeMillis());
    }
}
