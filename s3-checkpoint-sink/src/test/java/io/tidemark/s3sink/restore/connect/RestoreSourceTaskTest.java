/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.S3CheckpointSinkTask;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.testing.RecordingTaskContext;
import io.tidemark.s3sink.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore task as Connect drives it (start, poll, commitRecord, commit, stop), wired by its
 * factory, against s3proxy, over chunks the real sink task wrote: what it replays, where it resumes,
 * and what a damaged chunk does.
 */
class RestoreSourceTaskTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final int RECORDS = 1000;
    private static final int PER_CHUNK = 100;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void replaysKeysValuesHeadersAndTimestampsByteForByteInOffsetOrder(TestInfo info) throws Exception {
        Map<String, String> sink = sinkProps(info, "json");
        List<SinkRecord> written = writeThroughSink(sink);
        S3RestoreSourceTask task = startRestore(restoreProps(sink), Map.of());

        List<SourceRecord> replayed = pollAtLeast(task, RECORDS);

        assertThat(replayed).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            SinkRecord w = written.get(i);
            SourceRecord r = replayed.get(i);
            assertThat(r.topic()).isEqualTo("orders-restored");
            assertThat(r.kafkaPartition()).isEqualTo(0);
            assertThat((byte[]) r.key()).as("key of %d", i).isEqualTo(w.key());
            assertThat((byte[]) r.value()).as("value of %d", i).isEqualTo(w.value());
            assertThat(r.timestamp()).isEqualTo(w.timestamp());
            assertThat(headers(r.headers())).as("headers of %d", i).isEqualTo(headers(w.headers()));
            assertThat(r.sourcePartition()).isEqualTo(Map.of("topic", "orders", "partition", 0));
            assertThat(r.sourceOffset().get("offset")).isEqualTo((long) i + 1);
        }
        assertThat(resources(task).engine().caughtUp())
                .as("every listed chunk replayed")
                .isTrue();
        assertThat(resources(task).engine().finished())
                .as("no end offset: the restore follows the sink")
                .isFalse();
    }

    @Test
    void resumesAfterTheLastAcknowledgedRecordFromTheLocalStoreAndReadsCachedChunksFromDisk(TestInfo info)
            throws Exception {
        Map<String, String> sink = sinkProps(info, "json");
        writeThroughSink(sink);
        Map<String, String> props = restoreProps(sink);
        props.put("restore.poll.max.records", "50");
        S3RestoreSourceTask first = startRestore(props, Map.of());
        List<SourceRecord> firstRun = pollAtLeast(first, 350);
        for (SourceRecord r : firstRun.subList(0, 350)) {
            first.commitRecord(r, null);
        }
        first.commit();
        first.stop();

        // Connect's offsets know nothing (never flushed): the local store says where to go on
        S3RestoreSourceTask second = startRestore(props, Map.of());
        List<SourceRecord> secondRun = pollAtLeast(second, RECORDS - 350);
        assertThat(secondRun.get(0).sourceOffset().get("offset")).isEqualTo(351L);
        assertThat(secondRun).hasSize(RECORDS - 350);
        RestoreTaskFactory.RestoreTaskResources res = resources(second);
        // chunk 300-399 was downloaded by the first run and is read from the hot cache
        assertThat(res.stats().cacheHits()).isEqualTo(1);
        assertThat(res.stats().chunksVerified()).isEqualTo(7);
    }

    @Test
    void aCorruptedChunkFailsTheTaskNamingItBeforeAnyOfItsRecordsIsEmitted(TestInfo info) throws Exception {
        Map<String, String> sink = sinkProps(info, "json");
        writeThroughSink(sink);
        String damaged = corruptChunk(sink, 3); // offsets 300-399
        Map<String, String> props = restoreProps(sink);
        props.put("restore.poll.max.records", "30");
        S3RestoreSourceTask task = startRestore(props, Map.of());

        List<SourceRecord> emitted = new ArrayList<>();
        ConnectException failure = null;
        for (int i = 0; i < 200 && failure == null; i++) {
            try {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    emitted.addAll(batch);
                }
            } catch (ConnectException e) {
                failure = e;
            }
        }
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains(damaged).contains("manifest entry says");
        assertThat(emitted).hasSize(300);
        assertThat(emitted.get(emitted.size() - 1).sourceOffset().get("offset")).isEqualTo(300L);
        assertThat(resources(task).stats().checksumMismatches()).isEqualTo(1);
    }

    @Test
    void withSkipACorruptedChunkIsLeftOutCountedAndTheRestReplayed(TestInfo info) throws Exception {
        Map<String, String> sink = sinkProps(info, "json");
        writeThroughSink(sink);
        corruptChunk(sink, 3);
        Map<String, String> props = restoreProps(sink);
        props.put("restore.checksum.mismatch", "skip");
        S3RestoreSourceTask task = startRestore(props, Map.of());

        List<SourceRecord> replayed = pollAtLeast(task, RECORDS - PER_CHUNK);
        assertThat(replayed).hasSize(RECORDS - PER_CHUNK);
        assertThat(replayed.stream().map(r -> (Long) r.sourceOffset().get("offset") - 1))
                .noneMatch(o -> o >= 300 && o < 400);
        assertThat(resources(task).stats().chunksSkipped()).isEqualTo(1);
    }

    @Test
    void refusesChunksOfTheRawFormatWhichHoldNoKeysOrHeaders(TestInfo info) throws Exception {
        Map<String, String> sink = sinkProps(info, "raw");
        writeThroughSink(sink);
        S3RestoreSourceTask task = new S3RestoreSourceTask();
        task.initialize(context(restoreProps(sink), Map.of()));
        Map<String, String> props = restoreProps(sink);
        assertThatThrownBy(() -> task.start(withAssignment(props)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("format.type=raw")
                .hasMessageContaining("cannot be restored");
        task.stop();
        assertThat(new S3RestoreSourceConnector()
                        .validate(props).configValues().stream()
                                .filter(v -> v.name().equals("restore.topics"))
                                .flatMap(v -> v.errorMessages().stream()))
                .anySatisfy(m -> assertThat(m).contains("format.type=raw"));
    }

    @Test
    void validateNamesTheConverterToSetAndATopicWithoutManifests(TestInfo info) throws Exception {
        Map<String, String> sink = sinkProps(info, "json");
        writeThroughSink(sink);
        Map<String, String> props = restoreProps(sink);
        props.remove("value.converter");
        assertThat(errors(props))
                .anySatisfy(m -> assertThat(m).contains("value.converter=" + RestoreChecks.BYTES_CONVERTER));
        props = restoreProps(sink);
        props.put("restore.topics", "orders,nothing-here");
        assertThat(errors(props)).anySatisfy(m -> assertThat(m).contains("no manifest of topic 'nothing-here'"));
        assertThat(errors(restoreProps(sink))).isEmpty();
    }

    private static List<String> errors(Map<String, String> props) {
        return new S3RestoreSourceConnector()
                .validate(props).configValues().stream()
                        .flatMap(v -> v.errorMessages().stream())
                        .toList();
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> sinkProps(TestInfo info, String format) {
        String bucket =
                ("restore-" + info.getTestMethod().orElseThrow().getName().toLowerCase());
        bucket = bucket.substring(0, Math.min(60, bucket.length()));
        S3ProxyServer s3 = S3ProxyServer.shared();
        s3.createBucket(bucket);
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("topics", TP.topic());
        m.put("s3.bucket.name", bucket);
        m.put("s3.prefix", "backup");
        m.put("s3.endpoint", s3.endpoint().toString());
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", s3.accessKey());
        m.put("aws.secret.access.key", s3.secretKey());
        m.put("s3.retry.max.attempts", "2");
        m.put("checkpoint.store.dir", tmp.resolve("sink-state").toString());
        m.put("format.type", format);
        m.put("format.compression", "gzip");
        m.put("chunk.max.records", Integer.toString(PER_CHUNK));
        m.put("manifest.segment.max.entries", "3");
        return m;
    }

    private Map<String, String> restoreProps(Map<String, String> sink) {
        Map<String, String> m = new HashMap<>();
        for (String k : List.of(
                "s3.bucket.name",
                "s3.prefix",
                "s3.endpoint",
                "s3.path.style.access",
                "aws.access.key.id",
                "aws.secret.access.key",
                "s3.retry.max.attempts")) {
            m.put(k, sink.get(k));
        }
        m.put("name", "restore");
        m.put("connector.class", S3RestoreSourceConnector.class.getName());
        m.put("restore.topics", TP.topic());
        m.put("restore.topic.mapping", "orders:orders-restored");
        m.put("checkpoint.store.dir", tmp.resolve("restore-state").toString());
        m.put("key.converter", RestoreChecks.BYTES_CONVERTER);
        m.put("value.converter", RestoreChecks.BYTES_CONVERTER);
        m.put("header.converter", RestoreChecks.BYTES_CONVERTER);
        return m;
    }

    /** The config the connector gives its one task. */
    private static Map<String, String> withAssignment(Map<String, String> props) {
        S3RestoreSourceConnector c = new S3RestoreSourceConnector();
        c.start(props);
        return c.taskConfigs(1).get(0);
    }

    /** Binary keys (every 7th null), binary values, headers (repeated names, a null value), timestamps. */
    private List<SinkRecord> writeThroughSink(Map<String, String> props) throws Exception {
        Random random = new Random(7);
        List<SinkRecord> records = new ArrayList<>();
        for (int o = 0; o < RECORDS; o++) {
            byte[] key = o % 7 == 0 ? null : bytes(random, 1 + random.nextInt(16));
            byte[] value = bytes(random, 1 + random.nextInt(200));
            ConnectHeaders headers = new ConnectHeaders();
            headers.addBytes("trace", bytes(random, 8));
            headers.addBytes("trace", ("n" + o).getBytes(StandardCharsets.UTF_8));
            if (o % 3 == 0) {
                headers.add("empty", null, Schema.OPTIONAL_BYTES_SCHEMA);
            }
            records.add(new SinkRecord(
                    TP.topic(),
                    TP.partition(),
                    Schema.OPTIONAL_BYTES_SCHEMA,
                    key,
                    Schema.OPTIONAL_BYTES_SCHEMA,
                    value,
                    o,
                    1_700_000_000_000L + o * 10L,
                    TimestampType.CREATE_TIME,
                    headers));
        }
        RecordingTaskContext context = new RecordingTaskContext(Set.of(TP), false);
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(context);
        task.start(props);
        try {
            task.open(List.of(TP));
            task.put(records);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!task.preCommit(Map.of(TP, new OffsetAndMetadata(RECORDS)))
                    .equals(Map.of(TP, new OffsetAndMetadata(RECORDS)))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the sink did not list every record within 30 s");
                }
                Thread.sleep(50);
            }
        } finally {
            task.stop();
        }
        return records;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Replaces chunk number {@code index} with a valid gzip chunk of different bytes; returns its key. */
    private String corruptChunk(Map<String, String> sink, int index) throws IOException {
        S3ProxyServer s3 = S3ProxyServer.shared();
        try (RemoteStore remote = new RemoteStore(s3.settings(sink.get("s3.bucket.name"), ChecksumAlgorithm.CRC32C))) {
            ObjectLayout layout = new ObjectLayout("backup", ObjectLayout.DEFAULT_TEMPLATE, "");
            List<ChunkEntryRecord> chunks = new ColdScan(remote, layout, RemoteReadLimiter.unlimited())
                    .chunks(new TopicPartitionId(TP.topic(), TP.partition()));
            assertThat(chunks).hasSize(RECORDS / PER_CHUNK);
            ChunkEntryRecord c = chunks.get(index);
            byte[] plain;
            try (InputStream in = Compression.GZIP.decompress(remote.openStream(c.key()))) {
                plain = in.readAllBytes();
            }
            // one value byte changed: still valid JSON lines, still valid gzip, another checksum
            String text = new String(plain, StandardCharsets.UTF_8);
            int at = text.indexOf("\"valueBase64\":\"") + 16;
            char swapped = text.charAt(at) == 'A' ? 'B' : 'A';
            byte[] changed =
                    (text.substring(0, at) + swapped + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream gz = Compression.GZIP.compress(out, -1)) {
                gz.write(changed);
            }
            assertThat(Arrays.equals(plain, changed)).isFalse();
            remote.putBytes(c.key(), out.toByteArray(), WriteCondition.NONE);
            return c.key();
        }
    }

    private S3RestoreSourceTask startRestore(
            Map<String, String> props, Map<Map<String, ?>, Map<String, Object>> offsets) {
        Map<String, String> taskProps = withAssignment(props);
        S3RestoreSourceTask task = new S3RestoreSourceTask();
        task.initialize(context(taskProps, offsets));
        task.start(taskProps);
        open.add(task::stop);
        return task;
    }

    private static RestoreTaskFactory.RestoreTaskResources resources(S3RestoreSourceTask task) {
        return task.resourcesForTests();
    }

    private static List<SourceRecord> pollAtLeast(S3RestoreSourceTask task, int n) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + out.size() + " records within 30 s, expected " + n);
            }
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                out.addAll(batch);
            }
        }
        // nothing more to come
        List<SourceRecord> more = task.poll();
        if (more != null) {
            out.addAll(more);
        }
        return out;
    }

    private static List<String> headers(Iterable<Header> headers) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            out.add(h.key() + "=" + (h.value() == null ? "null" : Arrays.toString((byte[]) h.value())));
        }
        return out;
    }

    private static SourceTaskContext context(
            Map<String, String> props, Map<Map<String, ?>, Map<String, Object>> offsets) {
        OffsetStorageReader reader = new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return offsets.get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                partitions.forEach(p -> out.put(p, offsets.get(p)));
                return out;
            }
        };
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return reader;
            }

            /** As on a worker before Kafka 4.1: the task's metrics go to JMX. */
            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                throw new UnsupportedOperationException("no plugin metrics in this test");
            }
        };
    }
}
