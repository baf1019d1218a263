/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.mongo;

/** A real MongoDB given by a connection string (env MONGODB_URI): nothing is started or stopped. */
public record ExternalMongo(String uri) implements MongoEndpoint {

    /** The MongoDB named by env var MONGODB_URI, or null if it is not set. */
    public static ExternalMongo fromEnvironment() {
        String uri = System.getenv("MONGODB_URI");
        return uri == null || uri.isBlank() ? null : new ExternalMongo(uri);
    }

    @Override
    public boolean isRealMongo() {
        return true;
    }
}
