/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.Datum;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.KeyTemplate;
import io.tidemark.s3sink.manifest.ManifestWriter;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.s3sink.rotation.RotationPolicy;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.testing.EngineRig;
import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with record-time variables in the key template: a chunk holds the records of one
 * path (a record of another path seals it), its key carries the path, and a replay after a crash
 * builds the same chunks under the same keys.
 */
class PartitionedKeysEngineTest {

    private static final StoreIdentity ID = new StoreIdentity("s3-sink-test", 1);
    private static final TopicPartitionId TP = new TopicPartitionId("orders", 0);
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static final String TEMPLATE = "${topic}/dt=${yyyy}-${MM}-${dd}/hour=${HH}/${topic}+${partition}+${start}+${end}";
    /** 2026-03-31 23:40 in Kolkata (18:10 UTC): records cross hours and the day at midnight. */
    private static final long BASE =
            ZonedDateTime.of(2026, 3, 31, 23, 40, 0, 0, KOLKATA).toInstant().toEpochMilli();

    private static final Pattern PATH =
            Pattern.compile("^data/orders/dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/orders\\+0\\+");

    @TempDir
    Path tmp;

    private final JsonLinesEnvelopeFormat format = new JsonLinesEnvelopeFormat();
    private final KeyTemplate template = KeyTemplate.parse(TEMPLATE);

    private S3Settings s3(TestInfo info, String suffix) {
        String bucket = ("p-" + info.getTestMethod().orElseThrow().getName().toLowerCase() + suffix);
        bucket = bucket.substring(Math.max(0, bucket.length() - 60));
        return S3ProxyServer.shared().settings(bucket, ChecksumAlgorithm.CRC32C);
    }

    private EngineRig rig(S3Settings s3, InMemoryCheckpointStore store, String name, long maxRecords) {
        return new EngineRig(
                s3,
                store,
                tmp.resolve(name),
                name,
                new RotationPolicy(maxRecords, 0, 0, 0),
                Compression.NONE,
                64L * 1024 * 1024,
                4096,
                ManifestWriter.DEFAULT_SEGMENT_MAX_ENTRIES,
                TEMPLATE);
    }

    /** Record {@code o}: one minute apart, and every 7th record 90 minutes late (an earlier hour). */
    static long timestamp(long o) {
        long t = BASE + o * 60_000L;
        return o % 7 == 6 ? t - 90 * 60_000L : t;
    }

    private List<EncodedRecord> records(long from, long to) {
        List<EncodedRecord> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            long ts = timestamp(o);
            EnvelopeRecord r = new EnvelopeRecord(
                    TP.topic(),
                    TP.partition(),
                    o,
                    ts,
                    "CreateTime",
                    Datum.NULL,
                    Datum.ofJson(TextNode.valueOf("v" + o)),
                    List.of());
            String path = template.resolve(Instant.ofEpochMilli(ts).atZone(KOLKATA), v -> {
                throw new AssertionError(v);
            });
            out.add(new EncodedRecord(TP, o, ts, format.encode(r), path));
        }
        return out;
    }

    private static String expectedPath(long offset) {
        ZonedDateTime t = Instant.ofEpochMilli(timestamp(offset)).atZone(KOLKATA);
        return t.format(DateTimeFormatter.ofPattern("uuuu-MM-dd")) + "/" + t.format(DateTimeFormatter.ofPattern("HH"));
    }

    @Test
    void sealsAChunkWhereTheKeyPathChangesSoEveryRecordLiesUnderItsOwnHour(TestInfo info) throws Exception {
        try (EngineRig r = rig(s3(info, ""), new InMemoryCheckpointStore(ID), "w1", 1000)) {
            r.engine.open(List.of(TP));
            r.engine.write(records(0, 300));
            r.engine.sealAll();
            r.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 300L));
            ColdScan scan = r.coldScan();
            assertThat(scan.verify(TP).exactlyOnceInOrder()).isTrue();
            assertThat(scan.verify(TP).records()).isEqualTo(300);
            List<ChunkEntryRecord> chunks = scan.chunks(TP);
            // 300 minutes from 23:40 cross six hours and midnight; every 7th record is late and
            // alternates into an earlier hour: each switch is a chunk boundary
            assertThat(chunks.size()).isGreaterThan(50);
            for (ChunkEntryRecord c : chunks) {
                Matcher m = PATH.matcher(c.key());
                assertThat(m.find()).as(c.key()).isTrue();
                for (long o = c.startOffset(); o <= c.endOffset(); o++) {
                    assertThat(m.group(1) + "/" + m.group(2))
                            .as("offset %d in %s", o, c.key())
                            .isEqualTo(expectedPath(o));
                }
            }
            assertThat(chunks).anySatisfy(c -> assertThat(c.key()).contains("dt=2026-03-31/hour=23/"));
            assertThat(chunks).anySatisfy(c -> assertThat(c.key()).contains("dt=2026-04-01/hour=00/"));
            // the bucket holds exactly the listed chunks
            assertThat(r.keys("data/orders/"))
                    .containsExactlyInAnyOrderElementsOf(
                            chunks.stream().map(ChunkEntryRecord::key).toList());
        }
    }

    @Test
    void replayAfterACrashBuildsTheSameChunksUnderTheSameKeys(TestInfo info) throws Exception {
        List<String> reference;
        try (EngineRig r = rig(s3(info, "-ref"), new InMemoryCheckpointStore(ID), "ref", 25)) {
            r.engine.open(List.of(TP));
            r.engine.write(records(0, 400));
            r.engine.sealAll();
            r.engine.awaitIdle(Duration.ofSeconds(30));
            // throws the failure of any chunk that was not written, instead of a shorter reference
            assertThat(r.engine.committableOffsets()).containsExactly(Map.entry(TP, 400L));
            reference =
                    r.coldScan().chunks(TP).stream().map(ChunkEntryRecord::key).toList();
        }
        S3Settings s3 = s3(info, "-crash");
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        EngineRig first = rig(s3, store, "w1", 25);
        first.engine.open(List.of(TP));
        first.engine.write(records(0, 230));
        first.crash(); // uploads in flight are cut off, the open chunk is lost
        try (EngineRig second = rig(s3, InMemoryCheckpointStore.reopen(store, ID), "w1", 25)) {
            long from = second.engine.open(List.of(TP)).getOrDefault(TP, 0L);
            assertThat(from).isLessThanOrEqualTo(230);
            second.engine.write(records(Math.max(0, from - 40), 400)); // redelivery overlaps the manifest
            second.engine.sealAll();
            second.engine.awaitIdle(Duration.ofSeconds(30));
            assertThat(second.engine.committableOffsets()).containsExactly(Map.entry(TP, 400L));
            List<String> keys = second.coldScan().chunks(TP).stream()
                    .map(ChunkEntryRecord::key)
                    .toList();
            assertThat(keys).isEqualTo(reference); // same prefix "data" in both buckets
            assertThat(second.keys("data/orders/")).containsExactlyInAnyOrderElementsOf(reference);
        }
    }

    @Test
    void freshWorkerDeletesAnUnlistedUploadInTheLastChunksPath(TestInfo info) throws Exception {
        S3Settings s3 = s3(info, "");
        String last;
        try (EngineRig first = rig(s3, new InMemoryCheckpointStore(ID), "w1", 1000)) {
            first.engine.open(List.of(TP));
            first.engine.write(records(0, 20));
            first.engine.sealAll();
            first.engine.awaitIdle(Duration.ofSeconds(30));
            last = first.coldScan()
                    .chunks(TP)
                    .get(first.coldScan().chunks(TP).size() - 1)
                    .key();
        }
        // an upload of a dead worker whose local store is gone: same path as the last listed chunk
        String dir = last.substring(0, last.lastIndexOf('/') + 1);
        String orphan = dir + "orders+0+00000000000000000020+00000000000000000029.jsonl";
        String otherPartition = dir + "orders+1+00000000000000000020+00000000000000000029.jsonl";
        try (RemoteStore raw = new RemoteStore(s3)) {
            raw.putBytes(orphan, "{}\n".getBytes(), WriteCondition.NONE);
            raw.putBytes(otherPartition, "{}\n".getBytes(), WriteCondition.NONE);
        }
        try (EngineRig fresh = rig(s3, new InMemoryCheckpointStore(ID), "w2", 1000)) {
            assertThat(fresh.engine.open(List.of(TP))).containsExactly(Map.entry(TP, 20L));
            assertThat(fresh.keys("data/orders/")).doesNotContain(orphan).contains(last, otherPartition);
        }
    }
}
