/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.S3CheckpointSinkConfig;
import io.tidemark.s3sink.connect.SinkRecordEncoder;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.pipeline.EncodedRecord;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.rotation.RotationPolicy;
import io.tidemark.s3sink.testing.EngineRig;
import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.store.Durability;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Side by side, interleaved round by round in one JVM, into the same s3proxy:
 *
 * <ul>
 *   <li><b>ours</b>: Connect records (schemaless map values and string keys, as JsonConverter with
 *       schemas.enable=false delivers them; keys and values from a pool built before the clock starts,
 *       the SinkRecord per offset created inside the timed loop) through the task's
 *       {@link SinkRecordEncoder} (JSON envelope), the engine with the connector's default chunk
 *       sizing, scratch quota and staging buffer (staging to disk with a running CRC32C, sealing at
 *       chunk.max.records / chunk.max.bytes, re-reading each staged file to verify it, CRC32C object
 *       checksum, pending entry, If-None-Match PUT with the CRC32C header, If-Match manifest PUT,
 *       local catalog commit) on an LMDB store with sync durability (the connector's default),
 *       4 upload threads plus the calling thread;</li>
 *   <li><b>raw</b>: AWS SDK PUTs of the same bytes (read back from S3 into memory before the clock
 *       starts), in the same object sizes, each with its CRC32C computed and sent in the same
 *       header, on 4 threads, with the same S3 client.</li>
 * </ul>
 *
 * Both use single PUTs (chunks stay below the multipart threshold of the connector's defaults).
 * The record count is chosen so that each partition seals {@code bench.chunks} (default 4) full chunks
 * at the default chunk.max.records, so the harness measures steady-state throughput (staging chunk
 * N+1 while chunk N uploads), not the latency of one chunk sealed by the last record.
 * Run (from the repository root): mvn -B -o -pl s3-checkpoint-sink -am test -Psoak
 * -Dtest=SinkThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.chunks=C]
 * [-Dbench.records=N] [-Dbench.rounds=R]. s3proxy runs with the JVM's default JIT and GC
 * ({@link S3ProxyServer#fullSpeed()}); each side also reports the CPU it used (this JVM, its calling
 * thread, the s3proxy process) and GC pause time.
 */
@Tag("soak")
class SinkThroughputBenchmark {

    private static final int PARTITIONS = 4;
    /** Chunks each partition seals at the connector's default chunk.max.records (steady state, not one chunk's latency). */
    private static final int CHUNKS_PER_PARTITION = Integer.getInteger("bench.chunks", 4);

    private static final int RECORDS = Integer.getInteger("bench.records", (int)
            (PARTITIONS * CHUNKS_PER_PARTITION * defaultOf(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG, Long.class)));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int THREADS = 4;
    /** Distinct keys/values built before the clock starts and reused cyclically. */
    private static final int INPUT_POOL = 100_000;

    @TempDir
    Path tmp;

    @Test
    void oursVersusRawSdkUploadOfTheSameBytes() throws Exception {
        S3ProxyServer srv = S3ProxyServer.fullSpeed();
        S3Settings shared = srv.settings("bench", ChecksumAlgorithm.CRC32C);
        // the connector's defaults for parts (16 MiB) and the multipart threshold (32 MiB)
        S3Settings s3 = new S3Settings(
                shared.bucket(),
                shared.region(),
                shared.endpoint(),
                true,
                shared.accessKeyId(),
                shared.secretAccessKey(),
                S3Settings.SseType.NONE,
                null,
                16L << 20,
                32L << 20,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(500)),
                Duration.ofSeconds(30),
                16);
        // warm-up of both paths: a smaller identical round
        round(s3, RECORDS / 10, "warm");
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            results.add(round(s3, RECORDS, "r" + i));
        }
        Result first = results.get(0);
        System.out.printf(
                Locale.ROOT,
                "%n=== S3 checkpoint sink throughput into s3proxy (%d records, %.1f MB,"
                        + " %d partitions, %d chunks of up to %d records, %d upload threads, CRC32C, no compression,"
                        + " %d interleaved rounds) ===%n",
                RECORDS,
                first.bytes / 1e6,
                PARTITIONS,
                first.chunks,
                defaultOf(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG, Long.class),
                THREADS,
                ROUNDS);
        List<Double> ratios = new ArrayList<>();
        for (Result r : results) {
            double ratio = r.rawSec / r.oursSec;
            ratios.add(ratio);
            System.out.printf(
                    Locale.ROOT,
                    "[%s] ours: %.1f MB/s, %.0f records/s (%.2f s; encode+stage %.2f s) |"
                            + " raw SDK PUT: %.1f MB/s, %.0f records/s (%.2f s) | ours/raw %.0f%%%n",
                    r.tag,
                    r.bytes / 1e6 / r.oursSec,
                    r.records / r.oursSec,
                    r.oursSec,
                    r.stageSec,
                    r.bytes / 1e6 / r.rawSec,
                    r.records / r.rawSec,
                    r.rawSec,
                    100 * ratio);
            System.out.printf(
                    Locale.ROOT,
                    "[%s]   ours %s | raw %s | ours/raw CPU %.0f%%%n",
                    r.tag,
                    r.oursCpu,
                    r.rawCpu,
                    100 * r.rawCpu.total() / r.oursCpu.total());
        }
        ratios.sort(Double::compare);
        System.out.printf(Locale.ROOT, "median ratio ours/raw: %.0f%%%n", 100 * ratios.get(ratios.size() / 2));
        System.out.printf(
                Locale.ROOT,
                "load average at the end: %.2f (%d cores)%n%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        assertThat(results).allSatisfy(r -> assertThat(r.oursSec).isPositive());
    }

    private static <T> T defaultOf(String name, Class<T> type) {
        return type.cast(S3CheckpointSinkConfig.CONFIG_DEF.configKeys().get(name).defaultValue);
    }

    /**
     * Before each clock starts: a full GC, so that the pre-built keys/values or the raw payloads sit
     * in the old generation instead of being copied by young collections while the clock runs.
     */
    private static void settleHeap() {
        System.gc();
        System.gc();
    }

    private record Result(
            String tag,
            long records,
            int chunks,
            long bytes,
            double oursSec,
            double stageSec,
            double rawSec,
            Cpu oursCpu,
            Cpu rawCpu) {}

    /** CPU seconds used while one side's clock ran: this JVM, its calling (task) thread, the s3proxy process. */
    private record Cpu(double jvm, double taskThread, double otherJavaThreads, double s3proxy, double gcPauses) {
        double total() {
            return jvm + s3proxy;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "CPU %.2f s = JVM %.2f (calling thread %.2f, other Java threads %.2f,"
                            + " GC/JIT/VM threads %.2f; GC pauses %.2f s wall) + s3proxy %.2f",
                    total(),
                    jvm,
                    taskThread,
                    otherJavaThreads,
                    jvm - taskThread - otherJavaThreads,
                    gcPauses,
                    s3proxy);
        }
    }

    /** Starts CPU accounting; {@link CpuMeter#stop()} returns what was used since. */
    private static final class CpuMeter {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long jvm0 = os.getProcessCpuTime();
        private final long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        private final long proxy0 = S3ProxyServer.fullSpeed().cpuTime().toNanos();
        private final long gc0 = gcMillis();
        private final Map<Long, Long> threads0 = javaThreadCpu();

        /** CPU nanoseconds of every live Java thread, by thread id. */
        private static Map<Long, Long> javaThreadCpu() {
            var mx = ManagementFactory.getThreadMXBean();
            Map<Long, Long> out = new java.util.HashMap<>();
            for (long id : mx.getAllThreadIds()) {
                long t = mx.getThreadCpuTime(id);
                if (t >= 0) {
                    out.put(id, t);
                }
            }
            return out;
        }

        private static long gcMillis() {
            long ms = 0;
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ms += Math.max(0, gc.getCollectionTime());
            }
            return ms;
        }

        Cpu stop() {
            long self = Thread.currentThread().getId();
            long others = 0;
            for (Map.Entry<Long, Long> e : javaThreadCpu().entrySet()) {
                if (e.getKey() != self) {
                    others += e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
                }
            }
            return new Cpu(
                    (os.getProcessCpuTime() - jvm0) / 1e9,
                    (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0) / 1e9,
                    others / 1e9,
                    (S3ProxyServer.fullSpeed().cpuTime().toNanos() - proxy0) / 1e9,
                    (gcMillis() - gc0) / 1e3);
        }
    }

    private Result round(S3Settings s3, int records, String tag) throws Exception {
        String topic = "bench-" + tag;
        List<TopicPartitionId> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartitionId(topic, p));
        }
        // Keys and values are built before the clock starts, for a pool of INPUT_POOL records reused
        // cyclically (the whole input would be ~650 bytes of heap per record, ~1 GB at the default
        // size, and copying it in young collections dominated the timed section); inside the timed
        // loop only the SinkRecord itself is created per offset, as a consumer batch would hand it over.
        int distinct = Math.min(records, INPUT_POOL);
        String[] keys = new String[distinct];
        List<Map<String, Object>> values = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", (long) i);
            v.put("customer", "customer-" + (i % 977));
            v.put("amount", i * 0.25);
            v.put("note", "order line " + i + " of the benchmark data set");
            keys[i] = "k" + i;
            values.add(v);
        }
        SinkRecordEncoder encoder = new SinkRecordEncoder(new JsonLinesEnvelopeFormat());
        LmdbCheckpointStore store = LmdbCheckpointStore.open(
                tmp.resolve(tag + "-store"),
                new StoreIdentity("bench", 1),
                LmdbStoreOptions.defaults().withDurability(Durability.SYNC_EACH_COMMIT));
        List<ChunkEntryRecord> chunks = new ArrayList<>();
        long encodedBytes = 0;
        long oursNanos;
        Cpu oursCpu;
        long stagedNanos;
        // the connector's defaults for chunk sizing, scratch quota and staging buffer (read from its ConfigDef)
        try (EngineRig rig = new EngineRig(
                s3,
                store,
                tmp.resolve(tag),
                "bench",
                new RotationPolicy(
                        defaultOf(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG, Long.class),
                        defaultOf(S3CheckpointSinkConfig.MAX_BYTES_CONFIG, Long.class),
                        defaultOf(S3CheckpointSinkConfig.ROTATE_INTERVAL_CONFIG, Long.class),
                        defaultOf(S3CheckpointSinkConfig.ROTATE_SCHEDULE_CONFIG, Long.class)),
                Compression.NONE,
                defaultOf(S3CheckpointSinkConfig.STAGE_QUOTA_CONFIG, Long.class),
                defaultOf(S3CheckpointSinkConfig.STAGE_BUFFER_CONFIG, Integer.class))) {
            rig.engine.open(tps);
            settleHeap();
            CpuMeter oursMeter = new CpuMeter();
            long t0 = System.nanoTime();
            List<EncodedRecord> batch = new ArrayList<>(500);
            for (int i = 0; i < records; i++) {
                int j = i % distinct;
                SinkRecord r = new SinkRecord(
                        topic,
                        i % PARTITIONS,
                        null,
                        keys[j],
                        null,
                        values.get(j),
                        i / PARTITIONS,
                        1_700_000_000_000L + i,
                        TimestampType.CREATE_TIME);
                EncodedRecord e = encoder.encode(r);
                encodedBytes += e.bytes().length;
                batch.add(e);
                if (batch.size() == 500) {
                    rig.engine.write(batch);
                    batch = new ArrayList<>(500);
                }
            }
            rig.engine.write(batch);
            stagedNanos = System.nanoTime() - t0;
            rig.engine.sealAll();
            rig.engine.awaitIdle(Duration.ofMinutes(10));
            oursNanos = System.nanoTime() - t0;
            oursCpu = oursMeter.stop();
            for (TopicPartitionId tp : tps) {
                chunks.addAll(rig.engine.state(tp).orElseThrow().manifest().chunks());
            }
            long listed =
                    chunks.stream().mapToLong(ChunkEntryRecord::recordCount).sum();
            assertThat(listed).isEqualTo(records);
            if (records == RECORDS) {
                // steady state: every partition sealed several chunks on its own (not only at the end)
                for (TopicPartitionId tp : tps) {
                    assertThat(chunks)
                            .filteredOn(c -> c.partition() == tp.partition())
                            .hasSizeGreaterThanOrEqualTo(Math.min(3, CHUNKS_PER_PARTITION));
                }
            }
            values = null;

            // raw: the same bytes (read back into memory first, not timed), same sizes, same checksum header
            List<byte[]> payloads = new ArrayList<>();
            long rawBytes = 0;
            for (ChunkEntryRecord c : chunks) {
                try (var in = rig.remote.openStream(c.key());
                        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                    in.transferTo(out);
                    payloads.add(out.toByteArray());
                    rawBytes += out.size();
                }
            }
            assertThat(rawBytes).isEqualTo(encodedBytes);
            S3Client client = rig.remote.client();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            settleHeap();
            CpuMeter rawMeter = new CpuMeter();
            long r0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < payloads.size(); i++) {
                byte[] body = payloads.get(i);
                String key = "raw-" + tag + "/" + i;
                futures.add(pool.submit(() -> {
                    CRC32C crc = new CRC32C();
                    crc.update(body);
                    long v = crc.getValue();
                    String sum = ChecksumAlgorithm.toBase64(
                            new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
                    client.putObject(
                            b -> b.bucket(s3.bucket())
                                    .key(key)
                                    .checksumCRC32C(sum)
                                    .contentLength((long) body.length),
                            RequestBody.fromBytes(body));
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
            long rawNanos = System.nanoTime() - r0;
            Cpu rawCpu = rawMeter.stop();
            pool.shutdown();
            return new Result(
                    tag,
                    records,
                    chunks.size(),
                    encodedBytes,
                    oursNanos / 1e9,
                    stagedNanos / 1e9,
                    rawNanos / 1e9,
                    oursCpu,
                    rawCpu);
        } finally {
            store.close();
        }
    }
}
