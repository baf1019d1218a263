/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import java.util.Objects;
import org.bson.BsonDocument;

/**
 * The global checkpoint: {@code {token, updatedAt}} under
 * {@code sys/checkpoints/trigger_evaluator}.
 *
 * @param token     the resume token as canonical extended JSON (opaque to everything but the stream)
 * @param updatedAt Unix time in seconds of the write
 */
public record GlobalCheckpoint(String token, long updatedAt) {

    public GlobalCheckpoint {
        Objects.requireNonNull(token, "token");
    }

    public static GlobalCheckpoint of(BsonDocument token, long updatedAtSeconds) {
        return new GlobalCheckpoint(token.toJson(), updatedAtSeconds);
    }

    public BsonDocument tokenDocument() {
        return BsonDocument.parse(token);
    }
}
