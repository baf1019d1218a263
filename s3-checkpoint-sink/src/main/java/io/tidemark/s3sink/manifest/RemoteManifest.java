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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 half of a partition's manifest, the truth: the head object is replaced only with
 * conditional writes (If-None-Match when creating, If-Match on the last ETag otherwise), so a task
 * of an older generation cannot overwrite a newer manifest; a writer whose condition fails and
 * whose own write is not what S3 holds is fenced. Once the head's tail holds more than
 * {@code segmentMaxEntries} entries, all but the newest move into an immutable
 * {@link ManifestSegment} (If-None-Match, deterministic key) before the head that refers to it is
 * written, so the head and each commit stay bounded. It knows nothing of the local catalog.
 */
final class RemoteManifest {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteManifest.class);
    private static final int OPEN_ATTEMPTS = 5;

    private final RemoteStore remote;
    private final ObjectLayout layout;
    private final String owner;
    private final int segmentMaxEntries;
    private final ManifestReader reader;
    private final LongAdder segmentsWritten = new LongAdder();
    private volatile Consumer<String> afterSegmentWritten = key -> {};

    RemoteManifest(
            RemoteStore remote,
            ObjectLayout layout,
            String owner,
            int segmentMaxEntries,
            RemoteReadLimiter segmentReads) {
        if (segmentMaxEntries < 2) {
            throw new IllegalArgumentException("manifest segments need a bound of at least 2 entries");
        }
        this.remote = remote;
        this.layout = layout;
        this.owner = owner;
        this.segmentMaxEntries = segmentMaxEntries;
        this.reader = new ManifestReader(remote, layout, segmentReads);
    }

    ManifestReader reader() {
        return reader;
    }

    void afterSegmentWritten(Consumer<String> hook) {
        this.afterSegmentWritten = hook;
    }

    /** A manifest head this writer now owns: what it wrote, its ETag, and whether a manifest existed before. */
    record TakenOver(PartitionManifest manifest, String etag, boolean existed) {}

    /**
     * Takes the partition over from the head the local catalog holds: the epoch bump is written
     * If-Match {@code etag}; empty when S3 no longer holds that ETag.
     */
    Optional<TakenOver> takeOverIfCurrent(TopicPartitionId tp, PartitionManifest known, String etag) {
        PartitionManifest bumped = known.takenOverBy(owner, UUID.randomUUID().toString());
        try {
            String written =
                    remote.putBytes(layout.manifestKey(tp), ManifestCodec.encode(bumped), WriteCondition.ifMatch(etag));
            return Optional.of(new TakenOver(bumped, written, true));
        } catch (PreconditionFailedException stale) {
            return Optional.empty();
        }
    }

    /**
     * Takes the partition over from the head S3 holds (or creates an empty one), retrying when
     * another writer changes it in between.
     *
     * @throws FencedException when another writer changed it {@value #OPEN_ATTEMPTS} times in a row
     */
    TakenOver takeOver(TopicPartitionId tp) {
        String key = layout.manifestKey(tp);
        for (int attempt = 1; ; attempt++) {
            Optional<RemoteStore.Versioned> current = remote.getBytes(key);
            PartitionManifest base = current.map(v -> ManifestCodec.decodeManifest(key, v.bytes()))
                    .orElse(PartitionManifest.empty(tp.topic(), tp.partition()));
            PartitionManifest bumped = base.takenOverBy(owner, UUID.randomUUID().toString());
            WriteCondition cond =
                    current.isPresent() ? WriteCondition.ifMatch(current.get().etag()) : WriteCondition.CREATE_ONLY;
            try {
                String etag = remote.putBytes(key, ManifestCodec.encode(bumped), cond);
                return new TakenOver(bumped, etag, current.isPresent());
            } catch (PreconditionFailedException raced) {
                Optional<RemoteStore.Versioned> now = remote.getBytes(key);
                if (now.isPresent()
                        && bumped.writeId()
                                .equals(ManifestCodec.decodeManifest(
                                                key, now.get().bytes())
                                        .writeId())) {
                    return new TakenOver(bumped, now.get().etag(), current.isPresent());
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

    /**
     * A head S3 now holds with a chunk added: the manifest, its ETag and, when entries moved into
     * a new segment, that segment and the entries it took from the tail.
     */
    record Committed(PartitionManifest manifest, String etag, SegmentRef segment, List<ChunkEntryRecord> moved) {}

    /**
     * Writes the head of {@code state} plus {@code chunk} (If-Match on its ETag), moving the tail
     * into a segment first when it grew past the bound.
     *
     * @throws FencedException when another writer replaced the manifest
     */
    Committed commit(PartitionState state, ChunkEntryRecord chunk) {
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
        return new Committed(next, etag, segment, moved);
    }

    /** Manifest segments this writer created in S3 (reused identical copies not counted). */
    long segmentsWritten() {
        return segmentsWritten.sum();
    }

    /** Writes a manifest segment once (If-None-Match); an identical earlier copy is reused. */
    private SegmentRef writeSegment(TopicPartitionId tp, ManifestSegment segment) {
        String key = layout.segmentKey(tp, segment.firstOffset(), segment.lastOffset());
        byte[] bytes = ManifestCodec.encode(segment);
        ChecksumAlgorithm algo = remote.settings().checksumAlgorithm();
        try {
            remote.putBytes(key, bytes, WriteCondition.CREATE_ONLY);
            segmentsWritten.increment();
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

    /** The S3 manifest as it is now. */
    Optional<PartitionManifest> read(TopicPartitionId tp) {
        String key = layout.manifestKey(tp);
        return remote.getBytes(key).map(v -> ManifestCodec.decodeManifest(key, v.bytes()));
    }

    /** Whether {@code manifest} lists {@code key}, a chunk starting at {@code startOffset} (following segments). */
    boolean lists(PartitionManifest manifest, String key, long startOffset) {
        return reader.lists(manifest, key, startOffset);
    }
}
