/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import io.tidemark.stats.LatencyWindow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What one {@link CheckpointStore} handle committed: counts, failures, the time of the last commit and
 * the latency of the recent ones. Thread-safe; written by the committing thread, read by metrics
 * reporters.
 */
public final class CommitStats {

    /** How many recent commits the latency figures cover. */
    public static final int LATENCY_WINDOW = 128;

    private final LongSupplier wallClock;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastCommitMillis = -1;
    private volatile long lastFailureMillis = -1;
    private final LatencyWindow latency = new LatencyWindow(LATENCY_WINDOW);

    public CommitStats() {
        this(System::currentTimeMillis);
    }

    public CommitStats(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    /** A commit of {@code ops} updates took {@code nanos}. */
    public void committed(int ops, long nanos) {
        commits.incrementAndGet();
        updates.addAndGet(ops);
        lastCommitMillis = wallClock.getAsLong();
        latency.add(nanos);
    }

    /** A commit failed (nothing of it is stored). */
    public void failed() {
        failures.incrementAndGet();
        lastFailureMillis = wallClock.getAsLong();
    }

    public long commits() {
        return commits.get();
    }

    public long updates() {
        return updates.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Milliseconds since the last successful commit; -1 before the first. */
    public long lastCommitAgeMillis() {
        long last = lastCommitMillis;
        return last < 0 ? -1 : Math.max(0, wallClock.getAsLong() - last);
    }

    /** Wall-clock time of the last failed commit; -1 when none failed. */
    public long lastFailureMillis() {
        return lastFailureMillis;
    }

    /** Mean latency of the last {@value #LATENCY_WINDOW} commits in milliseconds; 0 before the first. */
    public double latencyAvgMillis() {
        return latency.avgMillis();
    }

    /** Highest latency of the last {@value #LATENCY_WINDOW} commits in milliseconds; 0 before the first. */
    public double latencyMaxMillis() {
        return latency.maxMillis();
    }
}
