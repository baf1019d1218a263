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

    @Override
    void close();
}
