/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.discovery.FileStat;
import io.tidemark.filesource.discovery.RootScanner;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.identity.FileKey;
import io.tidemark.filesource.identity.HeadProbe;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises a new file as a copy of another (copytruncate): it holds the other file's bytes up to
 * that file's position (same key head, fingerprint and check window) and the original no longer
 * holds them. Candidates are retired generations (files truncated, rewritten or replaced, kept for
 * {@link #RETIRED_KEEP_MS}), live tracked files and the lookup's locally known positions.
 */
final class CopyDetector {

    /** How long the position of a truncated, rewritten or replaced file stays a copy candidate. */
    static final long RETIRED_KEEP_MS = 10 * 60 * 1000;
    /**
     * A new file that holds the same bytes as a live file's read part is either a copy about to be
     * followed by a truncation of the original (copytruncate) or a file with identical contents:
     * it waits this long for the original to be truncated before it is read as a file of its own.
     */
    static final long COPY_DECISION_MS = 5000;

    private record Retired(StoredPosition position, FileKey key, long until) {}

    private record Known(StoredPosition position, FileIdentity identity) {}

    private final PositionLookup positions;
    private final Map<FileKey, TrackedFile> files;
    private final ScanSchedule schedule;
    private final List<Retired> retired = new ArrayList<>();
    private List<Known> knownSnapshot;
    private long knownSnapshotAt = Long.MIN_VALUE;

    /** {@code files} is the tailer's live map of tracked files; {@code schedule} says when the last scan ran. */
    CopyDetector(PositionLookup positions, Map<FileKey, TrackedFile> files, ScanSchedule schedule) {
        this.positions = positions;
        this.files = files;
        this.schedule = schedule;
    }

    /** Keeps the position of {@code t}'s current generation as a copy candidate (when it read anything). */
    void retire(TrackedFile t, long now) {
        if (t.identity != null && t.pos > 0) {
            retired.add(new Retired(t.stored(), t.key, now + RETIRED_KEEP_MS));
        }
    }

    /** Drops retired generations older than {@link #RETIRED_KEEP_MS}. */
    void forgetRetired(long now) {
        retired.removeIf(r -> r.until() < now);
    }

    /** The lookup's locally known positions, parsed; refreshed at most once per scan. */
    private List<Known> known(long now) {
        if (knownSnapshot == null || knownSnapshotAt < schedule.lastScanMillis()) {
            List<Known> list = new ArrayList<>();
            for (StoredPosition p : positions.known()) {
                if (FileIdentity.isValidId(p.fileId())) {
                    list.add(new Known(p, FileIdentity.parse(p.fileId())));
                }
            }
            knownSnapshot = list;
            knownSnapshotAt = now;
        }
        return knownSnapshot;
    }

    /**
     * The position of a file {@code t} is a copy of, if any. A candidate counts when {@code t} holds
     * its bytes up to its position (same key head, fingerprint and check window) and the original no
     * longer holds them (truncated, rewritten or gone). While the original still holds them, the
     * decision waits up to {@link #COPY_DECISION_MS} (sets {@code t.copyDecisionUntil}).
     */
    Optional<StoredPosition> copyOrigin(TrackedFile t, FileChannel ch, long now) throws IOException {
        List<StoredPosition> confirmed = new ArrayList<>();
        List<StoredPosition> live = new ArrayList<>();
        for (Retired r : retired) {
            if (!r.key().equals(t.key)) {
                confirmed.add(r.position());
            }
        }
        long head = t.identity.headHash();
        for (TrackedFile o : files.values()) {
            if (o != t && o.identity != null && o.pos > 0 && o.identity.headHash() == head) {
                live.add(o.stored());
            }
        }
        for (Known k : known(now)) {
            if (k.identity().headHash() == head) {
                live.add(k.position());
            }
        }
        StoredPosition best = null;
        boolean waitForOriginal = false;
        List<StoredPosition> candidates = new ArrayList<>(confirmed);
        candidates.addAll(live);
        for (StoredPosition c : candidates) {
            if (c.pos() <= 0 || c.fingerprint() == null || c.check() == null || !FileIdentity.isValidId(c.fileId())) {
                continue;
            }
            FileIdentity ci = FileIdentity.parse(c.fileId());
            if (ci.key().equals(t.key) || ci.headHash() != t.identity.headHash()) {
                continue;
            }
            if (best != null && c.pos() <= best.pos()) {
                continue;
            }
            if (!HeadProbe.verify(ch, c.pos(), c.fingerprint(), c.check())) {
                continue;
            }
            boolean originalIntact = !confirmed.contains(c) && originalStillHolds(ci.key(), c);
            if (originalIntact) {
                if (t.copyDecisionUntil == 0) {
                    t.copyDecisionUntil = now + COPY_DECISION_MS;
                }
                if (t.copyDecisionUntil > now) {
                    waitForOriginal = true;
                }
                continue;
            }
            best = c;
        }
        if (best != null || !waitForOriginal) {
            t.copyDecisionUntil = best != null ? 0 : t.copyDecisionUntil;
        }
        return Optional.ofNullable(best);
    }

    /** Whether the file with {@code key} (if tracked) still holds the bytes up to {@code c.pos()}. */
    private boolean originalStillHolds(FileKey key, StoredPosition c) {
        TrackedFile o = files.get(key);
        if (o == null) {
            return false;
        }
        try (FileChannel och = FileChannel.open(o.path, StandardOpenOption.READ)) {
            FileStat st = RootScanner.stat(o.path);
            return st != null && st.key().equals(key) && HeadProbe.verify(och, c.pos(), c.fingerprint(), c.check());
        } catch (IOException e) {
            return false;
        }
    }
}
