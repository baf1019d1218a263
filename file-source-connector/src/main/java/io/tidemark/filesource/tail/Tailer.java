/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.assign.TaskAssignment;
import io.tidemark.filesource.discovery.DirectoryWatcher;
import io.tidemark.filesource.discovery.FileStat;
import io.tidemark.filesource.discovery.RootScanner;
import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.identity.FileKey;
import io.tidemark.filesource.identity.Fingerprint;
import io.tidemark.filesource.identity.HeadProbe;
import io.tidemark.filesource.multiline.MultilineAggregator;
import io.tidemark.filesource.read.Line;
import io.tidemark.filesource.read.LineReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the files one task owns: discovers them (stat-only scans, nudged by a watch service),
 * follows them through rename, copytruncate, truncation, deletion and inode reuse, and hands out
 * complete lines (or multiline events) with the position to store once each is acknowledged.
 *
 * <p>The tailer never stores positions itself: it resumes from what {@link PositionLookup} says
 * when it first meets a file identity, and afterwards from the position of the last event it
 * handed out. Nothing here knows Kafka Connect.
 *
 * <p>Not thread-safe: one thread calls {@link #poll}, {@link #awaitActivity} and {@link #close}.
 */
public final class Tailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);
    /**
     * With a watch service, an open file at its end is only checked for growth when a write to it
     * was reported, or at least this often (writes the watch service does not see: another mount
     * namespace, a path reached through a link). Without one, on every poll.
     */
    static final long IDLE_RECHECK_MS = 1000;

    private final TailerOptions options;
    private final RootScanner scanner;
    private final TailerStats stats = new TailerStats();
    private final TaskAssignment assignment;
    private final PositionLookup positions;
    private final DirectoryWatcher watcher;
    private final LongSupplier clock;

    private final Map<FileKey, TrackedFile> files = new LinkedHashMap<>();
    private final ScanSchedule schedule;
    private final OpenFilePool pool;
    private final CopyDetector copies;
    private final ReadPositioner positioner;
    private final List<String> expired = new ArrayList<>();
    private final List<StoredPosition> missingAtStart = new ArrayList<>();
    private final Set<FileKey> ignored = new HashSet<>();
    private final DepartedFiles departed = new DepartedFiles();

    private long sizeChecks;
    private int roundRobin;

    public Tailer(
            TailerOptions options,
            RootScanner scanner,
            TaskAssignment assignment,
            PositionLookup positions,
            DirectoryWatcher watcher,
            LongSupplier clock) {
        this.options = options;
        this.scanner = scanner;
        this.assignment = assignment;
        this.positions = positions;
        this.watcher = watcher;
        this.clock = clock;
        this.schedule = new ScanSchedule(options.rescanInterval().toMillis());
        this.pool = new OpenFilePool(options.maxOpenFiles());
        this.copies = new CopyDetector(positions, files, schedule);
        this.positioner = new ReadPositioner(options, positions, copies, stats);
    }

    /**
     * Reads at most {@code maxEvents} events and about {@code maxBytes} bytes of content from the
     * owned files, round-robin, without blocking. Empty when nothing new is complete.
     */
    public List<TailEvent> poll(int maxEvents, long maxBytes) throws IOException {
        long now = clock.getAsLong();
        if (watcher != null) {
            schedule.absorb(watcher.await(0)); // events that came while the previous polls were busy: never blocks
        }
        if (schedule.isDue(now, this::hasClosedFiles)) {
            scan(now);
        }
        markWritten();
        List<TailEvent> out = new ArrayList<>();
        List<TrackedFile> list = new ArrayList<>(files.values());
        int n = list.size();
        long bytes = 0;
        for (int k = 0; k < n && out.size() < maxEvents && bytes < maxBytes; k++) {
            TrackedFile t = list.get(Math.floorMod(roundRobin + k, n));
            bytes += read(t, now, out, maxEvents - out.size(), maxBytes - bytes);
        }
        roundRobin++;
        housekeeping(now);
        stats.update(scanner.missingRootCount(), files.size(), pool.openFiles(), departed.lostCount());
        updateBehind(now);
        return out;
    }

    /** Waits up to {@code millis} for file system activity (or just sleeps without a watch service). */
    public void awaitActivity(long millis) {
        if (watcher == null) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        schedule.absorb(watcher.await(millis));
    }

    /** Asks for a rescan on the next poll. */
    public void requestScan() {
        schedule.requestScan();
    }

    /** File ids whose state expired (not seen for the state TTL); the caller forgets their positions. */
    public List<String> drainExpired() {
        List<String> copy = new ArrayList<>(expired);
        expired.clear();
        return copy;
    }

    /**
     * Known positions of owned files that the first scan did not find: they were moved out of the
     * roots or the include globs, or deleted, before the task started. Whether lines were lost is
     * in {@link #lostLines()}.
     */
    public List<StoredPosition> missingAtStart() {
        return List.copyOf(missingAtStart);
    }

    /** Files that left the roots or the include globs with bytes past their delivered position (a WARN each). */
    public List<LostLines> lostLines() {
        return departed.lost();
    }

    public int openFiles() {
        return pool.openFiles();
    }

    /** How many times a file was opened (identity probes and reads): stays flat while files are idle. */
    public long opens() {
        return pool.opens();
    }

    /** How many times an open file's size was checked for growth. */
    public long sizeChecks() {
        return sizeChecks;
    }

    private void updateBehind(long now) {
        long sum = 0;
        long max = 0;
        long oldest = now;
        for (TrackedFile t : files.values()) {
            long size = t.knownSize;
            long behind = t.seen && size > 0 ? Math.max(0, size - t.consumed()) : 0;
            if (behind == 0) {
                t.behindSinceMillis = -1;
                continue;
            }
            if (t.behindSinceMillis < 0) {
                t.behindSinceMillis = now;
            }
            sum += behind;
            max = Math.max(max, behind);
            oldest = Math.min(oldest, t.behindSinceMillis);
        }
        stats.behind(sum, max, now - oldest);
    }

    /** Counts for metrics, readable from any thread. */
    public TailerStats stats() {
        return stats;
    }

    public int trackedFiles() {
        return files.size();
    }

    /** The emitted position of the file with this id, if tracked (for tests and metrics). */
    public Optional<StoredPosition> positionOf(String fileId) {
        for (TrackedFile t : files.values()) {
            if (t.identity != null && t.identity.id().equals(fileId)) {
                return Optional.of(t.stored());
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        for (TrackedFile t : files.values()) {
            closeFile(t);
        }
        files.clear();
        if (watcher != null) {
            watcher.close();
        }
    }

    // ---------------------------------------------------------------- discovery

    /**
     * A file the watch service saw written is marked dirty: a closed one is opened on this poll
     * instead of after the next rescan (a new log file's first lines would otherwise wait up to
     * {@link ScanSchedule#WRITTEN_SCAN_GAP_MS}; {@link #open} still checks that the path holds the tracked
     * file), an open idle one has its size checked on this poll (see {@link #IDLE_RECHECK_MS}).
     */
    private void markWritten() {
        Set<Path> written = schedule.drainWritten();
        if (written.isEmpty()) {
            return;
        }
        for (TrackedFile t : files.values()) {
            if (t.seen && written.contains(t.normalizedPath())) {
                t.dirty = true;
                t.drained = false;
            }
        }
    }

    private boolean hasClosedFiles() {
        for (TrackedFile t : files.values()) {
            if (!t.isOpen()) {
                return true;
            }
        }
        return false;
    }

    private void scan(long now) {
        boolean initial = schedule.startScan(now);
        List<FileStat> stats = scanner.scan(watcher == null ? d -> {} : watcher::watch);
        Set<FileKey> seen = new HashSet<>();
        long ignoreBefore = options.ignoreOlder().isZero()
                ? Long.MIN_VALUE
                : now - options.ignoreOlder().toMillis();
        for (FileStat s : stats) {
            if (!assignment.owns(s.key())) {
                continue;
            }
            TrackedFile t = files.get(s.key());
            if (t == null) {
                if (s.mtimeMillis() < ignoreBefore) {
                    if (ignored.add(s.key())) {
                        LOG.debug("ignoring {}: not modified for more than {}", s.path(), options.ignoreOlder());
                    }
                    continue;
                }
                ignored.remove(s.key());
                t = new TrackedFile(s.key(), s.path(), now);
                t.initial = initial;
                files.put(s.key(), t);
            }
            seen.add(s.key());
            if (!t.path.equals(s.path())) {
                this.stats.rotated();
                t.renamed = true;
                t.rotatedSinceMillis = now;
                t.path = s.path();
            }
            if (!t.seen) {
                t.drained = false;
            }
            t.seen = true;
            t.lastSeenMillis = now;
            if (s.size() != t.statSize || s.mtimeMillis() != t.statMtime) {
                t.dirty = true;
                t.drained = false;
            }
            t.statSize = s.size();
            t.knownSize = s.size();
            t.statMtime = s.mtimeMillis();
        }
        for (TrackedFile t : files.values()) {
            if (!seen.contains(t.key) && t.seen) {
                this.stats.rotated();
                t.seen = false;
                t.rotatedSinceMillis = now;
                departed.leftWhileRunning(t);
            }
        }
        if (initial) {
            for (StoredPosition p : positions.known()) {
                if (!FileIdentity.isValidId(p.fileId())) {
                    continue;
                }
                FileKey key = FileIdentity.parse(p.fileId()).key();
                if (assignment.owns(key) && !seen.contains(key)) {
                    missingAtStart.add(p);
                    departed.missingAtStart(p, key);
                }
            }
        }
    }

    // ---------------------------------------------------------------- reading

    private long read(TrackedFile t, long now, List<TailEvent> out, int maxEvents, long maxBytes) throws IOException {
        if (!t.isOpen()) {
            if (!t.dirty || t.drained) {
                return 0;
            }
            if (!open(t, now)) {
                return 0;
            }
        }
        LineReader idle = t.reader;
        if (watcher != null
                && !t.dirty
                && t.seen
                && idle.atEof()
                && idle.pendingBytes() == 0
                && (t.multiline == null || !t.multiline.hasPending())
                && now - t.lastSizeCheckMillis < IDLE_RECHECK_MS) {
            return 0; // idle and not reported written: no fstat on every poll
        }
        t.dirty = false;
        t.lastSizeCheckMillis = now;
        sizeChecks++;
        long size;
        try {
            size = t.channel.size();
            t.knownSize = size;
        } catch (IOException e) {
            closeFile(t);
            t.dirty = true;
            return 0;
        }
        if (size < t.consumed()) {
            LOG.info(
                    "{} shrank from {} to {} bytes (truncated): reading its new contents from the start",
                    t.path,
                    t.consumed(),
                    size);
            stats.truncated();
            newGeneration(t, now);
            return 0;
        }
        LineReader r = t.reader;
        if (r.atEof()
                && size == r.readPosition()
                && (t.multiline == null || !t.multiline.hasPending())
                && r.pendingBytes() == 0) {
            return 0; // nothing new: no read syscall
        }
        if (r.atEof()
                && size > r.readPosition()
                && t.pos > 0
                && !HeadProbe.verify(t.channel, t.pos, t.fingerprint, t.check)) {
            LOG.info(
                    "{} no longer holds the bytes before position {} (rewritten in place): reading it from the start",
                    t.path,
                    t.pos);
            stats.rewritten();
            newGeneration(t, now);
            return 0;
        }
        long bytes = 0;
        int count = 0;
        long before = r.readPosition();
        while (count < maxEvents && bytes < maxBytes) {
            Line l = r.next();
            if (l == null) {
                break;
            }
            Line ev = t.multiline == null ? l : t.multiline.add(l, now).orElse(null);
            if (ev != null) {
                emit(t, ev, out);
                count++;
                bytes += ev.content().length;
            }
        }
        if (r.readPosition() > before) {
            t.lastGrowthMillis = now;
            t.lastReadMillis = now;
        }
        long skipped = r.takeSkipped();
        if (skipped > 0) {
            stats.linesSkipped(skipped);
        }
        if (count < maxEvents && r.atEof()) {
            if (t.multiline != null) {
                Optional<Line> ev = t.multiline.expire(now);
                if (ev.isPresent()) {
                    emit(t, ev.get(), out);
                    bytes += ev.get().content().length;
                }
            }
            if (rotated(t) && quietSinceRotation(t, now)) {
                Line p = r.flushPartial();
                if (t.multiline != null) {
                    if (p != null) {
                        t.multiline.add(p, now).ifPresent(e -> emit(t, e, out));
                    }
                    t.multiline.flush().ifPresent(e -> emit(t, e, out));
                } else if (p != null) {
                    emit(t, p, out);
                }
                if (p != null) {
                    LOG.info(
                            "{} was rotated away and its last line had no delimiter after {}: emitted it as is",
                            t.path,
                            options.partialLineTimeout());
                }
            }
        }
        return bytes;
    }

    /** A rotated file counts as finished once it neither grew nor was rotated for the partial-line timeout. */
    private boolean quietSinceRotation(TrackedFile t, long now) {
        return now - Math.max(t.lastGrowthMillis, t.rotatedSinceMillis)
                >= options.partialLineTimeout().toMillis();
    }

    private boolean rotated(TrackedFile t) {
        return !t.seen || t.renamed;
    }

    private void emit(TrackedFile t, Line ev, List<TailEvent> out) {
        if (ev.truncated()) {
            stats.lineTruncated();
        }
        out.add(new TailEvent(t.id(), t.path, ev));
        t.resetTo(ev.end(), ev.lastNumber(), ev.fingerprint(), ev.check());
    }

    /** Opens the file at its path, checks it is still the same content, and positions a reader. */
    private boolean open(TrackedFile t, long now) throws IOException {
        FileStat before = RootScanner.stat(t.path);
        if (before == null || !before.key().equals(t.key)) {
            t.dirty = false;
            return false;
        }
        pool.makeRoomFor(t, files.values());
        FileChannel ch;
        try {
            ch = FileChannel.open(t.path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            t.dirty = false;
            return false;
        } catch (IOException e) {
            LOG.warn("cannot open {}; retrying on the next scan", t.path, e);
            return false;
        }
        pool.countOpen();
        FileStat after = RootScanner.stat(t.path);
        if (after == null || !after.key().equals(t.key)) {
            ch.close();
            return false;
        }
        boolean ok;
        try {
            ok = positioner.position(t, ch, now);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (!ok) {
            ch.close();
            t.dirty = t.waitingForCopyDecision;
            return false;
        }
        t.channel = ch;
        pool.added();
        t.reader = new LineReader(
                ch,
                t.format,
                Math.max(t.pos, t.format.bomLength()),
                t.line + 1,
                options.maxLineBytes(),
                options.overflow(),
                options.checkBytes(),
                options.fingerprintBytes(),
                options.readBufferBytes());
        t.multiline = options.multiline() == null
                ? null
                : new MultilineAggregator(options.multiline(), t.format.charset(), options.maxLineBytes());
        t.lastReadMillis = now;
        return true;
    }

    private void newGeneration(TrackedFile t, long now) {
        copies.retire(t, now);
        closeFile(t);
        t.identity = null;
        t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
        t.initial = false;
        t.renamed = false;
        t.dirty = true;
    }

    private void closeFile(TrackedFile t) {
        pool.close(t);
    }

    private void housekeeping(long now) {
        long closeAfter = options.closeInactive().toMillis();
        long ttl = options.stateTtl().toMillis();
        var it = files.values().iterator();
        while (it.hasNext()) {
            TrackedFile t = it.next();
            if (t.isOpen()
                    && t.reader.atEof()
                    && now - t.lastGrowthMillis >= closeAfter
                    && (t.multiline == null || !t.multiline.hasPending())) {
                boolean unread = t.statSize > t.consumed();
                closeFile(t);
                t.dirty = unread;
            }
            if (t.isOpen()
                    && !t.seen
                    && t.reader.atEof()
                    && t.reader.pendingBytes() == 0
                    && (t.multiline == null || !t.multiline.hasPending())
                    && quietSinceRotation(t, now)) {
                // deleted or moved out of the pattern, and read to its end: release it
                closeFile(t);
                t.drained = true;
            }
            if (!t.seen && !t.isOpen() && now - t.lastSeenMillis >= ttl) {
                it.remove();
                if (t.identity != null) {
                    expired.add(t.identity.id());
                }
            }
        }
        copies.forgetRetired(now);
    }
}
