/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.filesource.tail.TailerStats;

/** The file source task's metrics: names and descriptions, listed in the module README. */
final class FileSourceMetrics {

    static final String ROOTS_MISSING = "roots-missing";
    static final String FILES_TRACKED = "files-tracked";
    static final String FILES_OPEN = "files-open";
    static final String FILES_WITH_LOST_LINES = "files-with-lost-lines";

    private FileSourceMetrics() {}

    static TaskMetrics register(TaskMetrics metrics, TailerStats stats) {
        return metrics.gauge(
                        ROOTS_MISSING,
                        "Roots in file.roots that do not exist (or are not directories) on the worker running this"
                                + " task: nothing under them is read. Alert when above 0.",
                        stats::rootsMissing)
                .gauge(FILES_TRACKED, "Files under the roots that this task follows.", stats::filesTracked)
                .gauge(FILES_OPEN, "Files this task holds open.", stats::filesOpen)
                .gauge(
                        FILES_WITH_LOST_LINES,
                        "Files that left the roots or the include globs with lines that were never read (each"
                                + " also logged at WARN).",
                        stats::filesWithLostLines);
    }
}
