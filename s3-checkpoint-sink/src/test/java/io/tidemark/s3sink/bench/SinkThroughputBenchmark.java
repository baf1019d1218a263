package io.tidemark.s3sink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.engine.EncodedRecord;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.Datum;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.plan.RotationPolicy;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.testing.EngineRig;
import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Side by side in one run, into the same s3proxy: the sink's pipeline (envelope encoding, staging
 * to disk, sealing, checksum verification, CRC32C on every object, upload, manifest write) against
 * raw AWS SDK PUTs of the same bytes in the same chunk sizes, with the same CRC32C header and the
 * same number of threads. Run: mvn -f s3-checkpoint-sink test -Psoak -Dtest=SinkThroughputBenchmark
 */
@Tag("soak")
class SinkThroughputBenchmark {

    private static final int PARTITIONS = 4;
    private static final int RECORDS = Integer.getInteger("bench.records", 400_000);
    private static final int THREADS = 4;

    @TempDir
    Path tmp;

    @Test
    void oursVersusRawSdkUploadOfTheSameBytes() throws Exception {
        S3ProxyServer srv = S3ProxyServer.shared();
        S3Settings s3 = srv.settings("bench", ChecksumAlgorithm.CRC32C);
        JsonLinesEnvelopeFormat format = new JsonLinesEnvelopeFormat();
        JsonNodeFactory f = JsonNodeFactory.instance;
        // warm-up of both paths is a smaller identical run
        run(s3, format, f, RECORDS / 10, "warm");
        Result r = run(s3, format, f, RECORDS, "main");
        System.out.printf(Locale.ROOT, "%n=== S3 checkpoint sink throughput into s3proxy (%d records, %.1f MB,"
                        + " %d partitions, %d threads, CRC32C, no compression) ===%n", RECORDS, r.bytes / 1e6, PARTITIONS,
                THREADS);
        System.out.printf(Locale.ROOT, "ours: %.1f MB/s, %.0f records/s (%.2f s)%n", r.bytes / 1e6 / r.oursSec,
                RECORDS / r.oursSec, r.oursSec);
        System.out.printf(Locale.ROOT, "raw SDK PUT of the same bytes: %.1f MB/s, %.0f records/s (%.2f s)%n",
                r.bytes / 1e6 / r.rawSec, RECORDS / r.rawSec, r.rawSec);
        System.out.printf(Locale.ROOT, "ratio ours/raw: %.0f%%%n%n", 100 * r.rawSec / r.oursSec);
        assertThat(r.oursSec).isPositive();
    }

    private record Result(long bytes, double oursSec, double rawSec) {
    }

    private Result run(S3Settings s3, JsonLinesEnvelopeFormat format, JsonNodeFactory f, int records, String tag)
            throws Exception {
        List<TopicPartitionId> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartitionId("bench-" + tag, p));
        }
        long encodedBytes = 0;
        long t0 = System.nanoTime();
        List<ChunkEntryRecord> chunks = new ArrayList<>();
        try (EngineRig rig = new EngineRig(s3, new InMemoryCheckpointStore(new StoreIdentity("bench", 1)),
                tmp.resolve(tag), "bench", new RotationPolicy(0, 8L * 1024 * 1024, 0, 0), Compression.NONE,
                Long.MAX_VALUE)) {
            rig.engine.open(tps);
            List<EncodedRecord> batch = new ArrayList<>(500);
            for (int i = 0; i < records; i++) {
                TopicPartitionId tp = tps.get(i % PARTITIONS);
                long offset = i / PARTITIONS;
                ObjectNode v = f.objectNode().put("id", i).put("customer", "customer-" + (i % 977))
                        .put("amount", i * 0.25).put("note", "order line " + i + " of the benchmark data set");
                byte[] line = format.encode(new EnvelopeRecord(tp.topic(), tp.partition(), offset, 1_700_000_000_000L + i,
                        "CreateTime", Datum.ofJson(f.textNode("k" + i)), Datum.ofJson(v), List.of()));
                encodedBytes += line.length;
                batch.add(new EncodedRecord(tp, offset, 1_700_000_000_000L + i, line));
                if (batch.size() == 500) {
                    rig.engine.write(batch);
                    batch = new ArrayList<>(500);
                }
            }
            rig.engine.write(batch);
            long stagedNanos = System.nanoTime() - t0;
            rig.engine.sealAll();
            rig.engine.awaitIdle(Duration.ofMinutes(10));
            long oursNanos = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "[%s] encode+stage of %d records took %.2f s, the rest (last seals, uploads,"
                    + " manifests) %.2f s%n", tag, records, stagedNanos / 1e9, (oursNanos - stagedNanos) / 1e9);
            for (TopicPartitionId tp : tps) {
                chunks.addAll(rig.engine.state(tp).orElseThrow().manifest().chunks());
            }
            long listed = chunks.stream().mapToLong(ChunkEntryRecord::recordCount).sum();
            assertThat(listed).isEqualTo(records);

            // raw: the same bytes (read back into memory first, not timed), same sizes, same checksum header
            List<byte[]> payloads = new ArrayList<>();
            for (ChunkEntryRecord c : chunks) {
                try (var in = rig.remote.openStream(c.key()); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                    in.transferTo(out);
                    payloads.add(out.toByteArray());
                }
            }
            S3Client client = rig.remote.client();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long r0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < payloads.size(); i++) {
                byte[] body = payloads.get(i);
                String key = "raw-" + tag + "/" + i;
                futures.add(pool.submit(() -> {
                    CRC32C crc = new CRC32C();
                    crc.update(body);
                    long v = crc.getValue();
                    String sum = ChecksumAlgorithm.toBase64(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16),
                            (byte) (v >>> 8), (byte) v});
                    client.putObject(b -> b.bucket(s3.bucket()).key(key).checksumCRC32C(sum)
                            .contentLength((long) body.length), RequestBody.fromBytes(body));
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
            long rawNanos = System.nanoTime() - r0;
            pool.shutdown();
            return new Result(encodedBytes, oursNanos / 1e9, rawNanos / 1e9);
        }
    }
}
