/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import io.tidemark.store.CommitStats;
import java.util.function.IntSupplier;

/** The checkpoint store's gauges, the same for every connector. */
public final class StoreMetrics {

    public static final String COMMITS = "checkpoint-commits-total";
    public static final String UPDATES = "checkpoint-updates-total";
    public static final String FAILURES = "checkpoint-commit-failures-total";
    public static final String LAST_COMMIT_AGE = "checkpoint-last-commit-age-ms";
    public static final String LATENCY_AVG = "checkpoint-commit-latency-avg-ms";
    public static final String LATENCY_MAX = "checkpoint-commit-latency-max-ms";
    public static final String PENDING = "checkpoint-pending-updates";

    private StoreMetrics() {}

    /** Registers the store's commit figures. */
    public static TaskMetrics register(TaskMetrics metrics, CommitStats stats) {
        return metrics.gauge(
                        COMMITS,
                        "Commits to the local checkpoint store (a counter: alert on its rate).",
                        stats::commits)
                .gauge(UPDATES, "Keys written or deleted by those commits.", stats::updates)
                .gauge(
                        FAILURES,
                        "Commits the local checkpoint store refused (the task retries, then fails after"
                                + " checkpoint.store.failure.timeout.ms).",
                        stats::failures)
                .gauge(
                        LAST_COMMIT_AGE,
                        "Milliseconds since the last commit to the local checkpoint store; -1 before the first."
                                + " Growing while data flows means positions are not being saved.",
                        stats::lastCommitAgeMillis)
                .gauge(
                        LATENCY_AVG,
                        "Mean latency of the last " + CommitStats.LATENCY_WINDOW + " commits, in milliseconds.",
                        stats::latencyAvgMillis)
                .gauge(
                        LATENCY_MAX,
                        "Highest latency of the last " + CommitStats.LATENCY_WINDOW + " commits, in milliseconds.",
                        stats::latencyMaxMillis);
    }

    /** Also the updates a group commit holds in memory, waiting for the next commit. */
    public static TaskMetrics register(TaskMetrics metrics, CommitStats stats, IntSupplier pendingUpdates) {
        return register(metrics, stats)
                .gauge(
                        PENDING,
                        "Position updates acknowledged by Kafka and waiting for the next group commit to the local"
                                + " store.",
                        pendingUpdates::getAsInt);
    }
}
