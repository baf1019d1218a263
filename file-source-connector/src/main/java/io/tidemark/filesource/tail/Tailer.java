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
import io.tidemark.filesource.read.LineBoundary;
import io.tidemark.filesource.read.LineFormat;
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

    private static final Logger log = LoggerFactory.getLogger(Tailer.class);
    private static final long CHANGED_SCAN_GAP_MS = 100;
    private static final long WRITTEN_SCAN_GAP_MS = 1000;
    /**
     * With a watch service, an open file at its end is only checked for growth when a write to it
     * was reported, or at least this often (writes the watch service does not see: another mount
     * namespace, a path reached through a link). Without one, on every poll.
     */
    static final long IDLE_RECHECK_MS = 1000;
    private static final long RETIRED_KEEP_MS = 10 * 60 * 1000;
    /**
     * A new file that holds the same bytes as a live file's read part is either a copy about to be
     * followed by a truncation of the original (copytruncate) or a file with identical contents:
     * it waits this long for the original to be truncated before it is read as a file of its own.
     */
    static final long COPY_DECISION_MS = 5000;

    private final TailerOptions options;
    private final RootScanner scanner;
    private final TaskAssignment assignment;
    private final PositionLookup positions;
    private final DirectoryWatcher watcher;
    private final LongSupplier clock;

    private final Map<FileKey, TrackedFile> files = new LinkedHashMap<>();
    private final List<Retired> retired = new ArrayList<>();
    private final List<String> expired = new ArrayList<>();
    private final List<StoredPosition> missingAtStart = new ArrayList<>();
    private final Set<FileKey> ignored = new HashSet<>();

    private boolean initialScanDone;
    private long lastScanMillis;
    private boolean changeSignalled;
    private boolean writeSignalled;
    /** Files the watch service saw written since the last poll: closed ones are opened at once, without a rescan. */
    private final Set<Path> writtenFiles = new HashSet<>();
    private long sizeChecks;
    private static final int MAX_WRITTEN_FILES = 4096;
    private int roundRobin;
    private int openCount;
    private long opens;

    private record Retired(StoredPosition position, FileKey key, long until) {
    }

    private record Known(StoredPosition position, FileIdentity identity) {
    }

    private List<Known> knownSnapshot;
    private long knownSnapshotAt = Long.MIN_VALUE;

    /** The lookup's locally known positions, parsed; refreshed at most once per scan. */
    private List<Known> known(long now) {
        if (knownSnapshot == null || knownSnapshotAt < lastScanMillis) {
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

    public Tailer(TailerOptions options, RootScanner scanner, TaskAssignment assignment, PositionLookup positions,
                  DirectoryWatcher watcher, LongSupplier clock) {
        this.options = options;
        this.scanner = scanner;
        this.assignment = assignment;
        this.positions = positions;
        this.watcher = watcher;
        this.clock = clock;
    }

    /**
     * Reads at most {@code maxEvents} events and about {@code maxBytes} bytes of content from the
     * owned files, round-robin, without blocking. Empty when nothing new is complete.
     */
    public List<TailEvent> poll(int maxEvents, long maxBytes) throws IOException {
        long now = clock.getAsLong();
        if (watcher != null) {
            absorb(watcher.await(0)); // events that came while the previous polls were busy: never blocks
        }
        if (scanDue(now)) {
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
        absorb(watcher.await(millis));
    }

    private void absorb(DirectoryWatcher.Signal s) {
        changeSignalled |= s.changed();
        if (s.written()) {
            if (s.writtenFiles().isEmpty() || writtenFiles.size() + s.writtenFiles().size() > MAX_WRITTEN_FILES) {
                writeSignalled = true; // too many to name: the next rescan finds them
            } else {
                writtenFiles.addAll(s.writtenFiles());
            }
        }
    }

    /** Asks for a rescan on the next poll. */
    public void requestScan() {
        changeSignalled = true;
    }

    /** File ids whose state expired (not seen for the state TTL); the caller forgets their positions. */
    public List<String> drainExpired() {
        List<String> copy = new ArrayList<>(expired);
        expired.clear();
        return copy;
    }

    /**
     * Locally stored positions of owned files that the first scan did not find: they were moved
     * out of the include pattern or deleted while the task was stopped, and whatever they held past
     * the position is lost (see the reliability notes).
     */
    public List<StoredPosition> missingAtStart() {
        return List.copyOf(missingAtStart);
    }

    public int openFiles() {
        return openCount;
    }

    /** How many times a file was opened (identity probes and reads): stays flat while files are idle. */
    public long opens() {
        return opens;
    }

    /** How many times an open file's size was checked for growth. */
    public long sizeChecks() {
        return sizeChecks;
    }

    public int trackedFiles() {
        return files.size();
    }

    /** The emitted position of the file with this id, if tracked (for tests and metrics). */
    public Optional<StoredPosition> positionOf(String fileId) {
        for (TrackedFile t : files.values()) {
            if (t.identity != null && t.identity.id().equals(fileId)) {
                return Optional.of(stored(t));
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

    private boolean scanDue(long now) {
        if (!initialScanDone) {
            return true;
        }
        long since = now - lastScanMillis;
        if (since >= options.rescanInterval().toMillis()) {
            return true;
        }
        if (changeSignalled && since >= CHANGED_SCAN_GAP_MS) {
            return true;
        }
        return writeSignalled && since >= WRITTEN_SCAN_GAP_MS && hasClosedFiles();
    }

    /**
     * A file the watch service saw written is marked dirty: a closed one is opened on this poll
     * instead of after the next rescan (a new log file's first lines would otherwise wait up to
     * {@link #WRITTEN_SCAN_GAP_MS}; {@link #open} still checks that the path holds the tracked
     * file), an open idle one has its size checked on this poll (see {@link #IDLE_RECHECK_MS}).
     */
    private void markWritten() {
        if (writtenFiles.isEmpty()) {
            return;
        }
        for (TrackedFile t : files.values()) {
            if (t.seen && writtenFiles.contains(t.normalizedPath())) {
                t.dirty = true;
                t.drained = false;
            }
        }
        writtenFiles.clear();
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
        changeSignalled = false;
        writeSignalled = false;
        lastScanMillis = now;
        boolean initial = !initialScanDone;
        List<FileStat> stats = scanner.scan(watcher == null ? d -> { } : watcher::watch);
        Set<FileKey> seen = new HashSet<>();
        long ignoreBefore = options.ignoreOlder().isZero() ? Long.MIN_VALUE : now - options.ignoreOlder().toMillis();
        for (FileStat s : stats) {
            if (!assignment.owns(s.key())) {
                continue;
            }
            TrackedFile t = files.get(s.key());
            if (t == null) {
                if (s.mtimeMillis() < ignoreBefore) {
                    if (ignored.add(s.key())) {
                        log.debug("ignoring {}: not modified for more than {}", s.path(), options.ignoreOlder());
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
            t.statMtime = s.mtimeMillis();
        }
        for (TrackedFile t : files.values()) {
            if (!seen.contains(t.key) && t.seen) {
                t.seen = false;
                t.rotatedSinceMillis = now;
            }
        }
        if (initial) {
            initialScanDone = true;
            for (StoredPosition p : positions.known()) {
                if (!FileIdentity.isValidId(p.fileId())) {
                    continue;
                }
                FileKey key = FileIdentity.parse(p.fileId()).key();
                if (assignment.owns(key) && !seen.contains(key)) {
                    missingAtStart.add(p);
                    log.warn("file {} (last seen at {}, position {}) is no longer under the roots or no longer matches"
                            + " the include globs; lines written to it after that position were not read",
                            p.fileId(), p.path(), p.pos());
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
        if (watcher != null && !t.dirty && t.seen && idle.atEof() && idle.pendingBytes() == 0
                && (t.multiline == null || !t.multiline.hasPending()) && now - t.lastSizeCheckMillis < IDLE_RECHECK_MS) {
            return 0; // idle and not reported written: no fstat on every poll
        }
        t.dirty = false;
        t.lastSizeCheckMillis = now;
        sizeChecks++;
        long size;
        try {
            size = t.channel.size();
        } catch (IOException e) {
            closeFile(t);
            t.dirty = true;
            return 0;
        }
        if (size < t.consumed()) {
            log.info("{} shrank from {} to {} bytes (truncated): reading its new contents from the start",
                    t.path, t.consumed(), size);
            newGeneration(t, now);
            return 0;
        }
        LineReader r = t.reader;
        if (r.atEof() && size == r.readPosition() && (t.multiline == null || !t.multiline.hasPending())
                && r.pendingBytes() == 0) {
            return 0; // nothing new: no read syscall
        }
        if (r.atEof() && size > r.readPosition() && t.pos > 0
                && !HeadProbe.verify(t.channel, t.pos, t.fingerprint, t.check)) {
            log.info("{} no longer holds the bytes before position {} (rewritten in place): reading it from the start",
                    t.path, t.pos);
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
                    log.info("{} was rotated away and its last line had no delimiter after {}: emitted it as is",
                            t.path, options.partialLineTimeout());
                }
            }
        }
        return bytes;
    }

    /** A rotated file counts as finished once it neither grew nor was rotated for the partial-line timeout. */
    private boolean quietSinceRotation(TrackedFile t, long now) {
        return now - Math.max(t.lastGrowthMillis, t.rotatedSinceMillis) >= options.partialLineTimeout().toMillis();
    }

    private boolean rotated(TrackedFile t) {
        return !t.seen || t.renamed;
    }

    private void emit(TrackedFile t, Line ev, List<TailEvent> out) {
        out.add(new TailEvent(t.identity.id(), t.path, ev));
        t.resetTo(ev.end(), ev.lastNumber(), ev.fingerprint(), ev.check());
    }

    /** Opens the file at its path, checks it is still the same content, and positions a reader. */
    private boolean open(TrackedFile t, long now) throws IOException {
        FileStat before = RootScanner.stat(t.path);
        if (before == null || !before.key().equals(t.key)) {
            t.dirty = false;
            return false;
        }
        evictFor(t);
        FileChannel ch;
        try {
            ch = FileChannel.open(t.path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            t.dirty = false;
            return false;
        } catch (IOException e) {
            log.warn("cannot open {}: {}; retrying on the next scan", t.path, e.toString());
            return false;
        }
        opens++;
        FileStat after = RootScanner.stat(t.path);
        if (after == null || !after.key().equals(t.key)) {
            ch.close();
            return false;
        }
        boolean ok;
        try {
            ok = position(t, ch, now);
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
        openCount++;
        t.reader = new LineReader(ch, t.format, Math.max(t.pos, t.format.bomLength()), t.line + 1,
                options.maxLineBytes(), options.overflow(), options.checkBytes(), options.fingerprintBytes(),
                options.readBufferBytes());
        t.multiline = options.multiline() == null ? null
                : new MultilineAggregator(options.multiline(), t.format.charset(), options.maxLineBytes());
        t.lastReadMillis = now;
        return true;
    }

    /** Decides where to read {@code t} from; false while its identity cannot be known yet or a copy decision waits. */
    private boolean position(TrackedFile t, FileChannel ch, long now) throws IOException {
        long size = ch.size();
        byte[] head = new byte[LineFormat.headBytesNeeded()];
        int hn = HeadProbe.readFully(ch, 0, head, head.length);
        t.format = options.format().resolve(head, hn);
        if (t.identity != null) {
            Optional<FileIdentity> now2 = HeadProbe.identity(t.key, ch, options.fingerprintBytes(), false);
            if (now2.isPresent() && now2.get().equals(t.identity)
                    && HeadProbe.verify(ch, t.pos, t.fingerprint, t.check)) {
                return true; // same file, same content: resume where we were
            }
            log.info("{} changed while closed (inode reused or rewritten): treating it as a new file", t.path);
            retire(t, now);
            t.identity = null;
            t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
            t.initial = false;
        }
        Optional<FileIdentity> id = HeadProbe.identity(t.key, ch, options.fingerprintBytes(), false);
        if (id.isEmpty()) {
            return false; // no complete first line yet: wait for it to grow
        }
        t.identity = id.get();
        t.renamed = false;
        Optional<StoredPosition> stored = positions.lookup(t.identity, t.path);
        if (stored.isPresent()) {
            StoredPosition s = stored.get();
            if (s.pos() >= 0 && HeadProbe.verify(ch, s.pos(), s.fingerprint(), s.check())) {
                long p = s.pos();
                Fingerprint fp = s.fingerprint() != null ? s.fingerprint()
                        : HeadProbe.fingerprint(ch, p, options.fingerprintBytes());
                CheckHash ck = s.check() != null ? s.check() : HeadProbe.checkBefore(ch, p, options.checkBytes());
                t.resetTo(p, s.line(), fp, ck);
                log.debug("{} resumes at byte {} (line {})", t.path, p, s.line());
                return true;
            }
            log.info("{}: the stored position {} of {} does not match the file's contents (inode reused, truncated"
                    + " or rewritten): reading it from the start", t.path, s.pos(), t.identity.id());
            t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
            return true;
        }
        if (options.detectCopies()) {
            Optional<StoredPosition> origin = copyOrigin(t, ch, now);
            if (t.copyDecisionUntil > now) {
                t.identity = null;
                t.waitingForCopyDecision = true;
                return false;
            }
            t.waitingForCopyDecision = false;
            t.copyDecisionUntil = 0;
            if (origin.isPresent()) {
                StoredPosition o = origin.get();
                log.info("{} holds the first {} bytes of {} (copytruncate): continuing after them", t.path, o.pos(),
                        o.fileId());
                t.resetTo(o.pos(), o.line(), o.fingerprint(), o.check());
                return true;
            }
        }
        if (t.initial && options.startPosition() == StartPosition.END) {
            long p = LineBoundary.lastLineEnd(ch, t.format, size, options.maxLineBytes());
            t.resetTo(p, 0, HeadProbe.fingerprint(ch, p, options.fingerprintBytes()),
                    HeadProbe.checkBefore(ch, p, options.checkBytes()));
            return true;
        }
        t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
        return true;
    }

    /**
     * The position of a file {@code t} is a copy of, if any. A candidate counts when {@code t} holds
     * its bytes up to its position (same key head, fingerprint and check window) and the original no
     * longer holds them (truncated, rewritten or gone). While the original still holds them, the
     * decision waits up to {@link #COPY_DECISION_MS} (sets {@code t.copyDecisionUntil}).
     */
    private Optional<StoredPosition> copyOrigin(TrackedFile t, FileChannel ch, long now) throws IOException {
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
                live.add(stored(o));
            }
        }
        for (Known k : known(now)) {
            if (k.identity().headHash() == head) {
                live.add(k.position());
            }
        }
        StoredPosition best = null;
        boolean waitForOriginal = false;
        for (StoredPosition c : concat(confirmed, live)) {
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

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void newGeneration(TrackedFile t, long now) {
        retire(t, now);
        closeFile(t);
        t.identity = null;
        t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
        t.initial = false;
        t.renamed = false;
        t.dirty = true;
    }

    private void retire(TrackedFile t, long now) {
        if (t.identity != null && t.pos > 0) {
            retired.add(new Retired(stored(t), t.key, now + RETIRED_KEEP_MS));
        }
    }

    private StoredPosition stored(TrackedFile t) {
        return new StoredPosition(t.identity.id(), t.pos, t.line, t.fingerprint, t.check, t.path.toString());
    }

    private void evictFor(TrackedFile t) {
        while (openCount >= options.maxOpenFiles()) {
            TrackedFile victim = null;
            for (TrackedFile o : files.values()) {
                if (o == t || !o.isOpen()) {
                    continue;
                }
                boolean idle = o.reader.atEof();
                boolean victimIdle = victim != null && victim.reader.atEof();
                if (victim == null || (idle && !victimIdle)
                        || (idle == victimIdle && o.lastReadMillis < victim.lastReadMillis)) {
                    victim = o;
                }
            }
            if (victim == null) {
                return;
            }
            boolean unread = !victim.reader.atEof() || victim.pos < victim.consumed();
            closeFile(victim);
            victim.dirty = unread;
        }
    }

    private void closeFile(TrackedFile t) {
        if (t.isOpen()) {
            openCount--;
            t.closeChannel();
            // whatever a multiline buffer or half line held is re-read from the emitted position
        }
    }

    private void housekeeping(long now) {
        long closeAfter = options.closeInactive().toMillis();
        long ttl = options.stateTtl().toMillis();
        var it = files.values().iterator();
        while (it.hasNext()) {
            TrackedFile t = it.next();
            if (t.isOpen() && t.reader.atEof() && now - t.lastGrowthMillis >= closeAfter
                    && (t.multiline == null || !t.multiline.hasPending())) {
                boolean unread = t.statSize > t.consumed();
                closeFile(t);
                t.dirty = unread;
            }
            if (t.isOpen() && !t.seen && t.reader.atEof() && t.reader.pendingBytes() == 0
                    && (t.multiline == null || !t.multiline.hasPending()) && quietSinceRotation(t, now)) {
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
        retired.removeIf(r -> r.until() < now);
    }
}
