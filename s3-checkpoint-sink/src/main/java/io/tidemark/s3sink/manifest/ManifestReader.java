/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.store.CorruptRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads manifests from S3 the way every reader must: the head (format 1 or 2), then, where the
 * whole chunk list is needed, the segments it refers to, oldest first. Segment reads go through a
 * {@link RemoteReadLimiter}; each segment's bytes are checked against the checksum, offset range
 * and entry count its reference records.
 */
public final class ManifestReader {

    /** Rough size of one ChunkEntryRecord in JSON, for the read limiter's byte budget before the size is known. */
    static final long ESTIMATED_ENTRY_BYTES = 300;

    private final RemoteStore remote;
    private final ObjectLayout layout;
    private final RemoteReadLimiter limiter;

    public ManifestReader(RemoteStore remote, ObjectLayout layout, RemoteReadLimiter limiter) {
        this.remote = remote;
        this.layout = layout;
        this.limiter = limiter;
    }

    /** The manifest head of {@code tp}, if any. */
    public Optional<PartitionManifest> head(TopicPartitionId tp) {
        String key = layout.manifestKey(tp);
        return remote.getBytes(key).map(v -> ManifestCodec.decodeManifest(key, v.bytes()));
    }

    /** Reads and verifies one segment. */
    public ManifestSegment segment(SegmentRef ref) {
        try {
            limiter.acquire(ESTIMATED_ENTRY_BYTES * ref.entryCount());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read limiter", e);
        }
        byte[] bytes;
        try {
            bytes = remote.getBytes(ref.key())
                    .orElseThrow(() -> new CorruptRecordException(
                            ref.key(),
                            "the manifest refers to segment s3://" + remote.bucket() + "/" + ref.key()
                                    + ", which does not exist"))
                    .bytes();
        } finally {
            limiter.release();
        }
        return verified(ref, bytes);
    }

    /** Checks a segment's bytes against its reference and decodes them. */
    static ManifestSegment verified(SegmentRef ref, byte[] bytes) {
        ChecksumAlgorithm.Hasher h = ref.checksumAlgorithm().newHasher();
        h.update(bytes);
        String actual = ChecksumAlgorithm.toBase64(h.digest());
        if (!actual.equals(ref.checksum())) {
            throw new CorruptRecordException(
                    ref.key(),
                    "manifest segment has " + ref.checksumAlgorithm() + " " + actual + " but the manifest head says "
                            + ref.checksum());
        }
        ManifestSegment s = ManifestCodec.decodeSegment(ref.key(), bytes);
        if (s.chunks().size() != ref.entryCount()
                || s.firstOffset() != ref.firstOffset()
                || s.lastOffset() != ref.lastOffset()) {
            throw new CorruptRecordException(
                    ref.key(),
                    "manifest segment holds " + s.chunks().size() + " entries for "
                            + s.firstOffset() + "-" + s.lastOffset() + " but the manifest head says " + ref.entryCount()
                            + " for " + ref.firstOffset() + "-" + ref.lastOffset());
        }
        return s;
    }

    /**
     * Every chunk {@code m} lists, oldest first, following its segments; segments whose chunks
     * all end before {@code fromOffset} are not read.
     */
    public void forEachChunk(PartitionManifest m, long fromOffset, Consumer<ChunkEntryRecord> each) {
        for (SegmentRef ref : m.segments()) {
            if (ref.lastOffset() < fromOffset) {
                continue;
            }
            segment(ref).chunks().forEach(each);
        }
        m.chunks().forEach(each);
    }

    /** Every chunk {@code m} lists, oldest first (reads all its segments). */
    public List<ChunkEntryRecord> allChunks(PartitionManifest m) {
        List<ChunkEntryRecord> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, m.chunkCount()));
        forEachChunk(m, Long.MIN_VALUE, out::add);
        return out;
    }

    /**
     * Whether {@code m} lists {@code key}, a chunk starting at {@code startOffset}: in the tail, or
     * else in the one segment whose offset range holds {@code startOffset} (read only then).
     */
    public boolean lists(PartitionManifest m, String key, long startOffset) {
        if (m.lists(key)) {
            return true;
        }
        SegmentRef ref = m.segmentFor(startOffset);
        if (ref == null) {
            return false;
        }
        for (ChunkEntryRecord c : segment(ref).chunks()) {
            if (c.key().equals(key)) {
                return true;
            }
        }
        return false;
    }
}
