/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.TopicPartitionId;

/**
 * The S3 manifest of a partition changed under this writer: another task (a newer generation)
 * took the partition over. This writer must stop writing the partition; its unlisted uploads are
 * orphans.
 */
public class FencedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TopicPartitionId tp;

    public FencedException(TopicPartitionId tp, String message) {
        super(message);
        this.tp = tp;
    }

    public TopicPartitionId topicPartition() {
        return tp;
    }
}
