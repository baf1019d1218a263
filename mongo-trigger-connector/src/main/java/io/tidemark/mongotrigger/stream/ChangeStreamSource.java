/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

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

    @Override
    void close();
}
