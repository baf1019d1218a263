/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Which namespaces of a database- or deployment-wide watch are kept: include and exclude lists of
 * databases and of {@code <database>.<collection>} names, and include and exclude regular expressions
 * matched in full against {@code <database>.<collection>}. A namespace is kept when it passes every
 * include that is set and no exclude. The lists are also pushed into the change stream's pipeline as a
 * {@code $match} on {@code ns} ({@link #matchStage()}), so the server drops what they exclude; the
 * regular expressions are applied when events arrive. Events without a collection (dropDatabase) are
 * judged by their database alone.
 */
public final class NamespaceSelection {

    private final Set<String> includeDatabases;
    private final Set<String> excludeDatabases;
    private final Set<String> includeCollections;
    private final Set<String> excludeCollections;
    private final Pattern includeRegex;
    private final Pattern excludeRegex;

    public NamespaceSelection(
            List<String> includeDatabases,
            List<String> excludeDatabases,
            List<String> includeCollections,
            List<String> excludeCollections,
            Optional<Pattern> includeRegex,
            Optional<Pattern> excludeRegex) {
        this.includeDatabases = Set.copyOf(includeDatabases);
        this.excludeDatabases = Set.copyOf(excludeDatabases);
        this.includeCollections = Set.copyOf(includeCollections);
        this.excludeCollections = Set.copyOf(excludeCollections);
        this.includeRegex = includeRegex.orElse(null);
        this.excludeRegex = excludeRegex.orElse(null);
    }

    public static NamespaceSelection all() {
        return new NamespaceSelection(List.of(), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    public boolean selectsAll() {
        return includeDatabases.isEmpty()
                && excludeDatabases.isEmpty()
                && includeCollections.isEmpty()
                && excludeCollections.isEmpty()
                && includeRegex == null
                && excludeRegex == null;
    }

    /** Whether events of {@code database.collection} are kept; {@code collection} null for database-level events. */
    public boolean keeps(String database, String collection) {
        if (database == null) {
            return true; // deployment-level events (invalidate): not a namespace
        }
        if (!includeDatabases.isEmpty() && !includeDatabases.contains(database)) {
            return false;
        }
        if (excludeDatabases.contains(database)) {
            return false;
        }
        if (collection == null) {
            return true;
        }
        String ns = database + "." + collection;
        if (!includeCollections.isEmpty() && !includeCollections.contains(ns)) {
            return false;
        }
        if (excludeCollections.contains(ns)) {
            return false;
        }
        if (includeRegex != null && !includeRegex.matcher(ns).matches()) {
            return false;
        }
        return excludeRegex == null || !excludeRegex.matcher(ns).matches();
    }

    /** The {@code $match} stage of the lists, for the change stream; empty when no list is set. */
    public Optional<BsonDocument> matchStage() {
        List<BsonDocument> conditions = new ArrayList<>();
        if (!includeDatabases.isEmpty()) {
            conditions.add(new BsonDocument("ns.db", new BsonDocument("$in", strings(includeDatabases))));
        }
        if (!excludeDatabases.isEmpty()) {
            conditions.add(new BsonDocument("ns.db", new BsonDocument("$nin", strings(excludeDatabases))));
        }
        if (!includeCollections.isEmpty()) {
            BsonArray or = new BsonArray();
            includeCollections.stream().sorted().forEach(ns -> or.add(namespace(ns)));
            // database-level events carry no ns.coll: keep them when their database is one of the included ones
            or.add(new BsonDocument("ns.coll", new BsonDocument("$exists", org.bson.BsonBoolean.FALSE)));
            conditions.add(new BsonDocument("$or", or));
        }
        if (!excludeCollections.isEmpty()) {
            BsonArray nor = new BsonArray();
            excludeCollections.stream().sorted().forEach(ns -> nor.add(namespace(ns)));
            conditions.add(new BsonDocument("$nor", nor));
        }
        if (conditions.isEmpty()) {
            return Optional.empty();
        }
        BsonDocument match =
                conditions.size() == 1 ? conditions.get(0) : new BsonDocument("$and", new BsonArray(conditions));
        return Optional.of(new BsonDocument("$match", match));
    }

    private static BsonDocument namespace(String ns) {
        int dot = ns.indexOf('.');
        return new BsonDocument("ns.db", new BsonString(ns.substring(0, dot)))
                .append("ns.coll", new BsonString(ns.substring(dot + 1)));
    }

    private static BsonArray strings(Set<String> values) {
        BsonArray a = new BsonArray();
        values.stream().sorted().forEach(v -> a.add(new BsonString(v)));
        return a;
    }
}
