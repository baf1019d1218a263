/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import org.bson.BsonDocument;

/** A compiled trigger condition over a document. */
@FunctionalInterface
public interface Condition {

    Condition ALWAYS = doc -> true;

    boolean test(BsonDocument document);
}
