/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.util.concurrent.Semaphore;

/**
 * Bounds what cold scans take from S3: at most {@code maxConcurrentReads} objects read at once and
 * on average at most {@code bytesPerSecond} (0 = unlimited), so a replay or verification does not
 * starve the sink's uploads or run up request costs.
 */
public final class RemoteReadLimiter {

    private final Semaphore reads;
    private final long bytesPerSecond;
    private long availableBytes;
    private long lastRefillNanos = System.nanoTime();

    public RemoteReadLimiter(int maxConcurrentReads, long bytesPerSecond) {
        if (maxConcurrentReads < 1 || bytesPerSecond < 0) {
            throw new IllegalArgumentException("need maxConcurrentReads >= 1 and bytesPerSecond >= 0");
        }
        this.reads = new Semaphore(maxConcurrentReads, true);
        this.bytesPerSecond = bytesPerSecond;
        this.availableBytes = bytesPerSecond;
    }

    public static RemoteReadLimiter unlimited() {
        return new RemoteReadLimiter(Integer.MAX_VALUE, 0);
    }

    /** Blocks until a read of {@code bytes} may start; pair with {@link #release()}. */
    public void acquire(long bytes) throws InterruptedException {
        reads.acquire();
        if (bytesPerSecond == 0) {
            return;
        }
        synchronized (this) {
            while (true) {
                long now = System.nanoTime();
                long refill = (now - lastRefillNanos) * bytesPerSecond / 1_000_000_000L;
                if (refill > 0) {
                    availableBytes = Math.min(bytesPerSecond, availableBytes + refill);
                    lastRefillNanos = now;
                }
                // a read larger than one second's budget goes once the budget is full
                if (availableBytes >= Math.min(bytes, bytesPerSecond)) {
                    availableBytes -= bytes;
                    return;
                }
                long missing = Math.min(bytes, bytesPerSecond) - availableBytes;
                long waitMs = Math.max(1, missing * 1000 / bytesPerSecond);
                wait(waitMs);
            }
        }
    }

    public void release() {
        reads.release();
    }
}
