/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.snapshot.Namespace;
import io.tidemark.mongotrigger.snapshot.SnapshotPlanner;
import io.tidemark.mongotrigger.snapshot.SnapshotProgress;
import io.tidemark.mongotrigger.snapshot.SnapshotReader;
import io.tidemark.mongotrigger.stream.ChangeStreamSource;
import io.tidemark.mongotrigger.stream.ServerTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Where a copy of existing documents stands at task start: the further of the progress in Connect's
 * offsets and the one in the local store; or, for a new copy, its recorded beginning.
 */
final class SnapshotStart {

    private SnapshotStart() {}

    /** The progress of a copy that was started before, the further of Connect's and the local one; empty when none. */
    static Optional<SnapshotProgress> recorded(java.util.Map<String, Object> connectOffset, LocalCheckpoint local) {
        Optional<SnapshotProgress> connect = OffsetShape.snapshotProgress(connectOffset);
        Optional<SnapshotProgress> stored;
        try {
            stored = local.readSnapshot().map(SnapshotProgress::parse);
        } catch (IllegalArgumentException e) {
            throw new ConnectException(
                    "The progress of the copy of existing documents under " + local.snapshotKey()
                            + " in the local checkpoint store is unreadable (" + e.getMessage() + "). Stop the"
                            + " connector and reset its offsets (DELETE /connectors/NAME/offsets) to copy again.",
                    e);
        }
        if (connect.isEmpty()) {
            return stored;
        }
        if (stored.isEmpty()) {
            return connect;
        }
        return stored.get().isAfter(connect.get()) ? stored : connect;
    }

    /**
     * Begins a new copy: takes the server's operation time (the change stream starts there after the copy, so
     * nothing written during the copy is missed), lists the namespaces, and records both in the local store
     * before anything is copied.
     */
    static SnapshotProgress begin(
            MongoTriggerSourceConfig config,
            ChangeStreamSource source,
            LocalCheckpoint local,
            TaskEnvironment env,
            boolean localCorrupt) {
        ServerTime now;
        List<Namespace> namespaces;
        try {
            now = source.operationTime();
            try (SnapshotReader reader = env.snapshotReader(config)) {
                namespaces = SnapshotPlanner.namespaces(reader, config.scope(), keep(config));
            }
        } catch (RuntimeException e) {
            throw new ConnectException(
                    "Could not begin the copy of existing documents (startup.mode=copy_existing): "
                            + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + ". Nothing was copied or recorded; the task retries the copy from the start when restarted.",
                    e);
        }
        SnapshotProgress progress = SnapshotProgress.start(now.time(), namespaces);
        local.writeSnapshot(progress.toJson());
        env.audit()
                .record("AUDIT: Copying the existing documents of " + namespaces.size() + " namespace(s) " + namespaces
                        + " (checkpoint " + (localCorrupt ? "corrupt, treated as missing" : "missing")
                        + ", startup.mode=copy_existing); the change stream then starts at operation time "
                        + now.time().getTime() + ":" + now.time().getInc() + " (" + now.basis()
                        + "), taken before the copy");
        return progress;
    }

    static Predicate<Namespace> keep(MongoTriggerSourceConfig config) {
        Optional<Pattern> regex = config.copyNamespaceRegex();
        Predicate<Namespace> selected = config.namespaceSelection();
        return ns -> selected.test(ns)
                && regex.map(r -> r.matcher(ns.toString()).matches()).orElse(true);
    }
}
