/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.PreconditionFailedException;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each partition's manifest in two places and in step:
 * <ul>
 *   <li>the S3 manifest head object, the truth: replaced only with conditional writes
 *       (If-None-Match when creating, If-Match on the last ETag otherwise), so a task of an older
 *       generation cannot overwrite a newer manifest; a chunk counts as written only once it is
 *       listed here, in the head's tail or in a segment the head refers to. Once the tail holds
 *       more than {@code segmentMaxEntries} entries, all but the newest move into an immutable
 *       {@link ManifestSegment} (If-None-Match, deterministic key) before the head that refers to
 *       it is written, so the head and each commit stay bounded;</li>
 *   <li>the local {@link CheckpointStore} (LMDB): {@code chunk_catalog} (one ChunkEntryRecord per
 *       chunk of the head's tail), {@code manifest_segments} (the head's segment references),
 *       {@code chunk_delta_index} (chunks sealed and being uploaded, not yet listed),
 *       {@code change_log} (every {@link ManifestOp} in order) and the head (ETag etc.), written in
 *       one batch per commit, after the S3 write succeeded.</li>
 * </ul>
 * Commits for one partition must not run concurrently; different partitions may.
 */
public final class ManifestWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestWriter.class);
    private static final int OPEN_ATTEMPTS = 5;

    private final CheckpointStore store;
    private final RemoteStore remote;
    private final ObjectLayout layout;
    private final String owner;
    private final TruncateAppendOnly truncate;
    private final CorruptRecordPolicy corruptPolicy;
    private final int segmentMaxEntries;
    private final ManifestReader reader;
    private final Object commitLock = new Object();
    private volatile Consumer<String> afterSegmentWritten = key -> {};

    /** Default of {@code manifest.segment.max.entries}. */
    public static final int DEFAULT_SEGMENT_MAX_ENTRIES = 1000;

    /** Manifest segments read from S3 at once when a manifest is loaded (no byte-rate limit). */
    public static final int SEGMENT_READ_CONCURRENCY = 2;

    /** The limiter for reading manifest segments: {@link #SEGMENT_READ_CONCURRENCY} at once, no byte-rate limit. */
    public static RemoteReadLimiter segmentReadLimiter() {
        return new RemoteReadLimiter(SEGMENT_READ_CONCURRENCY, 0);
    }

    public ManifestWriter(
            CheckpointStore store, RemoteStore remote, ObjectLayout layout, String owner, TruncateAppendOnly truncate) {
        this(store, remote, layout, owner, truncate, CorruptRecordPolicy.TREAT_AS_MISSING);
    }

    public ManifestWriter(
            CheckpointStore store,
            RemoteStore remote,
            ObjectLayout layout,
            String owner,
            TruncateAppendOnly truncate,
            CorruptRecordPolicy corruptPolicy) {
        this(store, remote, layout, owner, truncate, corruptPolicy, DEFAULT_SEGMENT_MAX_ENTRIES, segmentReadLimiter());
    }

    /**
     * @param corruptPolicy what to do with a local record that does not decode: FAIL_CLOSED throws
     *     (the operator inspects the store), TREAT_AS_MISSING falls back to the S3 manifest
     * @param segmentMaxEntries once the head lists more chunks than this, all but the newest move
     *     into an immutable manifest segment
     * @param segmentReads bounds the reads of manifest segments (recovery, fenced cleanup)
     */
    public ManifestWriter(
            CheckpointStore store,
            RemoteStore remote,
            ObjectLayout layout,
            String owner,
            TruncateAppendOnly truncate,
            CorruptRecordPolicy corruptPolicy,
            int segmentMaxEntries,
            RemoteReadLimiter segmentReads) {
        if (segmentMaxEntries < 2) {
            throw new IllegalArgumentException("manifest segments need a bound of at least 2 entries");
        }
        this.segmentMaxEntries = segmentMaxEntries;
        this.reader = new ManifestReader(remote, layout, segmentReads);
        this.store = store;
        this.remote = remote;
        this.layout = layout;
        this.owner = owner;
        this.truncate = truncate;
        this.corruptPolicy = corruptPolicy;
    }

    public ObjectLayout layout() {
        return layout;
    }

    public ManifestReader reader() {
        return reader;
    }

    /** Test seam: runs after a manifest segment was written and before the head that refers to it. */
    public void afterSegmentWritten(Consumer<String> hook) {
        this.afterSegmentWritten = hook;
    }

    // ------------------------------------------------------------------ local keys

    static String base(TopicPartitionId tp) {
        return tp.topic() + "/" + tp.partition() + "/";
    }

    static String headKey(TopicPartitionId tp) {
        return "manifest_head/" + base(tp);
    }

    static String catalogPrefix(TopicPartitionId tp) {
        return "chunk_catalog/" + base(tp);
    }

    static String catalogKey(TopicPartitionId tp, long start) {
        return catalogPrefix(tp) + ObjectLayout.pad(start);
    }

    static String segmentRefPrefix(TopicPartitionId tp) {
        return "manifest_segments/" + base(tp);
    }

    static String segmentRefKey(TopicPartitionId tp, long first) {
        return segmentRefPrefix(tp) + ObjectLayout.pad(first);
    }

    static String deltaPrefix(TopicPartitionId tp) {
        return "chunk_delta_index/" + base(tp);
    }

    static String deltaKey(TopicPartitionId tp, long start, long end) {
        return deltaPrefix(tp) + ObjectLayout.pad(start) + "-" + ObjectLayout.pad(end);
    }

    static String logPrefix(TopicPartitionId tp) {
        return "change_log/" + base(tp);
    }

    static String logKey(TopicPartitionId tp, long seq) {
        return logPrefix(tp) + ObjectLayout.pad(seq);
    }

    // ------------------------------------------------------------------ open

    /**
     * Takes the partition over: bumps the S3 manifest's epoch with a conditional write (which
     * fences any older writer), from the local catalog when its ETag still matches S3 (no read
     * needed) or else from the S3 manifest (which then replaces the local catalog).
     */
    public PartitionState open(TopicPartitionId tp) {
        String key = layout.manifestKey(tp);
        Optional<LocalState> local = readLocal(tp);
        if (local.isPresent()) {
            LocalState l = local.get();
            PartitionManifest bumped =
                    l.manifest.takenOverBy(owner, UUID.randomUUID().toString());
            try {
                String etag = remote.putBytes(key, ManifestCodec.encode(bumped), WriteCondition.ifMatch(l.head.etag()));
                PartitionState s =
                        new PartitionState(tp, bumped, etag, l.head.nextLogSeq(), PartitionState.Source.LOCAL);
                commitLocal(
                        tp,
                        s,
                        l.head.firstLogSeq(),
                        List.of(),
                        List.of(op(
                                ManifestOp.Type.OPEN_PARTITION,
                                tp,
                                bumped.epoch(),
                                null,
                                null,
                                null,
                                "local catalog current")),
                        null,
                        null);
                return s;
            } catch (PreconditionFailedException stale) {
                LOG.info(
                        "Local chunk_catalog of {} is behind S3 (ETag {} no longer current); reading the S3 manifest",
                        tp,
                        l.head.etag());
            }
        }
        for (int attempt = 1; ; attempt++) {
            Optional<RemoteStore.Versioned> current = remote.getBytes(key);
            PartitionManifest base = current.map(v -> ManifestCodec.decodeManifest(key, v.bytes()))
                    .orElse(PartitionManifest.empty(tp.topic(), tp.partition()));
            PartitionManifest bumped = base.takenOverBy(owner, UUID.randomUUID().toString());
            WriteCondition cond =
                    current.isPresent() ? WriteCondition.ifMatch(current.get().etag()) : WriteCondition.CREATE_ONLY;
            try {
                String etag = remote.putBytes(key, ManifestCodec.encode(bumped), cond);
                long firstSeq = local.map(l -> l.head.firstLogSeq()).orElse(0L);
                long nextSeq = local.map(l -> l.head.nextLogSeq()).orElse(0L);
                PartitionState s = new PartitionState(
                        tp,
                        bumped,
                        etag,
                        nextSeq,
                        current.isPresent() ? PartitionState.Source.REMOTE : PartitionState.Source.NEW);
                replaceLocalCatalog(tp, s, firstSeq);
                return s;
            } catch (PreconditionFailedException raced) {
                Optional<RemoteStore.Versioned> now = remote.getBytes(key);
                if (now.isPresent()
                        && bumped.writeId()
                                .equals(ManifestCodec.decodeManifest(
                                                key, now.get().bytes())
                                        .writeId())) {
                    long firstSeq = local.map(l -> l.head.firstLogSeq()).orElse(0L);
                    long nextSeq = local.map(l -> l.head.nextLogSeq()).orElse(0L);
                    PartitionState s = new PartitionState(
                            tp,
                            bumped,
                            now.get().etag(),
                            nextSeq,
                            current.isPresent() ? PartitionState.Source.REMOTE : PartitionState.Source.NEW);
                    replaceLocalCatalog(tp, s, firstSeq);
                    return s;
                }
                if (attempt >= OPEN_ATTEMPTS) {
                    throw new FencedException(
                            tp,
                            "could not take over the manifest of " + tp + " at s3://"
                                    + remote.bucket() + "/" + key + ": another writer changed it " + attempt
                                    + " times in a row; is a second connector writing the same topic to the same prefix?");
                }
            }
        }
    }

    // ------------------------------------------------------------------ pending work

    /** Records a sealed chunk that is about to be uploaded (chunk_delta_index). */
    public void recordPending(PartitionState state, ChunkEntryRecord chunk) {
        TopicPartitionId tp = state.tp();
        WriteBatch b = WriteBatch.create()
                .put(deltaKey(tp, chunk.startOffset(), chunk.endOffset()), ManifestCodec.encode(chunk));
        synchronized (commitLock) {
            appendLog(
                    b,
                    tp,
                    readHeadOrNull(tp),
                    List.of(op(
                            ManifestOp.Type.STAGE_PENDING,
                            tp,
                            state.manifest().epoch(),
                            chunk.key(),
                            chunk.startOffset(),
                            chunk.endOffset(),
                            null)));
            store.commit(b);
        }
    }

    /** Chunks recorded as pending for {@code tp}, in offset order. */
    public List<ChunkEntryRecord> pending(TopicPartitionId tp) {
        List<ChunkEntryRecord> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : store.scan(deltaPrefix(tp)).entrySet()) {
            out.add(ManifestCodec.decode(e.getKey(), e.getValue(), ChunkEntryRecord.class));
        }
        return out;
    }

    /** Forgets a pending chunk (after its object was deleted, or when it is already listed). */
    public void discardPending(PartitionState state, ChunkEntryRecord chunk, String why) {
        TopicPartitionId tp = state.tp();
        WriteBatch b = WriteBatch.create().delete(deltaKey(tp, chunk.startOffset(), chunk.endOffset()));
        synchronized (commitLock) {
            appendLog(
                    b,
                    tp,
                    readHeadOrNull(tp),
                    List.of(op(
                            ManifestOp.Type.DISCARD_PENDING,
                            tp,
                            state.manifest().epoch(),
                            chunk.key(),
                            chunk.startOffset(),
                            chunk.endOffset(),
                            why)));
            store.commit(b);
        }
    }

    /** Logs the deletion of an object no manifest lists. */
    public void recordOrphanDeleted(PartitionState state, String key) {
        TopicPartitionId tp = state.tp();
        WriteBatch b = WriteBatch.create();
        synchronized (commitLock) {
            appendLog(
                    b,
                    tp,
                    readHeadOrNull(tp),
                    List.of(op(
                            ManifestOp.Type.DELETE_ORPHAN, tp, state.manifest().epoch(), key, null, null, null)));
            store.commit(b);
        }
    }

    // ------------------------------------------------------------------ commit

    /**
     * Lists {@code chunk} in the S3 manifest (If-Match on the last ETag), then records it in the
     * local catalog in one batch. After this returns the chunk counts as written.
     *
     * @throws FencedException when another writer replaced the manifest
     */
    public PartitionState commitChunk(PartitionState state, ChunkEntryRecord chunk, ManifestOp.Type how) {
        TopicPartitionId tp = state.tp();
        String key = layout.manifestKey(tp);
        PartitionManifest next = state.manifest().plus(chunk, UUID.randomUUID().toString());
        List<ChunkEntryRecord> moved = List.of();
        SegmentRef segment = null;
        if (next.chunks().size() > segmentMaxEntries) {
            // Segment first (If-None-Match, deterministic key), head second (If-Match): a crash in
            // between leaves the old head, which still lists these entries, and an unreferenced
            // segment with the same bytes the next attempt would write (listed entries never
            // change), so the retry reuses it. The newest entry stays in the head.
            moved = next.chunks().subList(0, next.chunks().size() - 1);
            segment = writeSegment(tp, ManifestSegment.of(tp.topic(), tp.partition(), moved));
            next = next.withSegment(segment, moved.size());
            afterSegmentWritten.accept(segment.key());
        }
        String etag;
        try {
            etag = remote.putBytes(key, ManifestCodec.encode(next), WriteCondition.ifMatch(state.etag()));
        } catch (PreconditionFailedException e) {
            Optional<RemoteStore.Versioned> now = remote.getBytes(key);
            PartitionManifest theirs =
                    now.map(v -> ManifestCodec.decodeManifest(key, v.bytes())).orElse(null);
            if (theirs != null && next.writeId().equals(theirs.writeId())) {
                etag = now.get().etag();
            } else {
                throw new FencedException(
                        tp,
                        "manifest of " + tp + " was taken over by "
                                + (theirs == null
                                        ? "someone who deleted it"
                                        : theirs.owner() + " (epoch " + theirs.epoch() + ")")
                                + "; this writer (epoch " + state.manifest().epoch() + ") stops writing it");
            }
        }
        if (segment != null) {
            LOG.info(
                    "Moved {} manifest entries of {} (offsets {}-{}) into segment {}",
                    segment.entryCount(),
                    tp,
                    segment.firstOffset(),
                    segment.lastOffset(),
                    segment.key());
        }
        PartitionState s = new PartitionState(tp, next, etag, state.nextLogSeq(), state.source());
        synchronized (commitLock) {
            LocalHead head = readHeadOrNull(tp);
            long firstSeq = head == null ? 0 : head.firstLogSeq();
            WriteBatch b = WriteBatch.create();
            List<ManifestOp> ops = new ArrayList<>(2);
            if (segment != null) {
                // chunk_catalog mirrors the head: moved entries leave it, the segment reference joins
                for (ChunkEntryRecord c : moved) {
                    b.delete(catalogKey(tp, c.startOffset()));
                }
                b.put(segmentRefKey(tp, segment.firstOffset()), ManifestCodec.encode(segment));
                ops.add(op(
                        ManifestOp.Type.MOVE_TO_SEGMENT,
                        tp,
                        next.epoch(),
                        segment.key(),
                        segment.firstOffset(),
                        segment.lastOffset(),
                        segment.entryCount() + " entries"));
            }
            ops.add(op(how, tp, next.epoch(), chunk.key(), chunk.startOffset(), chunk.endOffset(), null));
            commitLocal(tp, s, firstSeq, List.of(chunk), ops, chunk, b);
        }
        return s;
    }

    /** Writes a manifest segment once (If-None-Match); an identical earlier copy is reused. */
    private SegmentRef writeSegment(TopicPartitionId tp, ManifestSegment segment) {
        String key = layout.segmentKey(tp, segment.firstOffset(), segment.lastOffset());
        byte[] bytes = ManifestCodec.encode(segment);
        ChecksumAlgorithm algo = remote.settings().checksumAlgorithm();
        try {
            remote.putBytes(key, bytes, WriteCondition.CREATE_ONLY);
        } catch (PreconditionFailedException exists) {
            byte[] theirs =
                    remote.getBytes(key).map(RemoteStore.Versioned::bytes).orElse(null);
            if (theirs != null && !Arrays.equals(theirs, bytes)) {
                ManifestSegment decoded = ManifestCodec.decodeSegment(key, theirs);
                if (!decoded.chunks().equals(segment.chunks())) {
                    throw new IllegalStateException("manifest segment s3://" + remote.bucket() + "/" + key
                            + " exists with other chunks than the manifest of " + tp + " lists for offsets "
                            + segment.firstOffset() + "-" + segment.lastOffset() + "; is a second connector writing"
                            + " the same topic to the same prefix?");
                }
                bytes = theirs;
            }
            if (theirs == null) {
                remote.putBytes(key, bytes, WriteCondition.CREATE_ONLY);
            }
            LOG.info(
                    "Manifest segment {} of {} already exists with the same entries (an attempt that did not reach"
                            + " the head, or another writer of the same lineage); reusing it",
                    key,
                    tp);
        }
        ChecksumAlgorithm.Hasher h = algo.newHasher();
        h.update(bytes);
        return new SegmentRef(
                key,
                segment.firstOffset(),
                segment.lastOffset(),
                segment.chunks().size(),
                algo,
                ChecksumAlgorithm.toBase64(h.digest()));
    }

    /** Whether the manifest of {@code state} lists {@code chunk} (following segments). */
    public boolean lists(PartitionState state, ChunkEntryRecord chunk) {
        return reader.lists(state.manifest(), chunk.key(), chunk.startOffset());
    }

    /** Whether the S3 manifest as it is now lists {@code key}, a chunk starting at {@code startOffset}. */
    public boolean listedRemotely(TopicPartitionId tp, String key, long startOffset) {
        Optional<PartitionManifest> now = readRemote(tp);
        return now.isPresent() && reader.lists(now.get(), key, startOffset);
    }

    /** The S3 manifest as it is now (for fencing checks and cleanup decisions). */
    public Optional<PartitionManifest> readRemote(TopicPartitionId tp) {
        String key = layout.manifestKey(tp);
        return remote.getBytes(key).map(v -> ManifestCodec.decodeManifest(key, v.bytes()));
    }

    /** The manifest head of {@code tp} as the local catalog holds it (tail entries and segment references), if any. */
    public Optional<PartitionManifest> readLocalManifest(TopicPartitionId tp) {
        return readLocal(tp).map(l -> l.manifest);
    }

    /** change_log entries of {@code tp} still retained, oldest first. */
    public List<ManifestOp> changeLog(TopicPartitionId tp) {
        List<ManifestOp> ops = new ArrayList<>();
        store.scan(logPrefix(tp)).forEach((k, v) -> ops.add(ManifestCodec.decode(k, v, ManifestOp.class)));
        return ops;
    }

    // ------------------------------------------------------------------ internals

    private record LocalState(LocalHead head, PartitionManifest manifest) {}

    private Optional<LocalState> readLocal(TopicPartitionId tp) {
        LocalHead head = readHeadOrNull(tp);
        if (head == null || head.etag() == null) {
            return Optional.empty();
        }
        List<ChunkEntryRecord> chunks = new ArrayList<>();
        try {
            store.scan(catalogPrefix(tp))
                    .forEach((k, v) -> chunks.add(ManifestCodec.decode(k, v, ChunkEntryRecord.class)));
        } catch (CorruptRecordException e) {
            if (corruptPolicy == CorruptRecordPolicy.FAIL_CLOSED) {
                throw e;
            }
            LOG.warn(
                    "Local chunk_catalog of {} has a record that does not decode ({}); using the S3 manifest",
                    tp,
                    e.getMessage(),
                    e);
            return Optional.empty();
        }
        List<SegmentRef> segments = new ArrayList<>();
        try {
            store.scan(segmentRefPrefix(tp))
                    .forEach((k, v) -> segments.add(ManifestCodec.decode(k, v, SegmentRef.class)));
        } catch (CorruptRecordException e) {
            if (corruptPolicy == CorruptRecordPolicy.FAIL_CLOSED) {
                throw e;
            }
            LOG.warn(
                    "Local manifest segment references of {} have a record that does not decode ({}); using the S3"
                            + " manifest",
                    tp,
                    e.getMessage(),
                    e);
            return Optional.empty();
        }
        if (chunks.size() != head.chunkCount() || segments.size() != head.segmentCount()) {
            LOG.warn(
                    "Local chunk_catalog of {} holds {} chunks and {} segment references but its head says {} and {};"
                            + " using the S3 manifest",
                    tp,
                    chunks.size(),
                    segments.size(),
                    head.chunkCount(),
                    head.segmentCount());
            return Optional.empty();
        }
        PartitionManifest m = new PartitionManifest(
                PartitionManifest.FORMAT_VERSION,
                tp.topic(),
                tp.partition(),
                head.epoch(),
                head.owner(),
                head.writeId(),
                head.nextOffset(),
                segments,
                chunks);
        return Optional.of(new LocalState(head, m));
    }

    private LocalHead readHeadOrNull(TopicPartitionId tp) {
        Optional<byte[]> raw = store.get(headKey(tp));
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return ManifestCodec.decode(headKey(tp), raw.get(), LocalHead.class);
        } catch (CorruptRecordException e) {
            if (corruptPolicy == CorruptRecordPolicy.FAIL_CLOSED) {
                throw e;
            }
            LOG.warn("Local manifest head of {} does not decode ({}); using the S3 manifest", tp, e.getMessage(), e);
            return null;
        }
    }

    private void replaceLocalCatalog(TopicPartitionId tp, PartitionState s, long firstSeq) {
        synchronized (commitLock) {
            WriteBatch b = WriteBatch.create();
            Set<String> keep = new HashSet<>();
            for (ChunkEntryRecord c : s.manifest().chunks()) {
                keep.add(catalogKey(tp, c.startOffset()));
            }
            for (String existing : store.scan(catalogPrefix(tp)).keySet()) {
                if (!keep.contains(existing)) {
                    b.delete(existing);
                }
            }
            Set<String> keepRefs = new HashSet<>();
            for (SegmentRef ref : s.manifest().segments()) {
                String k = segmentRefKey(tp, ref.firstOffset());
                keepRefs.add(k);
                b.put(k, ManifestCodec.encode(ref));
            }
            for (String existing : store.scan(segmentRefPrefix(tp)).keySet()) {
                if (!keepRefs.contains(existing)) {
                    b.delete(existing);
                }
            }
            commitLocal(
                    tp,
                    s,
                    firstSeq,
                    s.manifest().chunks(),
                    List.of(op(
                            ManifestOp.Type.OPEN_PARTITION,
                            tp,
                            s.manifest().epoch(),
                            null,
                            null,
                            null,
                            "catalog rebuilt from the " + (s.source() == PartitionState.Source.NEW ? "new" : "S3")
                                    + " manifest")),
                    null,
                    b);
        }
    }

    /** One batch: catalog entries, head, delta removal, change_log ops and truncation. */
    private void commitLocal(
            TopicPartitionId tp,
            PartitionState s,
            long firstSeq,
            List<ChunkEntryRecord> add,
            List<ManifestOp> ops,
            ChunkEntryRecord doneDelta,
            WriteBatch into) {
        synchronized (commitLock) {
            WriteBatch b = into == null ? WriteBatch.create() : into;
            for (ChunkEntryRecord c : add) {
                b.put(catalogKey(tp, c.startOffset()), ManifestCodec.encode(c));
            }
            if (doneDelta != null) {
                b.delete(deltaKey(tp, doneDelta.startOffset(), doneDelta.endOffset()));
            }
            LocalHead current = readHeadOrNull(tp);
            long nextSeq = Math.max(s.nextLogSeq(), current == null ? 0 : current.nextLogSeq());
            long first = current == null ? firstSeq : current.firstLogSeq();
            LocalHead logHead = new LocalHead(
                    s.etag(),
                    s.manifest().epoch(),
                    s.manifest().owner(),
                    s.manifest().writeId(),
                    s.manifest().nextOffset(),
                    s.manifest().chunks().size(),
                    first,
                    nextSeq,
                    s.manifest().segments().size());
            LocalHead after = appendLog(b, tp, logHead, ops);
            b.put(headKey(tp), ManifestCodec.encode(after));
            store.commit(b);
        }
    }

    /** Adds ops to the change_log (and truncates it); returns the head with new log bounds. */
    private LocalHead appendLog(WriteBatch b, TopicPartitionId tp, LocalHead head, List<ManifestOp> ops) {
        long first = head == null ? 0 : head.firstLogSeq();
        long next = head == null ? 0 : head.nextLogSeq();
        for (ManifestOp o : ops) {
            b.put(logKey(tp, next++), ManifestCodec.encode(o));
        }
        long keepFrom = truncate.keepFrom(first, next);
        if (keepFrom > first) {
            for (long seq = first; seq < keepFrom; seq++) {
                b.delete(logKey(tp, seq));
            }
            b.put(
                    logKey(tp, next++),
                    ManifestCodec.encode(op(
                            ManifestOp.Type.TRUNCATE_APPEND_ONLY,
                            tp,
                            head == null ? 0 : head.epoch(),
                            null,
                            first,
                            keepFrom - 1,
                            "removed change_log entries")));
            first = keepFrom;
        }
        if (head == null) {
            LocalHead h = new LocalHead(null, 0, null, null, -1, 0, first, next, 0);
            // a head without an ETag is never used to skip the S3 read (If-Match needs an ETag)
            b.put(headKey(tp), ManifestCodec.encode(h));
            return h;
        }
        LocalHead h = new LocalHead(
                head.etag(),
                head.epoch(),
                head.owner(),
                head.writeId(),
                head.nextOffset(),
                head.chunkCount(),
                first,
                next,
                head.segmentCount());
        b.put(headKey(tp), ManifestCodec.encode(h));
        return h;
    }

    private static ManifestOp op(
            ManifestOp.Type type, TopicPartitionId tp, long epoch, String key, Long start, Long end, String detail) {
        return ManifestOp.of(type, tp.topic(), tp.partition(), epoch, key, start, end, detail);
    }
}
