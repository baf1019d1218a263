/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import org.bson.BsonDocument;

/** An open change stream. Not thread-safe: one reader. */
public interface ChangeCursor extends AutoCloseable {

    /**
     * The next event, or null when none is available now. May wait up to the stream's max await
     * time on a real server.
     */
    ChangeEvent tryNext();

    /**
     * Where this stream would resume now: the token of the last event returned, or the server's
     * post-batch resume token once a batch is exhausted (it advances on empty batches too). Null
     * while the server has given no token yet.
     */
    BsonDocument resumeToken();

    @Override
    void close();
}
