/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ManifestOp;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.manifest.PartitionState;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.s3sink.rotation.RotationPolicy;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.stage.StagedChunk;
import io.tidemark.s3sink.testing.EngineRig;
import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.s3sink.upload.ChunkUploader;
import io.tidemark.s3sink.upload.PreparedChunk;
import io.tidemark.stack.fault.FaultProxy;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SinkEngineTest {

    private static final StoreIdentity ID = new StoreIdentity("s3-sink-test", 1);
    private static final TopicPartitionId TP = new TopicPartitionId("orders", 0);
    private static final RotationPolicy EVERY_100 = new RotationPolicy(100, 0, 0, 0);

    @TempDir
    Path tmp;

    private S3Settings s3(TestInfo info) {
        String bucket = ("b-" + info.getTestMethod().orElseThrow().getName().toLowerCase()
                + info.getDisplayName().replaceAll("[^A-Za-z0-9]", "").toLowerCase());
        bucket = bucket.substring(0, Math.min(60, bucket.length()));
        return S3ProxyServer.shared().settings(bucket, ChecksumAlgorithm.SHA256);
    }

    private EngineRig rig(S3Settings s3, InMemoryCheckpointStore store, String name, Compression c) {
        return new EngineRig(s3, store, tmp.resolve(name), name, EVERY_100, c, 64L * 1024 * 1024);
    }

    /**
     * Records [from, to) staged as one chunk and recorded as pending, as an upload thread does before it
     * uploads; {@code uploaded}: the object also reached S3 (a crash then hit before the manifest write).
     */
    private static PreparedChunk pendingChunk(
            EngineRig rig, PartitionState state, long from, long to, boolean uploaded) {
        StagedChunk chunk = rig.local.open(TP, ChecksumAlgorithm.CRC32C);
        rig.records(TP, from, to).forEach(r -> chunk.append(r.offset(), r.timestamp(), r.bytes()));
        PreparedChunk prepared = rig.uploader.prepare(chunk.seal());
        rig.manifests.recordPending(state, prepared.entry());
        if (uploaded) {
            rig.remote.upload(
                    prepared.entry().key(), prepared.file(), prepared.entry().checksum(), WriteCondition.CREATE_ONLY);
        }
        return prepared;
    }

    @Test
    void commitsOnlyOffsetsOfChunksListedInTheManifest(TestInfo info) throws Exception {
        try (EngineRig r = rig(s3(info), new InMemoryCheckpointStore(ID), "w1", Compression.NONE)) {
            assertThat(r.engine.open(List.of(TP))).isEmpty();
            r.engine.write(r.records(TP, 0, 250));
            r.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 200L));
            ColdScan.Report report = r.coldScan().verify(TP);
            assertThat(report.chunks()).isEqualTo(2);
            assertThat(report.records()).isEqualTo(200);
            assertThat(report.exactlyOnceInOrder()).isTrue();
            assertThat(r.keys("data/orders/"))
                    .containsExactly(
                            "data/orders/partition=0/orders+0+00000000000000000000+00000000000000000099.jsonl",
                            "data/orders/partition=0/orders+0+00000000000000000100+00000000000000000199.jsonl");
        }
    }

    @Test
    void resumesFromTheManifestAfterACrashWithoutDuplicates(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        EngineRig first = rig(s3, store, "w1", Compression.GZIP);
        first.engine.open(List.of(TP));
        first.engine.write(first.records(TP, 0, 250));
        first.engine.awaitIdle(Duration.ofSeconds(30));
        first.crash();

        try (EngineRig second = rig(s3, InMemoryCheckpointStore.reopen(store, ID), "w1", Compression.GZIP)) {
            assertThat(second.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 200L));
            assertThat(second.engine.state(TP).orElseThrow().source()).isEqualTo(PartitionState.Source.LOCAL);
            // the consumer redelivers from 200, but a batch fetched before the seek may also arrive
            second.engine.write(second.records(TP, 150, 400));
            second.engine.awaitIdle(Duration.ofSeconds(30));
            ColdScan.Report report = second.coldScan().verify(TP);
            assertThat(report.records()).isEqualTo(400);
            assertThat(report.exactlyOnceInOrder()).isTrue();
        }
    }

    @Test
    void freshWorkerReadsTheManifestFromS3AndDeletesUnlistedUploads(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        try (EngineRig first = rig(s3, new InMemoryCheckpointStore(ID), "w1", Compression.NONE)) {
            first.engine.open(List.of(TP));
            first.engine.write(first.records(TP, 0, 200));
            first.engine.awaitIdle(Duration.ofSeconds(30));
        }
        // an upload the dead worker never listed
        String orphan = "data/orders/partition=0/orders+0+00000000000000000200+00000000000000000299.jsonl";
        try (RemoteStore raw = new RemoteStore(s3)) {
            raw.putBytes(orphan, "{}\n".getBytes(), WriteCondition.NONE);
        }
        try (EngineRig fresh = rig(s3, new InMemoryCheckpointStore(ID), "w2", Compression.NONE)) {
            assertThat(fresh.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 200L));
            assertThat(fresh.engine.state(TP).orElseThrow().source()).isEqualTo(PartitionState.Source.REMOTE);
            assertThat(fresh.keys("data/orders/")).doesNotContain(orphan).hasSize(2);
            assertThat(fresh.manifests.changeLog(TP))
                    .extracting(ManifestOp::type)
                    .contains(ManifestOp.Type.DELETE_ORPHAN);
        }
    }

    @Test
    void pendingChunkThatReachedS3IsFinishedOnOpenInsteadOfUploadedAgain(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        EngineRig first = rig(s3, store, "w1", Compression.NONE);
        first.engine.open(List.of(TP));
        first.engine.write(first.records(TP, 0, 100)); // chunk 0-99 listed
        first.engine.awaitIdle(Duration.ofSeconds(30));
        PartitionState state = first.engine.state(TP).orElseThrow();
        // crash between upload and manifest write
        PreparedChunk prepared = pendingChunk(first, state, 100, 150, true);
        first.crash();

        try (EngineRig second = rig(s3, InMemoryCheckpointStore.reopen(store, ID), "w1", Compression.NONE)) {
            assertThat(second.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 150L));
            assertThat(second.manifests.pending(TP)).isEmpty();
            assertThat(second.manifests.changeLog(TP))
                    .extracting(ManifestOp::type)
                    .contains(ManifestOp.Type.STAGE_PENDING, ManifestOp.Type.FINISH_PENDING);
            assertThat(second.coldScan().verify(TP).records()).isEqualTo(150);
        }
    }

    /**
     * Chunks of a partition upload concurrently and each records itself as pending on its upload
     * thread: a crash can leave a later chunk pending and complete in S3 while the chunk before it
     * never recorded itself. With nothing listed yet, nothing proves where the partition's first
     * chunk starts, so such a chunk is not listed: its records are consumed again, and the earlier
     * records are not skipped (before, the chunk was listed first and records 0-5 were lost).
     */
    @Test
    void aPendingChunkOfAnEmptyManifestIsNotListedBecauseAnEarlierChunkMayNeverHaveRecordedItself(TestInfo info)
            throws Exception {
        S3Settings s3 = s3(info);
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        EngineRig first = rig(s3, store, "w1", Compression.NONE);
        PartitionState state = first.manifests.open(TP);
        // chunk 0-5 was sealed but its upload thread had not started; chunk 6-9 is pending and in S3
        PreparedChunk prepared = pendingChunk(first, state, 6, 10, true);
        first.crash();

        try (EngineRig second = rig(s3, InMemoryCheckpointStore.reopen(store, ID), "w1", Compression.NONE)) {
            assertThat(second.engine.open(List.of(TP))).isEmpty(); // the consumer's position stands
            assertThat(second.coldScan().chunks(TP)).isEmpty();
            assertThat(second.keys("data/orders/"))
                    .doesNotContain(prepared.entry().key());
            second.engine.write(second.records(TP, 0, 100));
            second.engine.awaitIdle(Duration.ofSeconds(30));
            ColdScan.Report report = second.coldScan().verify(TP);
            assertThat(report.records()).isEqualTo(100);
            assertThat(report.exactlyOnceInOrder()).isTrue();
        }
    }

    @Test
    void pendingChunkThatNeverReachedS3IsDiscardedAndItsRecordsConsumedAgain(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        EngineRig first = rig(s3, store, "w1", Compression.NONE);
        PartitionState state = first.manifests.open(TP);
        PreparedChunk prepared = pendingChunk(first, state, 0, 50, false);
        first.crash();

        try (EngineRig second = rig(s3, InMemoryCheckpointStore.reopen(store, ID), "w1", Compression.NONE)) {
            assertThat(second.engine.open(List.of(TP))).isEmpty();
            assertThat(second.manifests.pending(TP)).isEmpty();
            assertThat(second.manifests.changeLog(TP))
                    .extracting(ManifestOp::type)
                    .contains(ManifestOp.Type.DISCARD_PENDING);
        }
    }

    @Test
    void corruptedStagedFileIsDetectedBeforeUploadAndItsRecordsAreConsumedAgain(TestInfo info) throws Exception {
        try (EngineRig r = rig(s3(info), new InMemoryCheckpointStore(ID), "w1", Compression.NONE)) {
            AtomicInteger corrupted = new AtomicInteger();
            r.uploader.beforeVerify(file -> {
                if (corrupted.getAndIncrement() == 0) {
                    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                        f.seek(10);
                        int b = f.read();
                        f.seek(10);
                        f.write(b ^ 0x20);
                    }
                }
            });
            r.engine.open(List.of(TP));
            r.engine.write(r.records(TP, 0, 150));
            r.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(r.keys("data/orders/")).isEmpty();
            // the next call notices the failed chunk and asks for the records again from offset 0
            r.engine.write(List.of());
            assertThat(r.engine.takeRewinds()).containsExactly(Map.entry(TP, 0L));
            // records from before the seek (above what was seen) are dropped, the replay is taken
            r.engine.write(r.records(TP, 150, 160));
            r.engine.write(r.records(TP, 0, 200));
            r.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 200L));
            ColdScan.Report report = r.coldScan().verify(TP);
            assertThat(report.records()).isEqualTo(200);
            assertThat(report.exactlyOnceInOrder()).isTrue();
        }
    }

    @Test
    void zombieWriterIsFencedByTheConditionalManifestWriteAndRemovesItsUpload(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        try (EngineRig zombie = rig(s3, new InMemoryCheckpointStore(ID), "old", Compression.NONE);
                EngineRig owner = rig(s3, new InMemoryCheckpointStore(ID), "new", Compression.NONE)) {
            zombie.engine.open(List.of(TP));
            zombie.engine.write(zombie.records(TP, 0, 100));
            zombie.engine.awaitIdle(Duration.ofSeconds(30));

            assertThat(owner.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 100L));
            owner.engine.write(owner.records(TP, 100, 250));
            owner.engine.awaitIdle(Duration.ofSeconds(30));

            zombie.engine.write(zombie.records(TP, 100, 170));
            zombie.engine.sealAll();
            zombie.engine.awaitIdle(Duration.ofSeconds(30));
            assertThatThrownBy(zombie.engine::committableOffsets)
                    .isInstanceOf(SinkFailure.class)
                    .hasMessageContaining("taken over by new");

            PartitionManifest m = owner.coldScan().manifest(TP).orElseThrow();
            assertThat(m.owner()).isEqualTo("new");
            assertThat(m.nextOffset()).isEqualTo(200);
            assertThat(owner.keys("data/orders/"))
                    .containsExactlyElementsOf(
                            m.chunks().stream().map(ChunkEntryRecord::key).toList());
            assertThat(owner.coldScan().verify(TP).exactlyOnceInOrder()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void chunksRoundTripThroughColdScanWithEveryCompression(Compression c, TestInfo info) throws Exception {
        try (EngineRig r = rig(s3(info), new InMemoryCheckpointStore(ID), "w1", c)) {
            r.engine.open(List.of(TP));
            r.engine.write(r.records(TP, 0, 300));
            r.engine.awaitIdle(Duration.ofSeconds(30));
            ColdScan.Report report = r.coldScan().verify(TP);
            assertThat(report.records()).isEqualTo(300);
            assertThat(report.firstOffset()).isZero();
            assertThat(report.lastOffset()).isEqualTo(299);
            assertThat(report.exactlyOnceInOrder()).isTrue();
            assertThat(r.keys("data/orders/")).allSatisfy(k -> assertThat(k).endsWith(".jsonl" + c.extension()));
        }
    }

    @Test
    void quotaReachedSealsOpenChunksAndFreesSpaceOnceUploaded(TestInfo info) throws Exception {
        S3Settings s3 = s3(info);
        List<TopicPartitionId> tps =
                List.of(new TopicPartitionId("q", 0), new TopicPartitionId("q", 1), new TopicPartitionId("q", 2));
        try (EngineRig r = new EngineRig(
                s3,
                new InMemoryCheckpointStore(ID),
                tmp.resolve("q"),
                "q",
                new RotationPolicy(1_000_000, 0, 0, 0),
                Compression.NONE,
                20_000)) {
            r.engine.open(tps);
            for (TopicPartitionId tp : tps) {
                r.engine.write(r.records(tp, 0, 100));
            }
            assertThat(r.engine.overQuota()).isTrue();
            r.engine.tick(System.currentTimeMillis());
            r.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(r.engine.belowResumeMark()).isTrue();
            long listed = 0;
            for (TopicPartitionId tp : tps) {
                listed += r.coldScan().verify(tp).records();
            }
            assertThat(listed).isGreaterThan(0);
        }
    }

    private static final String KEY_0_99 =
            "data/orders/partition=0/orders+0+00000000000000000000+00000000000000000099.jsonl";
    private static final String KEY_100_199 =
            "data/orders/partition=0/orders+0+00000000000000000100+00000000000000000199.jsonl";

    /** Holds chunk 0-99 before its verification until the chunk after it is in S3 (once). */
    private static ChunkUploader.BeforeVerify holdFirstUntilUploaded(
            EngineRig r, String key, AtomicInteger calls, AtomicInteger sawOverlap, boolean corruptFirst) {
        return file -> {
            // only the first time chunk 0-99 is verified (the two chunks' verifications race on the pool)
            String head;
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                head = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (!head.contains("\"offset\":0,") || calls.getAndIncrement() != 0) {
                return;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (r.remote.head(key).isPresent()) {
                    // the later chunk is uploaded, but must not be listed before this one
                    if (r.manifests.readRemote(TP).orElseThrow().nextOffset() < 0) {
                        sawOverlap.incrementAndGet();
                    }
                    break;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (corruptFirst) {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.seek(10);
                    int b = f.read();
                    f.seek(10);
                    f.write(b ^ 0x20);
                }
            }
        };
    }

    @Test
    void laterChunksOfAPartitionUploadWhileAnEarlierOneIsInFlightButAreListedStrictlyInOrder(TestInfo info)
            throws Exception {
        try (EngineRig r = rig(s3(info), new InMemoryCheckpointStore(ID), "w1", Compression.NONE)) {
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger overlap = new AtomicInteger();
            r.uploader.beforeVerify(holdFirstUntilUploaded(r, KEY_100_199, calls, overlap, false));
            r.engine.open(List.of(TP));
            r.engine.write(r.records(TP, 0, 200));
            r.engine.awaitIdle(Duration.ofSeconds(60));
            assertThat(overlap.get())
                    .as("chunk 100-199 uploaded while chunk 0-99 was still being verified")
                    .isOne();
            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 200L));
            assertThat(r.manifests.changeLog(TP))
                    .filteredOn(o -> o.type() == ManifestOp.Type.ADD_CHUNK)
                    .extracting(ManifestOp::startOffset)
                    .containsExactly(0L, 100L);
            assertThat(r.coldScan().verify(TP).exactlyOnceInOrder()).isTrue();
        }
    }

    @Test
    void aFailedChunkKeepsTheLaterUploadedChunksUnlistedAndTheReplayReusesThem(TestInfo info) throws Exception {
        try (EngineRig r = rig(s3(info), new InMemoryCheckpointStore(ID), "w1", Compression.NONE)) {
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger overlap = new AtomicInteger();
            r.uploader.beforeVerify(holdFirstUntilUploaded(r, KEY_100_199, calls, overlap, true));
            r.engine.open(List.of(TP));
            r.engine.write(r.records(TP, 0, 200));
            r.engine.awaitIdle(Duration.ofSeconds(60));
            assertThat(overlap.get()).isOne();
            // chunk 0-99 failed its verification: 100-199 is in S3 but never listed past the gap
            assertThat(r.manifests.readRemote(TP).orElseThrow().chunks()).isEmpty();
            assertThat(r.keys("data/orders/")).containsExactly(KEY_100_199);
            r.engine.write(List.of());
            assertThat(r.engine.takeRewinds()).containsExactly(Map.entry(TP, 0L));
            r.engine.write(r.records(TP, 0, 200));
            r.engine.awaitIdle(Duration.ofSeconds(60));
            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 200L));
            assertThat(r.keys("data/orders/")).containsExactly(KEY_0_99, KEY_100_199);
            ColdScan.Report report = r.coldScan().verify(TP);
            assertThat(report.records()).isEqualTo(200);
            assertThat(report.exactlyOnceInOrder()).isTrue();
        }
    }

    @Test
    void aChunkGivenUpAfterItsUploadLandedIsDeletedOnceTheReplayListsItsOffsetsInOtherChunks(TestInfo info)
            throws Exception {
        S3Settings direct = s3(info);
        try (FaultProxy proxy =
                        FaultProxy.tcp("s3", S3ProxyServer.shared().endpoint().getPort());
                EngineRig r = rig(
                        S3ProxyServer.shared().settings(direct.bucket(), ChecksumAlgorithm.SHA256, proxy.httpUrl()),
                        new InMemoryCheckpointStore(ID),
                        "w1",
                        Compression.NONE)) {
            // S3 goes away right after chunk 0-99 is in the bucket, before the manifest lists it
            AtomicBoolean cut = new AtomicBoolean(true);
            r.uploader.afterUpload(key -> {
                if (cut.getAndSet(false)) {
                    proxy.resetConnections(true);
                    proxy.resetOpenConnections();
                }
            });
            r.engine.open(List.of(TP));
            r.engine.write(r.records(TP, 0, 100));
            r.engine.awaitIdle(Duration.ofSeconds(60));
            proxy.heal();
            assertThat(r.keys("data/orders/")).as("the upload landed").containsExactly(KEY_0_99);
            assertThat(r.manifests.readRemote(TP).orElseThrow().chunks())
                    .as("its listing failed")
                    .isEmpty();
            r.engine.write(List.of());
            assertThat(r.engine.takeRewinds()).containsExactly(Map.entry(TP, 0L));

            // the replay seals at other boundaries (a flush after 50 records): 0-49, 50-149, 150-249
            r.engine.write(r.records(TP, 0, 50));
            r.engine.sealAll();
            r.engine.write(r.records(TP, 50, 250));
            r.engine.awaitIdle(Duration.ofSeconds(60));

            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 250L));
            List<String> listed =
                    r.coldScan().chunks(TP).stream().map(ChunkEntryRecord::key).toList();
            assertThat(listed).hasSize(3).doesNotContain(KEY_0_99);
            assertThat(r.keys("data/"))
                    .as("every object under the prefix but the manifests is listed by a manifest")
                    .filteredOn(k -> !k.startsWith(r.layout.manifestPrefix()))
                    .containsExactlyElementsOf(listed);
            assertThat(r.manifests.pending(TP)).isEmpty();
            ColdScan.Report report = r.coldScan().verify(TP);
            assertThat(report.records()).isEqualTo(250);
            assertThat(report.exactlyOnceInOrder()).isTrue();
        }
    }

    @Test
    void aFencedWriterDeletesItsPipelinedUploadsTheNewOwnerPassedButKeepsTheKeysTheOwnerLists(TestInfo info)
            throws Exception {
        S3Settings s3 = s3(info);
        try (EngineRig zombie = rig(s3, new InMemoryCheckpointStore(ID), "old", Compression.NONE);
                EngineRig owner = rig(s3, new InMemoryCheckpointStore(ID), "new", Compression.NONE)) {
            zombie.engine.open(List.of(TP));
            zombie.engine.write(zombie.records(TP, 0, 100));
            zombie.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(owner.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 100L));
            owner.engine.write(owner.records(TP, 100, 400));
            owner.engine.awaitIdle(Duration.ofSeconds(30));

            // the zombie seals 100-199, 200-299 (the owner's keys) and 300-349 (its own); 100-199 is
            // held until 300-349 is in S3, so all three are uploaded before the first is fenced
            String key300 = zombie.layout.chunkKey(TP, 300, 349);
            AtomicInteger calls = new AtomicInteger();
            zombie.uploader.beforeVerify(file -> {
                String head;
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                    head = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8);
                }
                if (!head.contains("\"offset\":100,") || calls.getAndIncrement() != 0) {
                    return;
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (zombie.remote.head(key300).isEmpty() && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            zombie.engine.write(zombie.records(TP, 100, 350));
            zombie.engine.sealAll();
            zombie.engine.awaitIdle(Duration.ofSeconds(60));
            assertThatThrownBy(zombie.engine::committableOffsets)
                    .isInstanceOf(SinkFailure.class)
                    .hasMessageContaining("taken over by new");

            PartitionManifest m = owner.coldScan().manifest(TP).orElseThrow();
            assertThat(m.nextOffset()).isEqualTo(400);
            assertThat(owner.keys("data/orders/"))
                    .as("the zombie's 300-349 is gone, the owner's keys it met stay")
                    .doesNotContain(key300)
                    .containsExactlyElementsOf(
                            m.chunks().stream().map(ChunkEntryRecord::key).toList());
            assertThat(owner.coldScan().verify(TP).records()).isEqualTo(400);
            assertThat(owner.coldScan().verify(TP).exactlyOnceInOrder()).isTrue();
        }
    }
}
