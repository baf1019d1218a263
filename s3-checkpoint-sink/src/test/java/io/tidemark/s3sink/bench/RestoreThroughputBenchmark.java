/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.S3CheckpointSinkTask;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.S3Credentials;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.restore.connect.RestoreBenchmarkAccess;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.testing.RecordingTaskContext;
import io.tidemark.s3sink.testing.S3ProxyServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Side by side, interleaved round by round in one JVM, over the same chunks in s3proxy (written by
 * the real sink task: binary keys and values, one header, gzip, 4 partitions):
 *
 * <ul>
 *   <li><b>ours</b>: the restore source task as Connect drives it (start with a fresh local store
 *       and an empty hot cache, then poll until every record was handed out as a SourceRecord):
 *       manifest reads, download through the RemoteReadLimiter into the hot cache, checksum of every
 *       chunk against its manifest entry before any of it is read, decode of the JSON envelope,
 *       SourceRecords with their stamped offsets;</li>
 *   <li><b>raw</b>: consumer-less baseline: the same chunk objects fetched with the AWS SDK into
 *       memory (keys listed before the clock), gunzipped, every line parsed with Jackson and its
 *       key, value and header base64-decoded. No checksum, no cache, no offsets.</li>
 * </ul>
 *
 * Both run on one thread (a restore task reads its partitions in turn), so the ratio is the cost
 * of the restore's guarantees. Kafka is not involved on either side (the worker's producer is not
 * measured). Run from the repository root: mvn -B -o -pl s3-checkpoint-sink -am test -Psoak
 * -Dtest=RestoreThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.records=N]
 * [-Dbench.rounds=R].
 */
@Tag("soak")
class RestoreThroughputBenchmark {

    private static final int PARTITIONS = 4;
    private static final int RECORDS = Integer.getInteger("bench.records", 400_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void restoreVersusRawSdkDownloadAndDecodeOfTheSameChunks() throws Exception {
        S3ProxyServer srv = S3ProxyServer.fullSpeed();
        String bucket = "restore-bench";
        srv.createBucket(bucket);
        S3Settings s3 = srv.settings(bucket, ChecksumAlgorithm.CRC32C);
        Map<String, String> sink = sinkProps(srv, bucket);
        write(sink);
        List<ChunkEntryRecord> chunks = new ArrayList<>();
        try (RemoteStore remote = new RemoteStore(s3)) {
            ColdScan scan = new ColdScan(
                    remote,
                    new ObjectLayout("bench", ObjectLayout.DEFAULT_TEMPLATE, ""),
                    RemoteReadLimiter.unlimited());
            for (int p = 0; p < PARTITIONS; p++) {
                chunks.addAll(scan.chunks(new TopicPartitionId("bench-topic", p)));
            }
        }
        long bytes = chunks.stream().mapToLong(ChunkEntryRecord::bytes).sum();
        // warm-up of both paths
        ours(sink, "warm");
        raw(s3, chunks);
        List<double[]> results = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            double[] o = ours(sink, "r" + i);
            double[] r = raw(s3, chunks);
            results.add(new double[] {o[0], o[1], r[0], r[1]});
        }
        System.out.printf(
                Locale.ROOT,
                "%n=== S3 restore source vs raw SDK download+decode (%d records, %d chunks, %.1f MB gzip, %d"
                        + " partitions, %d interleaved rounds) ===%n",
                RECORDS,
                chunks.size(),
                bytes / 1e6,
                PARTITIONS,
                ROUNDS);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            double[] x = results.get(i);
            assertThat((long) x[1]).isEqualTo(RECORDS);
            assertThat((long) x[3]).isEqualTo(RECORDS);
            double ratio = x[2] / x[0];
            ratios.add(ratio);
            System.out.printf(
                    Locale.ROOT,
                    "[r%d] restore: %.0f records/s (%.2f s) | raw SDK download+decode: %.0f records/s (%.2f s) |"
                            + " restore/raw %.0f%%%n",
                    i,
                    RECORDS / x[0],
                    x[0],
                    RECORDS / x[2],
                    x[2],
                    ratio * 100);
        }
        ratios.sort(Double::compare);
        System.out.printf(
                Locale.ROOT, "median restore/raw: %.0f%% (target >= 70%%)%n", ratios.get(ratios.size() / 2) * 100);
    }

    /** Seconds and records of one restore from scratch. */
    private double[] ours(Map<String, String> sink, String tag) throws Exception {
        Map<String, String> props = new HashMap<>();
        for (String k : List.of(
                "s3.bucket.name",
                "s3.prefix",
                "s3.endpoint",
                "s3.path.style.access",
                "aws.access.key.id",
                "aws.secret.access.key")) {
            props.put(k, sink.get(k));
        }
        props.put("name", "restore-" + tag);
        props.put("restore.topics", "bench-topic");
        props.put("checkpoint.store.dir", tmp.resolve("restore-" + tag).toString());
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        long t0 = System.nanoTime();
        long n = RestoreBenchmarkAccess.restoreAll(props, RECORDS);
        return new double[] {(System.nanoTime() - t0) / 1e9, n};
    }

    /** Seconds and records of downloading and decoding every chunk with the SDK. */
    private static double[] raw(S3Settings s3, List<ChunkEntryRecord> chunks) throws Exception {
        long n = 0;
        long t0 = System.nanoTime();
        try (S3Credentials credentials = S3Credentials.of(s3);
                S3Client client = RemoteStore.buildClient(s3, credentials)) {
            Base64.Decoder b64 = Base64.getDecoder();
            for (ChunkEntryRecord c : chunks) {
                byte[] body = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key(c.key()))
                        .asByteArray();
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(
                                Compression.GZIP.decompress(new ByteArrayInputStream(body)), StandardCharsets.UTF_8),
                        64 * 1024)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        JsonNode env = JSON.readTree(line);
                        JsonNode k = env.get("keyBase64");
                        byte[] key = k == null ? null : b64.decode(k.asText());
                        byte[] value = b64.decode(env.get("valueBase64").asText());
                        for (JsonNode h : env.path("headers")) {
                            b64.decode(h.get("valueBase64").asText());
                        }
                        if (value.length >= 0 && (key == null || key.length >= 0)) {
                            n++;
                        }
                    }
                }
            }
        }
        return new double[] {(System.nanoTime() - t0) / 1e9, n};
    }

    private Map<String, String> sinkProps(S3ProxyServer s3, String bucket) {
        Map<String, String> m = new HashMap<>();
        m.put("name", "bench-sink");
        m.put("topics", "bench-topic");
        m.put("s3.bucket.name", bucket);
        m.put("s3.prefix", "bench");
        m.put("s3.endpoint", s3.endpoint().toString());
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", s3.accessKey());
        m.put("aws.secret.access.key", s3.secretKey());
        m.put("checkpoint.store.dir", tmp.resolve("sink-state").toString());
        m.put("format.compression", "gzip");
        m.put("chunk.max.records", "25000");
        return m;
    }

    private void write(Map<String, String> props) throws Exception {
        Set<TopicPartition> tps = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartition("bench-topic", p));
        }
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(new RecordingTaskContext(tps, false));
        task.start(props);
        Random random = new Random(1);
        try {
            task.open(tps);
            long[] next = new long[PARTITIONS];
            List<SinkRecord> batch = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                int p = i % PARTITIONS;
                byte[] key = new byte[12];
                byte[] value = new byte[100];
                random.nextBytes(key);
                random.nextBytes(value);
                ConnectHeaders h = new ConnectHeaders();
                h.addBytes("trace", key);
                batch.add(new SinkRecord(
                        "bench-topic",
                        p,
                        Schema.BYTES_SCHEMA,
                        key,
                        Schema.BYTES_SCHEMA,
                        value,
                        next[p]++,
                        1_700_000_000_000L + i,
                        TimestampType.CREATE_TIME,
                        h));
                if (batch.size() == 10_000) {
                    task.put(batch);
                    batch = new ArrayList<>();
                }
            }
            task.put(batch);
            Map<TopicPartition, OffsetAndMetadata> all = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                all.put(new TopicPartition("bench-topic", p), new OffsetAndMetadata(next[p]));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!task.preCommit(all).equals(all)) {
                assertThat(System.nanoTime())
                        .as("sink listed everything within 3 min")
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            task.stop();
        }
    }
}
