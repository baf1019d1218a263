/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import org.bson.BsonDocument;
import org.bson.BsonString;

/** Resume tokens for tests: the {@code {_data: <hex>}} shape a server sends. */
public final class Tokens {

    private Tokens() {}

    public static BsonDocument token(String hex) {
        return new BsonDocument("_data", new BsonString(hex));
    }
}
