/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.filesource.assign.TaskAssignment;
import io.tidemark.filesource.discovery.DirectoryWatcher;
import io.tidemark.filesource.discovery.PathFilter;
import io.tidemark.filesource.discovery.RootScanner;
import io.tidemark.filesource.tail.StartPosition;
import io.tidemark.filesource.tail.Tailer;
import io.tidemark.filesource.tail.TailerOptions;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Builds what one {@link FileSourceTask} runs on: the positions (local mirror reconciled with
 * Connect's offsets), the record maker and the tailer over the task's share of the files. The task
 * only opens the local store and calls {@link #create}; tests reach the same graph through the task.
 */
final class TaskPipelineFactory {

    /** The objects a started task works with. */
    record TaskPipeline(MirroredPositions positions, RecordMaker records, Tailer tailer) {}

    private TaskPipelineFactory() {}

    /**
     * @param mirror         the local offset mirror, null when it is off
     * @param connectOffsets Connect's stored offset of a partition (null when none)
     * @param clock          milliseconds, for the tailer's timeouts
     */
    static TaskPipeline create(
            FileSourceConfig config,
            TaskAssignment assignment,
            OffsetMirror mirror,
            Function<Map<String, String>, Map<String, Object>> connectOffsets,
            LongSupplier clock) {
        MirroredPositions positions = new MirroredPositions(mirror, connectOffsets);
        RecordMaker records = new RecordMaker(config, positions::nextSeq);
        TailerOptions options = config.tailerOptions();
        if (options.startPosition() == StartPosition.END
                && mirror != null
                && !mirror.localPositions().isEmpty()) {
            // this connector ran here before: files without a position appeared while it was stopped
            options = options.toBuilder().startPosition(StartPosition.BEGINNING).build();
        }
        RootScanner scanner = new RootScanner(
                config.roots(), new PathFilter(config.includes(), config.excludes()), config.followSymlinks());
        DirectoryWatcher watcher = config.watchEnabled() ? DirectoryWatcher.create() : null;
        Tailer tailer = new Tailer(options, scanner, assignment, positions, watcher, clock);
        return new TaskPipeline(positions, records, tailer);
    }
}
