/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import java.util.Collection;

/**
 * Bounds how many tracked files are open at once. Before a file is opened, the pool closes others
 * until there is room: files read to their end first, then the least recently read. A closed file
 * keeps its emitted position; whatever its reader or multiline buffer held past it is re-read later.
 */
final class OpenFilePool {

    private final int maxOpenFiles;
    private int openCount;
    private long opens;

    OpenFilePool(int maxOpenFiles) {
        this.maxOpenFiles = maxOpenFiles;
    }

    /** Closes other files of {@code files} until one more can be opened for {@code t}. */
    void makeRoomFor(TrackedFile t, Collection<TrackedFile> files) {
        while (openCount >= maxOpenFiles) {
            TrackedFile victim = null;
            for (TrackedFile o : files) {
                if (o == t || !o.isOpen()) {
                    continue;
                }
                boolean idle = o.reader.atEof();
                boolean victimIdle = victim != null && victim.reader.atEof();
                if (victim == null
                        || (idle && !victimIdle)
                        || (idle == victimIdle && o.lastReadMillis < victim.lastReadMillis)) {
                    victim = o;
                }
            }
            if (victim == null) {
                return;
            }
            boolean unread = !victim.reader.atEof() || victim.pos < victim.consumed();
            close(victim);
            victim.dirty = unread;
        }
    }

    /** Counts a channel opened (identity probes included), kept or not. */
    void countOpen() {
        opens++;
    }

    /** Counts {@code t} as open once its channel is kept. */
    void added() {
        openCount++;
    }

    void close(TrackedFile t) {
        if (t.isOpen()) {
            openCount--;
            t.closeChannel();
            // whatever a multiline buffer or half line held is re-read from the emitted position
        }
    }

    int openFiles() {
        return openCount;
    }

    long opens() {
        return opens;
    }
}
