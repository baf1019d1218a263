/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.s3sink.TopicPartitionId;

/** A record already encoded by the configured format, with the coordinates the engine needs. */
public record EncodedRecord(TopicPartitionId tp, long offset, Long timestamp, byte[] bytes) {}
