/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ManifestCodec;
import io.tidemark.s3sink.manifest.ManifestOp;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.manifest.PartitionState;
import io.tidemark.s3sink.manifest.SegmentRef;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.s3sink.rotation.RotationPolicy;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.testing.EngineRig;
import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Segmented manifests (format 2) against s3proxy: writing, crashes between the two writes, format 1, recovery. */
class ManifestSegmentTest {

    private static final StoreIdentity ID = new StoreIdentity("s3-sink-segment-test", 1);
    private static final TopicPartitionId TP = new TopicPartitionId("orders", 0);
    private static final RotationPolicy EVERY_10 = new RotationPolicy(10, 0, 0, 0);
    private static final String MANIFESTS = "data/_manifests/orders/0";

    @TempDir
    Path tmp;

    private S3Settings s3(TestInfo info) {
        String bucket = ("seg-" + info.getTestMethod().orElseThrow().getName().toLowerCase());
        bucket = bucket.substring(0, Math.min(60, bucket.length()));
        return S3ProxyServer.shared().settings(bucket, ChecksumAlgorithm.CRC32C);
    }

    private EngineRig rig(S3Settings s3, CheckpointStore store, String name, int segmentMaxEntries) {
        return new EngineRig(
                s3,
                store,
                tmp.resolve(name + "-" + System.nanoTime()),
                name,
                EVERY_10,
                Compression.NONE,
                64L * 1024 * 1024,
                4096,
                segmentMaxEntries);
    }

    private static String segmentKey(long first, long last) {
        return String.format("%s/segment-%020d-%020d.json", MANIFESTS, first, last);
    }

    private static List<String> segmentObjects(EngineRig r) {
        return r.keys(MANIFESTS + "/");
    }

    private static void assertExactlyOnce(EngineRig r, long records, int chunks) {
        ColdScan.Report report = r.coldScan().verify(TP);
        assertThat(report.records()).isEqualTo(records);
        assertThat(report.chunks()).isEqualTo(chunks);
        assertThat(report.firstOffset()).isZero();
        assertThat(report.exactlyOnceInOrder()).isTrue();
    }

    @Test
    void headKeepsOnlyTheNewestEntriesAndRefersToImmutableSegments(TestInfo info) throws Exception {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        try (EngineRig r = rig(s3(info), store, "w1", 3)) {
            r.engine.open(List.of(TP));
            r.engine.write(r.records(TP, 0, 100));
            r.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 100L));

            PartitionManifest head = r.coldScan().manifest(TP).orElseThrow();
            assertThat(head.formatVersion()).isEqualTo(2);
            // 10 chunks, bound 3: segments of chunks 0-2, 3-5, 6-8; chunk 9 stays in the head
            assertThat(head.segments())
                    .extracting(SegmentRef::key)
                    .containsExactly(segmentKey(0, 29), segmentKey(30, 59), segmentKey(60, 89));
            assertThat(head.segments()).extracting(SegmentRef::entryCount).containsExactly(3, 3, 3);
            assertThat(head.chunks()).extracting(ChunkEntryRecord::startOffset).containsExactly(90L);
            assertThat(head.chunkCount()).isEqualTo(10);
            assertThat(segmentObjects(r)).containsExactly(segmentKey(0, 29), segmentKey(30, 59), segmentKey(60, 89));
            assertThat(r.engine.segmentsWritten()).isEqualTo(3);
            assertThat(r.engine.stats().chunksListed()).isEqualTo(10);
            assertThat(r.engine.stats().chunksUploaded()).isEqualTo(10);
            assertThat(r.engine.stats().rewinds()).isZero();
            assertThat(r.coldScan().chunks(TP))
                    .extracting(ChunkEntryRecord::startOffset)
                    .containsExactly(0L, 10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L);
            assertExactlyOnce(r, 100, 10);

            // the local chunk_catalog mirrors the head's tail; the segment references are kept beside it
            assertThat(store.scan("chunk_catalog/orders/0/")).hasSize(1);
            assertThat(store.scan("manifest_segments/orders/0/")).hasSize(3);
            assertThat(r.manifests.changeLog(TP))
                    .filteredOn(o -> o.type() == ManifestOp.Type.MOVE_TO_SEGMENT)
                    .extracting(ManifestOp::chunkKey)
                    .containsExactly(segmentKey(0, 29), segmentKey(30, 59), segmentKey(60, 89));
        }
    }

    @Test
    void headSizeStaysBoundedWhileTheChunkCountGrows(TestInfo info) throws Exception {
        try (EngineRig r = rig(s3(info), new InMemoryCheckpointStore(ID), "w1", 20)) {
            r.engine.open(List.of(TP));
            int largest = 0;
            for (int round = 0; round < 10; round++) {
                r.engine.write(r.records(TP, round * 100L, round * 100L + 100));
                r.engine.awaitIdle(Duration.ofSeconds(30));
                int size = r.remote
                        .getBytes("data/_manifests/orders/0.json")
                        .orElseThrow()
                        .bytes()
                        .length;
                largest = Math.max(largest, size);
            }
            PartitionManifest head = r.coldScan().manifest(TP).orElseThrow();
            assertThat(head.chunkCount()).isEqualTo(100);
            assertThat(head.chunks().size()).isLessThanOrEqualTo(20);
            // 100 entries unsegmented would be ~30 KB; the head never exceeded 21 entries plus 5 references
            int oneEntry = ManifestCodec.encode(head.last()).length;
            assertThat(largest).isLessThan(26 * oneEntry + 1000);
            assertExactlyOnce(r, 1000, 100);
        }
    }

    @Test
    void crashBetweenSegmentWriteAndHeadWriteLeavesTheOldHeadAndTheRetryReusesTheSegment(TestInfo info)
            throws Exception {
        S3Settings s3 = s3(info);
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        EngineRig first = rig(s3, store, "w1", 3);
        AtomicInteger crashes = new AtomicInteger();
        first.manifests.afterSegmentWritten(key -> {
            if (crashes.getAndIncrement() == 0) {
                throw new IllegalStateException("simulated crash after writing " + key);
            }
        });
        first.engine.open(List.of(TP));
        first.engine.write(first.records(TP, 0, 40));
        first.engine.awaitIdle(Duration.ofSeconds(30));
        assertThat(crashes.get()).isOne();
        // the head still lists chunks 0-29 itself; the segment exists but nothing refers to it
        PartitionManifest head = first.coldScan().manifest(TP).orElseThrow();
        assertThat(head.segments()).isEmpty();
        assertThat(head.nextOffset()).isEqualTo(30);
        assertThat(segmentObjects(first)).containsExactly(segmentKey(0, 29));
        assertExactlyOnce(first, 30, 3);
        first.crash();

        // the same worker: chunk 30-39 is pending and complete in S3, so it is listed, which segments again
        try (EngineRig second = rig(s3, InMemoryCheckpointStore.reopen(store, ID), "w1", 3)) {
            assertThat(second.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 40L));
            PartitionManifest after = second.coldScan().manifest(TP).orElseThrow();
            assertThat(after.segments()).extracting(SegmentRef::key).containsExactly(segmentKey(0, 29));
            assertThat(segmentObjects(second)).containsExactly(segmentKey(0, 29));
            second.engine.write(second.records(TP, 40, 70));
            second.engine.awaitIdle(Duration.ofSeconds(30));
            assertExactlyOnce(second, 70, 7);
        }
    }

    @Test
    void crashBetweenSegmentWriteAndHeadWriteOnAFreshWorker(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        EngineRig first = rig(s3, new InMemoryCheckpointStore(ID), "w1", 3);
        first.manifests.afterSegmentWritten(key -> {
            throw new IllegalStateException("simulated crash after writing " + key);
        });
        first.engine.open(List.of(TP));
        first.engine.write(first.records(TP, 0, 40));
        first.engine.awaitIdle(Duration.ofSeconds(30));
        first.crash();

        // no local state: the unlisted chunk 30-39 is an orphan, its records are consumed again
        try (EngineRig fresh = rig(s3, new InMemoryCheckpointStore(ID), "w2", 3)) {
            assertThat(fresh.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 30L));
            assertThat(fresh.engine.state(TP).orElseThrow().source()).isEqualTo(PartitionState.Source.REMOTE);
            fresh.engine.write(fresh.records(TP, 30, 60));
            fresh.engine.awaitIdle(Duration.ofSeconds(30));
            PartitionManifest head = fresh.coldScan().manifest(TP).orElseThrow();
            assertThat(head.segments()).extracting(SegmentRef::key).containsExactly(segmentKey(0, 29));
            assertThat(segmentObjects(fresh)).containsExactly(segmentKey(0, 29));
            assertExactlyOnce(fresh, 60, 6);
        }
    }

    @Test
    void readsAFormat1ManifestAndSegmentsItOnTheNextCommit(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        try (EngineRig old = rig(s3, new InMemoryCheckpointStore(ID), "old", 1000)) {
            old.engine.open(List.of(TP));
            old.engine.write(old.records(TP, 0, 50));
            old.engine.awaitIdle(Duration.ofSeconds(30));
            // rewrite the head as an earlier version wrote it: format 1, every entry in "chunks", no "segments"
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode v1 = (ObjectNode) mapper.readTree(
                    ManifestCodec.encode(old.coldScan().manifest(TP).orElseThrow()));
            v1.put("formatVersion", 1);
            v1.remove("segments");
            old.remote.putBytes("data/_manifests/orders/0.json", mapper.writeValueAsBytes(v1), WriteCondition.NONE);
        }
        String v1Json = "{\"formatVersion\":1,\"topic\":\"orders\",\"partition\":0,\"epoch\":3,\"owner\":\"x\","
                + "\"writeId\":\"w\",\"nextOffset\":10,\"chunks\":[{\"key\":\"k\",\"topic\":\"orders\",\"partition\":0,"
                + "\"startOffset\":0,\"endOffset\":9,\"recordCount\":10,\"bytes\":5,\"checksumAlgorithm\":\"CRC32C\","
                + "\"checksum\":\"AAAAAA==\"}]}";
        PartitionManifest decoded = ManifestCodec.decodeManifest("literal", v1Json.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.segments()).isEmpty();
        assertThat(decoded.chunks()).hasSize(1);

        try (EngineRig fresh = rig(s3, new InMemoryCheckpointStore(ID), "new", 3)) {
            PartitionManifest v1 = fresh.coldScan().manifest(TP).orElseThrow();
            assertThat(v1.formatVersion()).isEqualTo(1);
            assertThat(v1.chunks()).hasSize(5);
            assertExactlyOnce(fresh, 50, 5);

            assertThat(fresh.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 50L));
            fresh.engine.write(fresh.records(TP, 50, 80));
            fresh.engine.awaitIdle(Duration.ofSeconds(30));
            PartitionManifest v2 = fresh.coldScan().manifest(TP).orElseThrow();
            assertThat(v2.formatVersion()).isEqualTo(2);
            // the first commit moves the 5 old entries (over the bound) into one segment
            assertThat(v2.segments()).extracting(SegmentRef::key).first().isEqualTo(segmentKey(0, 49));
            assertThat(v2.chunks().size()).isLessThanOrEqualTo(3);
            assertExactlyOnce(fresh, 80, 8);
        }
    }

    @Test
    void recoversAcrossSegmentsFromTheLocalCatalogAndFromS3(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        EngineRig first = rig(s3, store, "w1", 3);
        first.engine.open(List.of(TP));
        first.engine.write(first.records(TP, 0, 100));
        first.engine.awaitIdle(Duration.ofSeconds(30));
        // a pending entry for a chunk that is listed, by now in a segment (as if the local batch after the
        // head write had been lost): recovery must find it through the segment and keep the object
        PartitionState state = first.engine.state(TP).orElseThrow();
        ChunkEntryRecord inSegment = first.coldScan().chunks(TP).get(1);
        assertThat(state.manifest().lists(inSegment.key())).isFalse();
        first.manifests.recordPending(state, inSegment);
        first.crash();

        try (EngineRig second = rig(s3, InMemoryCheckpointStore.reopen(store, ID), "w1", 3)) {
            assertThat(second.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 100L));
            assertThat(second.engine.state(TP).orElseThrow().source()).isEqualTo(PartitionState.Source.LOCAL);
            assertThat(second.engine.state(TP).orElseThrow().manifest().segments())
                    .hasSize(3);
            assertThat(second.manifests.pending(TP)).isEmpty();
            assertThat(second.manifests.changeLog(TP))
                    .filteredOn(o -> o.type() == ManifestOp.Type.DISCARD_PENDING)
                    .extracting(ManifestOp::detail)
                    .containsExactly("already listed in the manifest");
            assertThat(second.keys("data/orders/")).contains(inSegment.key());
            second.engine.write(second.records(TP, 90, 130));
            second.engine.awaitIdle(Duration.ofSeconds(30));
            assertExactlyOnce(second, 130, 13);
        }

        try (EngineRig fresh = rig(s3, new InMemoryCheckpointStore(ID), "w2", 3)) {
            assertThat(fresh.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 130L));
            PartitionState s = fresh.engine.state(TP).orElseThrow();
            assertThat(s.source()).isEqualTo(PartitionState.Source.REMOTE);
            assertThat(s.manifest().chunkCount()).isEqualTo(13);
            fresh.engine.write(fresh.records(TP, 120, 200));
            fresh.engine.awaitIdle(Duration.ofSeconds(30));
            assertExactlyOnce(fresh, 200, 20);
            assertThat(fresh.keys("data/orders/")).hasSize(20);
        }
    }

    @Test
    void zombieIsStillFencedByTheHeadWriteAndKeepsAChunkTheNewOwnerListedInASegment(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        try (EngineRig zombie = rig(s3, new InMemoryCheckpointStore(ID), "old", 3);
                EngineRig owner = rig(s3, new InMemoryCheckpointStore(ID), "new", 3)) {
            zombie.engine.open(List.of(TP));
            zombie.engine.write(zombie.records(TP, 0, 30));
            zombie.engine.awaitIdle(Duration.ofSeconds(30));

            assertThat(owner.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 30L));
            owner.engine.write(owner.records(TP, 30, 80));
            owner.engine.awaitIdle(Duration.ofSeconds(30));
            String chunk30 = "data/orders/partition=0/orders+0+00000000000000000030+00000000000000000039.jsonl";
            PartitionManifest head = owner.coldScan().manifest(TP).orElseThrow();
            assertThat(head.lists(chunk30))
                    .as("moved into a segment by the new owner")
                    .isFalse();

            // the zombie still believes it owns the partition: it segments (meeting the same segment) and is
            // fenced by the conditional head write; its upload of 30-39 is the key the owner listed: kept
            zombie.engine.write(zombie.records(TP, 30, 40));
            zombie.engine.awaitIdle(Duration.ofSeconds(30));
            assertThatThrownBy(zombie.engine::committableOffsets)
                    .isInstanceOf(SinkFailure.class)
                    .hasMessageContaining("taken over by new");
            assertThat(owner.coldScan().manifest(TP).orElseThrow().owner()).isEqualTo("new");
            assertThat(owner.keys("data/orders/")).contains(chunk30).hasSize(8);
            assertExactlyOnce(owner, 80, 8);
        }
    }
}
