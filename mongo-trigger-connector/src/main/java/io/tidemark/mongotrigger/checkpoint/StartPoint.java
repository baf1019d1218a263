/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import java.time.Instant;
import java.util.Objects;
import org.bson.BsonTimestamp;

/**
 * Where a start "from now" started, decided once: the server's operation time at the first start
 * without a checkpoint, recorded under {@code <key>.start} before the stream opened. Until a
 * resume token is committed (which deletes it), every later start resumes at this operation time
 * instead of deciding "now" again.
 *
 * @param operationTime    the operation time the stream starts at (inclusive)
 * @param decidedAtSeconds Unix time in seconds when it was decided
 * @param basis            where the operation time came from (e.g. "the server's operationTime")
 */
public record StartPoint(BsonTimestamp operationTime, long decidedAtSeconds, String basis) {
    public StartPoint {
        Objects.requireNonNull(operationTime, "operationTime");
        Objects.requireNonNull(basis, "basis");
    }

    /** {@code <seconds>:<increment>}, the form start.at.operation.time takes. */
    public String operationTimeText() {
        return Integer.toUnsignedString(operationTime.getTime()) + ":"
                + Integer.toUnsignedString(operationTime.getInc());
    }

    @Override
    public String toString() {
        return "operation time " + operationTimeText() + " (decided at " + Instant.ofEpochSecond(decidedAtSeconds)
                + " from " + basis + ")";
    }
}
