/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.WriteBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local half of a partition's manifest, in the {@link CheckpointStore} (LMDB), per partition:
 * <ul>
 *   <li>{@code chunk_catalog}: one {@link ChunkEntryRecord} per chunk of the S3 head's tail;</li>
 *   <li>{@code manifest_segments}: the head's segment references;</li>
 *   <li>{@code chunk_delta_index}: chunks sealed and being uploaded, not yet listed (written before
 *       the upload starts);</li>
 *   <li>{@code change_log}: every {@link ManifestOp} in order, cut back by {@link TruncateAppendOnly};</li>
 *   <li>{@code manifest_head}: the S3 head's ETag, epoch, owner, write id and counts, and the
 *       change_log bounds.</li>
 * </ul>
 * Each change is one batch. It knows nothing of S3: {@link ManifestWriter} records here what the
 * S3 manifest holds after each conditional write succeeded.
 */
final class ChunkCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkCatalog.class);

    private final CheckpointStore store;
    private final TruncateAppendOnly truncate;
    private final CorruptRecordPolicy corruptPolicy;
    private final Object commitLock = new Object();

    ChunkCatalog(CheckpointStore store, TruncateAppendOnly truncate, CorruptRecordPolicy corruptPolicy) {
        this.store = store;
        this.truncate = truncate;
        this.corruptPolicy = corruptPolicy;
    }

    /** The manifest head as the catalog holds it, with the local head it was read from. */
    record Local(LocalHead head, PartitionManifest manifest) {}

    // ------------------------------------------------------------------ keys

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

    // ------------------------------------------------------------------ read

    /**
     * The head as the catalog holds it, or empty when there is none, it has no ETag, a record does
     * not decode (under TREAT_AS_MISSING) or the counts do not match the head.
     */
    Optional<Local> read(TopicPartitionId tp) {
        LocalHead head = readHeadOrNull(tp);
        if (head == null || head.etag() == null) {
            return Optional.empty();
        }
        Optional<List<ChunkEntryRecord>> tail =
                scanRecords(tp, catalogPrefix(tp), ChunkEntryRecord.class, "chunk_catalog");
        if (tail.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<SegmentRef>> refs =
                scanRecords(tp, segmentRefPrefix(tp), SegmentRef.class, "manifest segment references");
        if (refs.isEmpty()) {
            return Optional.empty();
        }
        List<ChunkEntryRecord> chunks = tail.get();
        List<SegmentRef> segments = refs.get();
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
        return Optional.of(new Local(head, m));
    }

    /** Every record under {@code prefix}; empty when one does not decode and the policy says to use S3 instead. */
    private <T> Optional<List<T>> scanRecords(TopicPartitionId tp, String prefix, Class<T> type, String what) {
        List<T> out = new ArrayList<>();
        try {
            store.scan(prefix).forEach((k, v) -> out.add(ManifestCodec.decode(k, v, type)));
        } catch (CorruptRecordException e) {
            if (corruptPolicy == CorruptRecordPolicy.FAIL_CLOSED) {
                throw e;
            }
            LOG.warn(
                    "Local {} of {} has a record that does not decode ({}); using the S3 manifest",
                    what,
                    tp,
                    e.getMessage(),
                    e);
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** Chunks recorded as pending for {@code tp}, in offset order. */
    List<ChunkEntryRecord> pending(TopicPartitionId tp) {
        List<ChunkEntryRecord> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : store.scan(deltaPrefix(tp)).entrySet()) {
            out.add(ManifestCodec.decode(e.getKey(), e.getValue(), ChunkEntryRecord.class));
        }
        return out;
    }

    /** change_log entries of {@code tp} still retained, oldest first. */
    List<ManifestOp> changeLog(TopicPartitionId tp) {
        List<ManifestOp> ops = new ArrayList<>();
        store.scan(logPrefix(tp)).forEach((k, v) -> ops.add(ManifestCodec.decode(k, v, ManifestOp.class)));
        return ops;
    }

    // ------------------------------------------------------------------ pending work

    /** Records a sealed chunk that is about to be uploaded (chunk_delta_index). */
    void recordPending(PartitionState state, ChunkEntryRecord chunk) {
        TopicPartitionId tp = state.tp();
        logWith(
                WriteBatch.create()
                        .put(deltaKey(tp, chunk.startOffset(), chunk.endOffset()), ManifestCodec.encode(chunk)),
                state,
                ManifestOp.Type.STAGE_PENDING,
                chunk.key(),
                chunk.startOffset(),
                chunk.endOffset(),
                null);
    }

    /** Forgets a pending chunk (after its object was deleted, or when it is already listed). */
    void discardPending(PartitionState state, ChunkEntryRecord chunk, String why) {
        TopicPartitionId tp = state.tp();
        logWith(
                WriteBatch.create().delete(deltaKey(tp, chunk.startOffset(), chunk.endOffset())),
                state,
                ManifestOp.Type.DISCARD_PENDING,
                chunk.key(),
                chunk.startOffset(),
                chunk.endOffset(),
                why);
    }

    /** Logs the deletion of an object no manifest lists. */
    void recordOrphanDeleted(PartitionState state, String key) {
        logWith(WriteBatch.create(), state, ManifestOp.Type.DELETE_ORPHAN, key, null, null, null);
    }

    /** Commits {@code b} with one change_log op (the head's log bounds move, nothing else of it). */
    private void logWith(
            WriteBatch b, PartitionState state, ManifestOp.Type type, String key, Long start, Long end, String detail) {
        TopicPartitionId tp = state.tp();
        synchronized (commitLock) {
            appendLog(
                    b,
                    tp,
                    readHeadOrNull(tp),
                    List.of(op(type, tp, state.manifest().epoch(), key, start, end, detail)));
            store.commit(b);
        }
    }

    // ------------------------------------------------------------------ after an S3 write

    /** The epoch bump of {@code s} succeeded on the ETag the catalog held: the catalog stays, the head moves. */
    void recordTakeOver(TopicPartitionId tp, PartitionState s, long firstSeq) {
        commitLocal(tp, s, firstSeq, List.of(), List.of(openOp(tp, s, "local catalog current")), null, null);
    }

    private static ManifestOp openOp(TopicPartitionId tp, PartitionState s, String detail) {
        return op(ManifestOp.Type.OPEN_PARTITION, tp, s.manifest().epoch(), null, null, null, detail);
    }

    /** The S3 manifest {@code s} was taken over from S3 (or created): the catalog becomes a copy of its head. */
    void replace(TopicPartitionId tp, PartitionState s, long firstSeq) {
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
                    List.of(openOp(
                            tp,
                            s,
                            "catalog rebuilt from the " + (s.source() == PartitionState.Source.NEW ? "new" : "S3")
                                    + " manifest")),
                    null,
                    b);
        }
    }

    /**
     * The S3 head {@code s} now lists {@code chunk} (written {@code how}); when {@code segment} is
     * not null, the entries {@code moved} left the head's tail for that segment. One batch: the
     * chunk joins the catalog, moved entries leave it, the segment reference joins, the chunk's
     * pending record goes.
     */
    void recordCommit(
            TopicPartitionId tp,
            PartitionState s,
            ChunkEntryRecord chunk,
            ManifestOp.Type how,
            SegmentRef segment,
            List<ChunkEntryRecord> moved) {
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
                        s.manifest().epoch(),
                        segment.key(),
                        segment.firstOffset(),
                        segment.lastOffset(),
                        segment.entryCount() + " entries"));
            }
            ops.add(op(how, tp, s.manifest().epoch(), chunk.key(), chunk.startOffset(), chunk.endOffset(), null));
            commitLocal(tp, s, firstSeq, List.of(chunk), ops, chunk, b);
        }
    }

    // ------------------------------------------------------------------ internals

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
