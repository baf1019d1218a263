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
    static final String BYTES_BEHIND = "bytes-behind";
    static final String MAX_BYTES_BEHIND = "max-file-bytes-behind";
    static final String ROTATIONS = "rotations-total";
    static final String TRUNCATIONS = "truncations-total";
    static final String REWRITES = "rewrites-total";
    static final String LINES_TRUNCATED = "lines-truncated-total";
    static final String LINES_SKIPPED = "lines-skipped-total";
    static final String COPIES = "copytruncates-total";
    static final String BEHIND_FOR = "oldest-unread-age-ms";

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
                        stats::filesWithLostLines)
                .gauge(
                        BYTES_BEHIND,
                        "Bytes the task's files hold past what was read (sum over the files, as of their last size"
                                + " check). Growing means the task does not keep up.",
                        stats::bytesBehind)
                .gauge(MAX_BYTES_BEHIND, "The most bytes any one file holds past what was read.", stats::maxBytesBehind)
                .gauge(ROTATIONS, "Files found renamed or gone from their path (rotations).", stats::rotations)
                .gauge(
                        TRUNCATIONS,
                        "Files found shorter than what was read (truncated), read again from the start.",
                        stats::truncations)
                .gauge(
                        REWRITES,
                        "Files whose bytes before the read position changed in place, read again from the start.",
                        stats::rewrites)
                .gauge(
                        LINES_TRUNCATED,
                        "Lines cut to line.max.bytes (or to the producer's max.request.size budget).",
                        stats::linesTruncated)
                .gauge(LINES_SKIPPED, "Lines dropped for their length (line.max.action=skip).", stats::linesSkipped)
                .gauge(
                        COPIES,
                        "New files recognised as copies of a tracked file (copytruncate), read from after the"
                                + " copied bytes.",
                        stats::copies)
                .gauge(
                        BEHIND_FOR,
                        "How long the file behind longest has held unread bytes (0 when all are read to their"
                                + " end): an upper bound of the oldest unread byte's age.",
                        stats::behindForMillis);
    }
}
