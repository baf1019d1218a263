/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.util.Objects;

/** What a change stream watches: one collection, one database, or the whole deployment. */
public record WatchScope(Level level, String database, String collection) {

    public enum Level {
        COLLECTION,
        DATABASE,
        DEPLOYMENT
    }

    public WatchScope {
        Objects.requireNonNull(level, "level");
        if (level != Level.DEPLOYMENT && (database == null || database.isBlank())) {
            throw new IllegalArgumentException("a " + level.name().toLowerCase() + " watch needs a database name");
        }
        if (level == Level.COLLECTION && (collection == null || collection.isBlank())) {
            throw new IllegalArgumentException("a collection watch needs a collection name");
        }
    }

    public static WatchScope collection(String database, String collection) {
        return new WatchScope(Level.COLLECTION, database, collection);
    }

    public static WatchScope database(String database) {
        return new WatchScope(Level.DATABASE, database, null);
    }

    public static WatchScope deployment() {
        return new WatchScope(Level.DEPLOYMENT, null, null);
    }

    @Override
    public String toString() {
        return switch (level) {
            case COLLECTION -> "collection " + database + "." + collection;
            case DATABASE -> "database " + database;
            case DEPLOYMENT -> "deployment";
        };
    }
}
