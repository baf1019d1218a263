/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.rotation;

/**
 * When the planner seals a chunk. Zero disables a criterion.
 *
 * @param maxRecords seal once the chunk holds this many records
 * @param maxBytes seal once the chunk's encoded (uncompressed) bytes reach this size
 * @param recordTimeIntervalMs seal before a record whose timestamp falls outside the chunk's
 *     record-time window (windows aligned to multiples of the interval); deterministic across replays
 * @param wallClockIntervalMs seal a chunk that has been open this long by the worker's clock;
 *     NOT deterministic across replays (see {@link RotationPlanner})
 */
public record RotationPolicy(long maxRecords, long maxBytes, long recordTimeIntervalMs, long wallClockIntervalMs) {

    public RotationPolicy {
        if (maxRecords < 0 || maxBytes < 0 || recordTimeIntervalMs < 0 || wallClockIntervalMs < 0) {
            throw new IllegalArgumentException("rotation limits must be >= 0");
        }
        if (maxRecords == 0 && maxBytes == 0 && recordTimeIntervalMs == 0 && wallClockIntervalMs == 0) {
            throw new IllegalArgumentException("at least one rotation criterion must be set");
        }
    }
}
