/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.PartitionState;
import io.tidemark.s3sink.stage.StagedChunk;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one assigned partition. Fields without volatile are touched by the task thread
 * only; {@link #state}, {@link #failure} and the counters also by the upload job of the partition
 * (jobs of one partition run one after another, chained on {@link #tail}).
 */
final class PartitionWriter {

    final TopicPartitionId tp;
    volatile PartitionState state;
    volatile Throwable failure;
    final AtomicInteger generation = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong inFlightBytes = new AtomicLong();
    CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    StagedChunk open;
    /** The schema id of the records in {@link #open} (see {@link EncodedRecord#schemaId()}). */
    long openSchemaId;
    /** Records below this offset were staged already (or are in the manifest): drop them. */
    long nextExpected;
    /** First offset staged since the partition was opened (where to rewind when the manifest is empty). */
    long firstStaged = -1;

    long highestSeen = -1;
    /**
     * One past the last record skipped (consumed, not written) while every record before it was in
     * the manifest; committable even though no chunk covers it. -1: none.
     */
    long skippedNext = -1;
    /** After a rewind: records above {@link #rewindHighWater} are from before the seek and are dropped. */
    boolean awaitingRewind;

    long rewindHighWater;
    volatile int consecutiveRewinds;

    PartitionWriter(TopicPartitionId tp, PartitionState state) {
        this.tp = tp;
        this.state = state;
        this.nextExpected = Math.max(0, state.nextOffset());
    }

    /** First offset not durable: where consumption resumes after a rewind, or -1 when unknown. */
    long rewindTarget() {
        long durable = state.nextOffset();
        return durable >= 0 ? durable : firstStaged;
    }
}
