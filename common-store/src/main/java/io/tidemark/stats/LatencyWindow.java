/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stats;

/** The latencies of the last {@code size} operations: their mean and maximum. Thread-safe. */
public final class LatencyWindow {

    private final long[] nanos;
    private int next;
    private int filled;

    public LatencyWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        this.nanos = new long[size];
    }

    public synchronized void add(long latencyNanos) {
        nanos[next] = latencyNanos;
        next = (next + 1) % nanos.length;
        filled = Math.min(filled + 1, nanos.length);
    }

    public int size() {
        return nanos.length;
    }

    /** Mean in milliseconds; 0 before the first. */
    public synchronized double avgMillis() {
        if (filled == 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < filled; i++) {
            sum += nanos[i];
        }
        return sum / (double) filled / 1_000_000.0;
    }

    /** Maximum in milliseconds; 0 before the first. */
    public synchronized double maxMillis() {
        long max = 0;
        for (int i = 0; i < filled; i++) {
            max = Math.max(max, nanos[i]);
        }
        return max / 1_000_000.0;
    }
}
