/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.util.Optional;
import org.bson.BsonTimestamp;

/**
 * Opens change streams on one watch scope. The seam between the connector and the MongoDB driver:
 * {@link MongoDriverChangeStreamSource} for real servers, scripted fakes in tests for what test
 * servers cannot do (history lost, post-batch tokens, deployment-wide watch, step-downs).
 */
public interface ChangeStreamSource extends AutoCloseable {

    /** Opens a cursor at {@code start}. Errors surface here or on the first {@code tryNext}. */
    ChangeCursor open(StartPosition start);

    /**
     * The server's current time in its oplog: a stream opened later at this operation time sees every
     * change made after this call. Asked once, at the first start "from now", so the starting point
     * can be recorded before the stream opens. Errors are classified like cursor errors.
     */
    ServerTime operationTime();

    /**
     * The time of the oldest entry the server keeps in its oplog, where it reports one (a replica set member
     * whose {@code local.oplog.rs} this user may read); empty when it does not. Together with the checkpoint's
     * cluster time it says how long the checkpoint can wait before its events leave the oplog.
     */
    default Optional<BsonTimestamp> oldestOplogEntry() {
        return Optional.empty();
    }

    @Override
    void close();
}
