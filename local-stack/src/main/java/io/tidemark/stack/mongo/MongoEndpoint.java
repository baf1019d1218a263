/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** A MongoDB to test against: mongo-java-server in its own JVM, a real replica set from MONGODB_URI, or a container. */
public interface MongoEndpoint {

    /** Connection string, e.g. mongodb://127.0.0.1:40321 */
    String uri();

    /** A client for {@link #uri()} (caller closes it). */
    default MongoClient client() {
        return MongoClients.create(uri());
    }

    /** True for a real MongoDB (replica set), false for mongo-java-server (see mongo-change-streams.md for its limits). */
    boolean isRealMongo();
}
