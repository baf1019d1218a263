/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordPolicy;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each partition's manifest in two places and in step: the S3 manifest head
 * ({@link RemoteManifest}: conditional writes, segments, fencing), the truth, where a chunk counts
 * as written only once it is listed, in the head's tail or in a segment the head refers to; and
 * the local {@link ChunkCatalog} in the {@link CheckpointStore} (chunk_catalog, manifest_segments,
 * chunk_delta_index, change_log, head), written in one batch per commit, after the S3 write
 * succeeded. Commits for one partition must not run concurrently; different partitions may.
 */
public final class ManifestWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestWriter.class);

    private final ChunkCatalog catalog;
    private final RemoteManifest head;
    private final ObjectLayout layout;

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
        this.head = new RemoteManifest(remote, layout, owner, segmentMaxEntries, segmentReads);
        this.catalog = new ChunkCatalog(store, truncate, corruptPolicy);
        this.layout = layout;
    }

    public ObjectLayout layout() {
        return layout;
    }

    public ManifestReader reader() {
        return head.reader();
    }

    /** Test seam: runs after a manifest segment was written and before the head that refers to it. */
    public void afterSegmentWritten(Consumer<String> hook) {
        head.afterSegmentWritten(hook);
    }

    // ------------------------------------------------------------------ open

    /**
     * Takes the partition over: bumps the S3 manifest's epoch with a conditional write (which
     * fences any older writer), from the local catalog when its ETag still matches S3 (no read
     * needed) or else from the S3 manifest (which then replaces the local catalog).
     */
    public PartitionState open(TopicPartitionId tp) {
        Optional<ChunkCatalog.Local> local = catalog.read(tp);
        if (local.isPresent()) {
            ChunkCatalog.Local l = local.get();
            Optional<RemoteManifest.TakenOver> t =
                    head.takeOverIfCurrent(tp, l.manifest(), l.head().etag());
            if (t.isPresent()) {
                PartitionState s = new PartitionState(
                        tp, t.get().manifest(), t.get().etag(), l.head().nextLogSeq(), PartitionState.Source.LOCAL);
                catalog.recordTakeOver(tp, s, l.head().firstLogSeq());
                return s;
            }
            LOG.info(
                    "Local chunk_catalog of {} is behind S3 (ETag {} no longer current); reading the S3 manifest",
                    tp,
                    l.head().etag());
        }
        RemoteManifest.TakenOver t = head.takeOver(tp);
        long firstSeq = local.map(l -> l.head().firstLogSeq()).orElse(0L);
        long nextSeq = local.map(l -> l.head().nextLogSeq()).orElse(0L);
        PartitionState s = new PartitionState(
                tp,
                t.manifest(),
                t.etag(),
                nextSeq,
                t.existed() ? PartitionState.Source.REMOTE : PartitionState.Source.NEW);
        catalog.replace(tp, s, firstSeq);
        return s;
    }

    // ------------------------------------------------------------------ pending work

    /** Records a sealed chunk that is about to be uploaded (chunk_delta_index). */
    public void recordPending(PartitionState state, ChunkEntryRecord chunk) {
        catalog.recordPending(state, chunk);
    }

    /** Chunks recorded as pending for {@code tp}, in offset order. */
    public List<ChunkEntryRecord> pending(TopicPartitionId tp) {
        return catalog.pending(tp);
    }

    /** Forgets a pending chunk (after its object was deleted, or when it is already listed). */
    public void discardPending(PartitionState state, ChunkEntryRecord chunk, String why) {
        catalog.discardPending(state, chunk, why);
    }

    /** Logs the deletion of an object no manifest lists. */
    public void recordOrphanDeleted(PartitionState state, String key) {
        catalog.recordOrphanDeleted(state, key);
    }

    // ------------------------------------------------------------------ commit

    /**
     * Lists {@code chunk} in the S3 manifest (If-Match on the last ETag), then records it in the
     * local catalog in one batch. After this returns the chunk counts as written.
     *
     * @throws FencedException when another writer replaced the manifest
     */
    public PartitionState commitChunk(PartitionState state, ChunkEntryRecord chunk, ManifestOp.Type how) {
        RemoteManifest.Committed c = head.commit(state, chunk);
        PartitionState s = new PartitionState(state.tp(), c.manifest(), c.etag(), state.nextLogSeq(), state.source());
        catalog.recordCommit(state.tp(), s, chunk, how, c.segment(), c.moved());
        return s;
    }

    /** Whether the manifest of {@code state} lists {@code chunk} (following segments). */
    public boolean lists(PartitionState state, ChunkEntryRecord chunk) {
        return head.lists(state.manifest(), chunk.key(), chunk.startOffset());
    }

    /** Whether the S3 manifest as it is now lists {@code key}, a chunk starting at {@code startOffset}. */
    public boolean listedRemotely(TopicPartitionId tp, String key, long startOffset) {
        Optional<PartitionManifest> now = readRemote(tp);
        return now.isPresent() && head.lists(now.get(), key, startOffset);
    }

    /** The S3 manifest as it is now (for fencing checks and cleanup decisions). */
    public Optional<PartitionManifest> readRemote(TopicPartitionId tp) {
        return head.read(tp);
    }

    /** The manifest head of {@code tp} as the local catalog holds it (tail entries and segment references), if any. */
    public Optional<PartitionManifest> readLocalManifest(TopicPartitionId tp) {
        return catalog.read(tp).map(ChunkCatalog.Local::manifest);
    }

    /** change_log entries of {@code tp} still retained, oldest first. */
    public List<ManifestOp> changeLog(TopicPartitionId tp) {
        return catalog.changeLog(tp);
    }

    /** Manifest segments written to S3 since this writer was built (for metrics). */
    public long segmentsWritten() {
        return head.segmentsWritten();
    }
}
