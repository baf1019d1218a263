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

    void update(int rootsMissing, int filesTracked, int filesOpen, int filesWithLostLines) {
        this.rootsMissing = rootsMissing;
        this.filesTracked = filesTracked;
        this.filesOpen = filesOpen;
        this.filesWithLostLines = filesWithLostLines;
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
