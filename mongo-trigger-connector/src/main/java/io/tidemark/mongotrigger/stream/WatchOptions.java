/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bson.BsonDocument;

/**
 * How change streams are opened.
 *
 * @param scope                    what is watched
 * @param pipeline                 user stages appended to the change stream
 * @param fullDocument             default | updateLookup | whenAvailable | required
 * @param fullDocumentBeforeChange off | whenAvailable | required
 * @param batchSize                documents per server batch, 0 for the server default
 * @param maxAwaitTime             how long a getMore waits for new events
 */
public record WatchOptions(
        WatchScope scope,
        List<BsonDocument> pipeline,
        String fullDocument,
        String fullDocumentBeforeChange,
        int batchSize,
        Duration maxAwaitTime) {

    public WatchOptions {
        Objects.requireNonNull(scope, "scope");
        pipeline = pipeline == null ? List.of() : List.copyOf(pipeline);
        Objects.requireNonNull(fullDocument, "fullDocument");
        Objects.requireNonNull(fullDocumentBeforeChange, "fullDocumentBeforeChange");
        Objects.requireNonNull(maxAwaitTime, "maxAwaitTime");
    }
}
