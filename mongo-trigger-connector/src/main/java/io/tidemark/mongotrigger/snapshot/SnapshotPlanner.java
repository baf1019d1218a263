/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.snapshot;

import io.tidemark.mongotrigger.stream.WatchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Decides, once at the start of a copy, which namespaces it copies: those of the watch scope the selection keeps. */
public final class SnapshotPlanner {

    private SnapshotPlanner() {}

    /**
     * @param keep which namespaces to copy (namespace settings and the copy's namespace regex)
     */
    public static List<Namespace> namespaces(SnapshotReader reader, WatchScope scope, Predicate<Namespace> keep) {
        List<Namespace> all = new ArrayList<>();
        switch (scope.level()) {
            case COLLECTION -> all.add(new Namespace(scope.database(), scope.collection()));
            case DATABASE ->
                reader.collections(scope.database()).forEach(c -> all.add(new Namespace(scope.database(), c)));
            case DEPLOYMENT -> {
                for (String db : reader.databases()) {
                    reader.collections(db).forEach(c -> all.add(new Namespace(db, c)));
                }
            }
        }
        return all.stream().filter(keep).toList();
    }
}
