/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import java.util.Objects;
import org.bson.BsonDocument;

/**
 * A stream position handed to Kafka: a resume token and the emission sequence number of the record
 * that carried it ({@code tidemark.seq}, monotonic per connector). The higher sequence is the newer
 * position; an operator-written offset has sequence 0.
 */
public record Position(BsonDocument token, long seq) {
    public Position {
        Objects.requireNonNull(token, "token");
    }
}
