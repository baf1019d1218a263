/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

/**
 * What a {@link Tailer} saw at its last poll, safe to read from another thread (a metrics reporter).
 * The tailer writes it on the task thread after each poll.
 */
public final class TailerStats {

    private volatile int rootsMissing;
    private volatile int filesTracked;
    private volatile int filesOpen;
    private volatile int filesWithLostLines;
    private volatile long bytesBehind;
    private volatile long maxBytesBehind;
    private volatile long behindForMillis;
    private volatile long linesSkipped;
    private volatile long copies;
    // counters: one writer (the task thread), so volatile increments do not race
    private volatile long rotations;
    private volatile long truncations;
    private volatile long rewrites;
    private volatile long linesTruncated;

    void update(int rootsMissing, int filesTracked, int filesOpen, int filesWithLostLines) {
        this.rootsMissing = rootsMissing;
        this.filesTracked = filesTracked;
        this.filesOpen = filesOpen;
        this.filesWithLostLines = filesWithLostLines;
    }

    void behind(long sum, long max, long forMillis) {
        this.bytesBehind = sum;
        this.maxBytesBehind = max;
        this.behindForMillis = forMillis;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void linesSkipped(long n) {
        linesSkipped += n;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void copyDetected() {
        copies++;
    }

    /**
     * How long the file that has been behind longest has held unread bytes (0 when every file is read
     * to its end): an upper bound of the age of the oldest unread byte, as of the last poll.
     */
    public long behindForMillis() {
        return behindForMillis;
    }

    /** Lines dropped for their length (line.max.action=skip). */
    public long linesSkipped() {
        return linesSkipped;
    }

    /** New files recognised as copies of a tracked file (copytruncate): read from after the copied bytes. */
    public long copies() {
        return copies;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void rotated() {
        rotations++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void truncated() {
        truncations++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void rewritten() {
        rewrites++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate")
    void lineTruncated() {
        linesTruncated++;
    }

    /** Bytes the files of this task hold past what was read, summed over the files (as of their last size check). */
    public long bytesBehind() {
        return bytesBehind;
    }

    /** The most bytes any one file holds past what was read. */
    public long maxBytesBehind() {
        return maxBytesBehind;
    }

    /** Files found renamed (rotated) or gone from their path while the task ran. */
    public long rotations() {
        return rotations;
    }

    /** Files found shorter than what was read (truncated): read again from the start. */
    public long truncations() {
        return truncations;
    }

    /** Files whose bytes before the read position changed in place: read again from the start. */
    public long rewrites() {
        return rewrites;
    }

    /** Lines emitted cut to line.max.bytes (line.max.action=truncate). */
    public long linesTruncated() {
        return linesTruncated;
    }

    /** Roots that do not exist (or are not directories) on this worker at the last scan. */
    public int rootsMissing() {
        return rootsMissing;
    }

    /** Files of this task under the roots that the tailer follows. */
    public int filesTracked() {
        return filesTracked;
    }

    /** Files with an open descriptor. */
    public int filesOpen() {
        return filesOpen;
    }

    /** Files that left the roots or the globs with lines that were never read (each also logged at WARN). */
    public int filesWithLostLines() {
        return filesWithLostLines;
    }
}
