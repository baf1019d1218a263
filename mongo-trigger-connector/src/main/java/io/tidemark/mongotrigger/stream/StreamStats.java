/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

/**
 * What a {@link ResumableStream} went through, readable from any thread (a metrics reporter). One
 * writer, the task thread.
 */
public final class StreamStats {

    private volatile long opens;
    private volatile long transientFailures;
    private volatile long historyLost;
    private volatile long events;
    private volatile long lastEventLagMillis = -1;
    private volatile long lastEventAtMillis = -1;

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void opened() {
        opens++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void failedTransiently() {
        transientFailures++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void lostHistory() {
        historyLost++;
    }

    /** An event of cluster time {@code clusterSeconds} was read at {@code nowMillis} (wall clock). */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void read(long clusterSeconds, long nowMillis) {
        events++;
        lastEventAtMillis = nowMillis;
        if (clusterSeconds > 0) {
            lastEventLagMillis = Math.max(0, nowMillis - clusterSeconds * 1000);
        }
    }

    /** Times the cursor was opened: the first open and every reopen after a failure. */
    public long opens() {
        return opens;
    }

    /** Failures the stream retried (network errors, elections, timeouts). */
    public long transientFailures() {
        return transientFailures;
    }

    /** Times the resume position had left the oplog (each also an AUDIT line). */
    public long historyLost() {
        return historyLost;
    }

    /** Change events read. */
    public long events() {
        return events;
    }

    /**
     * How far behind the server the last event was when the task read it: the wall clock minus its
     * cluster time, in milliseconds (second resolution); -1 before the first event.
     */
    public long lastEventLagMillis() {
        return lastEventLagMillis;
    }

    /** Wall-clock time the last event was read; -1 before the first. */
    public long lastEventAtMillis() {
        return lastEventAtMillis;
    }
}
