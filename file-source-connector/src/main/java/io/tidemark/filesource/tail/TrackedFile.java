/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.identity.FileKey;
import io.tidemark.filesource.identity.Fingerprint;
import io.tidemark.filesource.multiline.MultilineAggregator;
import io.tidemark.filesource.read.LineFormat;
import io.tidemark.filesource.read.LineReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The tailer's state for one file (one device+inode). The emitted position is where a reader
 * resumes; the reader, its channel and the multiline buffer are disposable and rebuilt from it.
 */
final class TrackedFile {

    final FileKey key;
    Path path;
    /** Null while the key head is not known (no complete first line yet). */
    FileIdentity identity;
    /** {@link #identity}'s id, built once per identity rather than once per line; see {@link #id()}. */
    private FileIdentity idOf;

    private String id;

    long statSize = -1;
    /** The newest size seen, by a scan or a read's size check (for the bytes-behind metric). */
    long knownSize = -1;
    /** Since when the file has held bytes past what was read; -1 while it is read up to its end. */
    long behindSinceMillis = -1;

    long statMtime = -1;
    boolean seen = true;
    long lastSeenMillis;
    /** When the file was last seen renamed or vanished from the scan. */
    long rotatedSinceMillis;
    /** While a copy decision waits for the original to be truncated: until when; 0 when none. */
    long copyDecisionUntil;

    boolean waitingForCopyDecision;

    // emitted position: after the last event handed out
    long pos;
    long line;
    Fingerprint fingerprint = Fingerprint.EMPTY;
    CheckHash check = CheckHash.NONE;

    // read state
    FileChannel channel;
    LineReader reader;
    LineFormat.Resolved format;
    MultilineAggregator multiline;
    long lastGrowthMillis;
    long lastReadMillis;
    boolean dirty = true;
    /** When an open file's size was last checked (fstat); far in the past until the first check. */
    long lastSizeCheckMillis = Long.MIN_VALUE / 2;

    boolean drained;
    /** Found by the first scan of the task (start.position applies). */
    boolean initial;
    /** Seen at another path than where it was first found (renamed: rotation). */
    boolean renamed;

    private Path normalizedFor;
    private Path normalized;

    /** The absolute, normalized path, as watch events name it (cached while the path does not change). */
    Path normalizedPath() {
        if (normalizedFor != path) {
            normalized = path.toAbsolutePath().normalize();
            normalizedFor = path;
        }
        return normalized;
    }

    TrackedFile(FileKey key, Path path, long now) {
        this.key = key;
        this.path = path;
        this.lastSeenMillis = now;
        this.lastGrowthMillis = now;
    }

    boolean isOpen() {
        return channel != null;
    }

    /** Bytes consumed by the reader (may be past {@link #pos} while a multiline event or a half line is pending). */
    long consumed() {
        return reader != null ? reader.readPosition() : pos;
    }

    void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a read-only channel cannot lose data
            }
        }
        channel = null;
        reader = null;
        multiline = null;
    }

    void resetTo(long pos, long line, Fingerprint fp, CheckHash check) {
        this.pos = pos;
        this.line = line;
        this.fingerprint = fp;
        this.check = check;
    }

    /**
     * The file id of {@link #identity} (which must be known): one String per identity, so that every
     * line of the file carries the same instance (its hash is computed once, not per line).
     */
    String id() {
        FileIdentity current = identity;
        if (current != idOf) {
            id = current.id();
            idOf = current;
        }
        return id;
    }

    /** The emitted position, as the tailer hands it out (identity must be known). */
    StoredPosition stored() {
        return new StoredPosition(id(), pos, line, fingerprint, check, path.toString());
    }

    @Override
    public String toString() {
        return path + " (" + (identity != null ? identity.id() : key + ":pending") + " @" + pos + ")";
    }
}
