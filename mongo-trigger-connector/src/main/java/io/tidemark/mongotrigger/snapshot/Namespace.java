/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.snapshot;

import java.util.Objects;

/** A MongoDB namespace: database and collection. A database name never holds a dot; a collection name may. */
public record Namespace(String database, String collection) {

    public Namespace {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(collection, "collection");
    }

    /** Parses {@code db.coll} (split at the first dot). */
    public static Namespace parse(String ns) {
        int dot = ns.indexOf('.');
        if (dot <= 0 || dot == ns.length() - 1) {
            throw new IllegalArgumentException("not a namespace <database>.<collection>: '" + ns + "'");
        }
        return new Namespace(ns.substring(0, dot), ns.substring(dot + 1));
    }

    @Override
    public String toString() {
        return database + "." + collection;
    }
}
