/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.util.Objects;
import org.bson.BsonTimestamp;

/**
 * A point in the server's oplog time at or before "now": a change stream started at it
 * ({@code startAtOperationTime}, inclusive) sees every change made after the server reported it.
 *
 * @param time  the operation time
 * @param basis where it came from, for the audit line (e.g. "the server's operationTime")
 */
public record ServerTime(BsonTimestamp time, String basis) {
    public ServerTime {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(basis, "basis");
    }
}
