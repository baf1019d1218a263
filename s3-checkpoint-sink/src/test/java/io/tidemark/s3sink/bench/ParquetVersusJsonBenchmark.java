/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.S3CheckpointSinkConfig;
import io.tidemark.s3sink.connect.SinkGraph;
import io.tidemark.s3sink.connect.SinkRecordEncoder;
import io.tidemark.s3sink.connect.SinkTaskFactory;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.ParquetRecordFormat;
import io.tidemark.s3sink.format.RecordFormat;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.pipeline.EncodedRecord;
import io.tidemark.s3sink.pipeline.SinkEngine;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.rotation.RotationPolicy;
import io.tidemark.s3sink.stage.LocalStore;
import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.Durability;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * format.type=json versus format.type=parquet, side by side, interleaved round by round in one JVM,
 * into the same s3proxy: the same Connect records (a Struct value of four fields with a string key,
 * as a converter with schemas delivers them; values from a pool built before the clock starts)
 * through the task's {@link SinkRecordEncoder}, the engine wired by {@link SinkTaskFactory#assemble}
 * (staging with a running CRC32C, verification, CRC32C object checksum, If-None-Match PUT, manifest
 * commit on an LMDB store with sync durability), 4 upload threads; for Parquet each sealed chunk is
 * converted on an upload thread. Same chunk boundaries (chunk.max.records), same compression (the
 * {@code bench.compression} property, default none). Reported per side: records/s, MB/s of the
 * records' JSON envelope size (the same numerator for both sides), the bytes uploaded, and the CPU
 * of this JVM per record. Run (from the repository root): mvn -B -pl s3-checkpoint-sink -am test
 * -Psoak -Dtest=ParquetVersusJsonBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.records=N] [-Dbench.rounds=R] [-Dbench.compression=zstd].
 */
@Tag("soak")
class ParquetVersusJsonBenchmark {

    private static final int PARTITIONS = 4;
    private static final int RECORDS = Integer.getInteger("bench.records", 400_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final long CHUNK_RECORDS = Long.getLong("bench.chunk.records", 25_000L);
    private static final Compression COMPRESSION =
            Compression.valueOf(System.getProperty("bench.compression", "none").toUpperCase(Locale.ROOT));
    private static final int INPUT_POOL = 50_000;

    private static final Schema VALUE = SchemaBuilder.struct()
            .name("OrderLine")
            .field("id", Schema.INT64_SCHEMA)
            .field("customer", Schema.STRING_SCHEMA)
            .field("amount", Schema.FLOAT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @TempDir
    Path tmp;

    private record Side(
            String format, long records, long jsonBytes, long objectBytes, int chunks, double sec, double cpu) {
        String line() {
            return String.format(
                    Locale.ROOT,
                    "%-7s %8.0f records/s  %6.1f MB/s  %7.2f us CPU/record  %7.1f MB uploaded in %d chunks  (%.2f s,"
                            + " CPU %.2f s)",
                    format,
                    records / sec,
                    jsonBytes / 1e6 / sec,
                    cpu * 1e6 / records,
                    objectBytes / 1e6,
                    chunks,
                    sec,
                    cpu);
        }
    }

    @Test
    void parquetVersusJsonOfTheSameRecords() throws Exception {
        S3Settings s3 = S3ProxyServer.fullSpeed().settings("bench-parquet", ChecksumAlgorithm.CRC32C);
        String[] keys = new String[INPUT_POOL];
        Struct[] values = new Struct[INPUT_POOL];
        for (int i = 0; i < INPUT_POOL; i++) {
            keys[i] = "k" + i;
            values[i] = new Struct(VALUE)
                    .put("id", (long) i)
                    .put("customer", "customer-" + (i % 977))
                    .put("amount", i * 0.25)
                    .put("note", "order line " + i + " of the benchmark data set");
        }
        run(s3, "warm-json", json(), RECORDS / 10, keys, values);
        run(s3, "warm-parquet", parquet(), RECORDS / 10, keys, values);
        List<Side[]> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            // alternate which side goes first, so neither always runs on a warmer JVM
            Side a;
            Side b;
            if (r % 2 == 0) {
                a = run(s3, "r" + r + "-json", json(), RECORDS, keys, values);
                b = run(s3, "r" + r + "-parquet", parquet(), RECORDS, keys, values);
            } else {
                b = run(s3, "r" + r + "-parquet", parquet(), RECORDS, keys, values);
                a = run(s3, "r" + r + "-json", json(), RECORDS, keys, values);
            }
            rounds.add(new Side[] {a, b});
        }
        System.out.printf(
                Locale.ROOT,
                "%n=== JSON vs Parquet into s3proxy (%d records per side, %d partitions, chunks of %d records,"
                        + " compression %s, 4 upload threads, %d interleaved rounds) ===%n",
                RECORDS,
                PARTITIONS,
                CHUNK_RECORDS,
                COMPRESSION.name().toLowerCase(Locale.ROOT),
                ROUNDS);
        for (int r = 0; r < rounds.size(); r++) {
            Side[] s = rounds.get(r);
            System.out.printf(Locale.ROOT, "[r%d] %s%n[r%d] %s%n", r, s[0].line(), r, s[1].line());
            System.out.printf(
                    Locale.ROOT,
                    "[r%d] parquet/json: throughput %.0f%%, CPU per record %.0f%%, bytes uploaded %.0f%%%n",
                    r,
                    100 * s[0].sec / s[1].sec,
                    100 * s[1].cpu / s[0].cpu,
                    100.0 * s[1].objectBytes / s[0].objectBytes);
        }
        System.out.printf(
                Locale.ROOT,
                "load average at the end: %.2f (%d cores)%n%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Heap retained per open chunk, JSON and Parquet: 1,000 partitions, one record staged in each, used
     * heap after full GCs before and after. Parquet stages like JSON (no writer per open chunk).
     */
    @Test
    void heapPerOpenChunk() throws Exception {
        S3Settings s3 = S3ProxyServer.fullSpeed().settings("bench-heap", ChecksumAlgorithm.CRC32C);
        String[] keys = {"k"};
        Struct[] values = {new Struct(VALUE).put("id", 1L).put("customer", "c").put("amount", 1.0)};
        int n = 0;
        for (RecordFormat format : List.of(parquet(), json(), parquet())) {
            String tag = "heap-" + (format instanceof ParquetRecordFormat ? "parquet" : "json") + "-" + n++;
            LmdbCheckpointStore store = LmdbCheckpointStore.open(
                    tmp.resolve(tag + "-store"),
                    new StoreIdentity("bench", 1),
                    LmdbStoreOptions.defaults().withDurability(Durability.SYNC_EACH_COMMIT));
            try (SinkGraph graph = graph(s3, store, tag, format)) {
                List<TopicPartitionId> tps = new ArrayList<>();
                for (int p = 0; p < 1000; p++) {
                    tps.add(new TopicPartitionId("heap" + n, p));
                }
                graph.engine().open(tps);
                SinkRecordEncoder encoder = new SinkRecordEncoder(format);
                encoder.encode(new SinkRecord("heap" + n, 0, Schema.STRING_SCHEMA, "k", VALUE, values[0], 0));
                long before = usedHeap();
                List<EncodedRecord> batch = new ArrayList<>();
                for (int p = 0; p < 1000; p++) {
                    batch.add(encoder.encode(
                            new SinkRecord("heap" + n, p, Schema.STRING_SCHEMA, keys[0], VALUE, values[0], 0)));
                }
                graph.engine().write(batch);
                batch = null;
                long after = usedHeap();
                System.out.printf(
                        Locale.ROOT,
                        "%s: heap per open chunk %.1f KiB (1,000 open chunks: %.1f MiB; stage.buffer.bytes 16 KiB;"
                                + " used heap %d -> %d bytes)%n",
                        tag,
                        (after - before) / 1000 / 1024.0,
                        (after - before) / 1048576.0,
                        before,
                        after);
            } finally {
                store.close();
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private SinkGraph graph(S3Settings s3, LmdbCheckpointStore store, String tag, RecordFormat format) {
        ObjectLayout layout =
                new ObjectLayout("data", ObjectLayout.DEFAULT_TEMPLATE, format.objectExtension(COMPRESSION));
        return SinkTaskFactory.assemble(
                store,
                new LocalStore(tmp.resolve(tag), 8L << 30, 16 * 1024),
                new RemoteStore(s3),
                new SinkTaskFactory.GraphOptions(
                        layout,
                        tag,
                        1000,
                        CorruptRecordPolicy.TREAT_AS_MISSING,
                        1000,
                        COMPRESSION,
                        -1,
                        ChecksumAlgorithm.CRC32C,
                        new RotationPolicy(CHUNK_RECORDS, 0, 0, 0),
                        new SinkEngine.Settings(
                                SinkTaskFactory.STAGED_INTEGRITY,
                                false,
                                Duration.ofSeconds(30),
                                SinkEngine.DEFAULT_MAX_CONSECUTIVE_REWINDS),
                        4,
                        tag,
                        format.transcoder()));
    }

    private static RecordFormat json() {
        return new JsonLinesEnvelopeFormat();
    }

    private static RecordFormat parquet() {
        return new ParquetRecordFormat(
                ParquetRecordFormat.Schemaless.FAIL,
                COMPRESSION,
                -1,
                S3CheckpointSinkConfig.PARQUET_ROW_GROUP_BYTES_DEFAULT);
    }

    private Side run(S3Settings s3, String tag, RecordFormat format, int records, String[] keys, Struct[] values)
            throws Exception {
        String topic = "bench-" + tag;
        List<TopicPartitionId> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartitionId(topic, p));
        }
        boolean isParquet = format instanceof ParquetRecordFormat;
        SinkRecordEncoder encoder = new SinkRecordEncoder(format);
        SinkRecordEncoder jsonSize = new SinkRecordEncoder(new JsonLinesEnvelopeFormat());
        long jsonBytes = 0;
        for (int i = 0; i < Math.min(records, INPUT_POOL); i++) {
            jsonBytes += jsonSize.encode(record(topic, i, keys, values)).bytes().length;
        }
        jsonBytes = jsonBytes * records / Math.min(records, INPUT_POOL);
        LmdbCheckpointStore store = LmdbCheckpointStore.open(
                tmp.resolve(tag + "-store"),
                new StoreIdentity("bench", 1),
                LmdbStoreOptions.defaults().withDurability(Durability.SYNC_EACH_COMMIT));
        SinkGraph graph = graph(s3, store, tag, format);
        try {
            SinkEngine engine = graph.engine();
            engine.open(tps);
            System.gc();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            List<EncodedRecord> batch = new ArrayList<>(500);
            for (int i = 0; i < records; i++) {
                batch.add(encoder.encode(record(topic, i, keys, values)));
                if (batch.size() == 500) {
                    engine.write(batch);
                    batch = new ArrayList<>(500);
                }
            }
            engine.write(batch);
            engine.sealAll();
            engine.awaitIdle(Duration.ofMinutes(10));
            double sec = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            List<ChunkEntryRecord> chunks = new ArrayList<>();
            for (TopicPartitionId tp : tps) {
                chunks.addAll(engine.state(tp).orElseThrow().manifest().chunks());
            }
            assertThat(chunks.stream().mapToLong(ChunkEntryRecord::recordCount).sum())
                    .isEqualTo(records);
            long objectBytes =
                    chunks.stream().mapToLong(ChunkEntryRecord::bytes).sum();
            return new Side(isParquet ? "parquet" : "json", records, jsonBytes, objectBytes, chunks.size(), sec, cpu);
        } finally {
            graph.close();
            store.close();
        }
    }

    private static SinkRecord record(String topic, int i, String[] keys, Struct[] values) {
        int j = i % INPUT_POOL;
        return new SinkRecord(
                topic,
                i % PARTITIONS,
                Schema.STRING_SCHEMA,
                keys[j],
                VALUE,
                values[j],
                i / PARTITIONS,
                1_700_000_000_000L + i,
                TimestampType.CREATE_TIME);
    }
}
