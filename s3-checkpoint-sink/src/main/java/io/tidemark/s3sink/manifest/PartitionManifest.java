/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The S3 manifest head of one topic partition: which chunks hold its records, in offset order,
 * and the first offset no chunk holds ({@code nextOffset}, -1 while empty). {@code epoch} grows
 * each time a task takes the partition over; {@code writeId} is unique per write so that a writer
 * can tell its own write from another's after an ambiguous failure.
 *
 * <p>Format 2 (segmented): {@code chunks} holds only the newest entries (the tail); older entries
 * live in immutable {@link ManifestSegment} objects that {@code segments} refers to, oldest first,
 * so the head grows only by one small reference per segment instead of one entry per chunk. Every segment covers offsets below
 * the first tail entry. Format 1 (every entry in {@code chunks}, no segments) is still read.
 */
public record PartitionManifest(
        int formatVersion,
        String topic,
        int partition,
        long epoch,
        String owner,
        String writeId,
        long nextOffset,
        List<SegmentRef> segments,
        List<ChunkEntryRecord> chunks) {

    public static final int FORMAT_VERSION = 2;
    /** The format without segments, still readable. */
    public static final int FORMAT_VERSION_UNSEGMENTED = 1;

    @JsonCreator
    public PartitionManifest {
        segments = segments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(segments));
        chunks = chunks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(chunks));
    }

    /** A manifest without segments (format 1 content). */
    public PartitionManifest(
            int formatVersion,
            String topic,
            int partition,
            long epoch,
            String owner,
            String writeId,
            long nextOffset,
            List<ChunkEntryRecord> chunks) {
        this(formatVersion, topic, partition, epoch, owner, writeId, nextOffset, List.of(), chunks);
    }

    public static PartitionManifest empty(String topic, int partition) {
        return new PartitionManifest(FORMAT_VERSION, topic, partition, 0, null, null, -1, List.of(), List.of());
    }

    /** The same chunks under a new epoch, taken by {@code newOwner}. */
    public PartitionManifest takenOverBy(String newOwner, String newWriteId) {
        return new PartitionManifest(
                FORMAT_VERSION, topic, partition, epoch + 1, newOwner, newWriteId, nextOffset, segments, chunks);
    }

    /** This manifest with one more chunk at the end. */
    public PartitionManifest plus(ChunkEntryRecord chunk, String newWriteId) {
        if (nextOffset >= 0 && chunk.startOffset() < nextOffset) {
            throw new IllegalArgumentException("chunk " + chunk.key() + " starts at " + chunk.startOffset()
                    + " but the manifest of " + topic + "-" + partition + " already holds offsets below " + nextOffset);
        }
        List<ChunkEntryRecord> next = new ArrayList<>(chunks.size() + 1);
        next.addAll(chunks);
        next.add(chunk);
        return new PartitionManifest(
                FORMAT_VERSION, topic, partition, epoch, owner, newWriteId, chunk.endOffset() + 1, segments, next);
    }

    /** This manifest with its first {@code moved} tail entries replaced by a reference to their segment. */
    public PartitionManifest withSegment(SegmentRef ref, int moved) {
        if (moved <= 0 || moved >= chunks.size() || ref.entryCount() != moved) {
            throw new IllegalArgumentException(
                    "a segment must move 1.." + (chunks.size() - 1) + " entries, not " + moved);
        }
        List<SegmentRef> refs = new ArrayList<>(segments.size() + 1);
        refs.addAll(segments);
        refs.add(ref);
        return new PartitionManifest(
                FORMAT_VERSION,
                topic,
                partition,
                epoch,
                owner,
                writeId,
                nextOffset,
                refs,
                chunks.subList(moved, chunks.size()));
    }

    /**
     * Whether the tail lists {@code key}. Chunks moved into segments are not seen here; use
     * {@link ManifestReader#lists} where that matters.
     */
    public boolean lists(String key) {
        for (ChunkEntryRecord c : chunks) {
            if (c.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The newest chunk (always in the tail: segmenting keeps at least one entry there). */
    public ChunkEntryRecord last() {
        return chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
    }

    /** Chunks listed in segments and tail together. */
    @JsonIgnore
    public long chunkCount() {
        long n = chunks.size();
        for (SegmentRef s : segments) {
            n += s.entryCount();
        }
        return n;
    }

    /** The segment whose offset range holds {@code offset}, or null. */
    public SegmentRef segmentFor(long offset) {
        for (SegmentRef s : segments) {
            if (offset >= s.firstOffset() && offset <= s.lastOffset()) {
                return s;
            }
        }
        return null;
    }
}
