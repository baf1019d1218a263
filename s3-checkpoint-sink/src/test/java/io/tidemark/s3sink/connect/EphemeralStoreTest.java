/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.testing.RecordingTaskContext;
import io.tidemark.s3sink.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The sink without checkpoint.store.dir: each task keeps its local store and scratch files in a
 * directory of its own under java.io.tmpdir, deleted at stop, and a new task (another worker, a
 * restart) resumes from the S3 manifests alone.
 */
class EphemeralStoreTest {

    private static final TopicPartition TP = new TopicPartition("nodisk", 0);

    private final List<S3CheckpointSinkTask> started = new ArrayList<>();
    private final List<Path> parents = new ArrayList<>();

    @AfterEach
    void stopTasks() throws Exception {
        started.forEach(S3CheckpointSinkTask::stop);
        for (Path parent : parents) {
            if (Files.isDirectory(parent)) {
                try (Stream<Path> all = Files.walk(parent)) {
                    for (Path p :
                            all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    @Test
    void validateAcceptsAnEmptyStoreDirectory(TestInfo info) {
        Map<String, String> props = props(info);
        assertThat(new S3CheckpointSinkConnector().validate(props).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        assertThat(new S3CheckpointSinkConnector()
                        .validate(props).configValues().stream()
                                .map(ConfigValue::name)
                                .toList())
                .contains("checkpoint.store.dir");
    }

    @Test
    void theTaskKeepsItsStateInATemporaryDirectoryDeletedAtStopAndRemovesThoseOfDeadProcesses(TestInfo info)
            throws Exception {
        Map<String, String> props = props(info);
        Path parent = parent(props);
        Files.createDirectories(parent.resolve("task-0-999999999-12345/store"));

        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));
        task.put(records(0, 10));
        List<Path> dirs = taskDirs(parent);
        assertThat(dirs).singleElement().satisfies(d -> assertThat(
                        d.getFileName().toString())
                .startsWith("task-0-" + ProcessHandle.current().pid() + "-"));
        assertThat(dirs.get(0).resolve("store")).isDirectory();
        assertThat(dirs.get(0).resolve("scratch")).isDirectory();

        task.stop();
        started.remove(task);
        assertThat(taskDirs(parent)).isEmpty();
    }

    @Test
    void aNewTaskWithoutLocalStateResumesFromTheManifestsAndS3HoldsEveryRecordOnce(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("chunk.max.records", "100");
        S3CheckpointSinkTask first = start(props, new RecordingTaskContext(Set.of(TP), false));
        first.open(List.of(TP));
        first.put(records(0, 250));
        await(() -> committed(first) == 200);
        // the first task's worker dies: 200-249 are staged only, in a directory the next task never sees

        RecordingTaskContext context = new RecordingTaskContext(Set.of(TP), false);
        S3CheckpointSinkTask second = start(props, context);
        second.open(List.of(TP));
        assertThat(context.offsets).containsEntry(TP, 200L);
        second.put(records(200, 300));
        await(() -> committed(second) == 300);

        List<Long> offsets = offsetsInS3(props);
        assertThat(offsets).hasSize(300).doesNotHaveDuplicates();
        assertThat(offsets.get(0)).isZero();
        assertThat(offsets.get(299)).isEqualTo(299);
    }

    private static Path parent(Map<String, String> props) {
        return Path.of(System.getProperty("java.io.tmpdir"), "tidemark-s3-checkpoint-sink", props.get("name"));
    }

    private static List<Path> taskDirs(Path parent) throws Exception {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().startsWith("task-0-"))
                    .toList();
        }
    }

    private static long committed(S3CheckpointSinkTask task) {
        OffsetAndMetadata o =
                task.preCommit(Map.of(TP, new OffsetAndMetadata(0))).get(TP);
        return o == null ? -1 : o.offset();
    }

    /** The offsets of every record in the chunks under the topic's keys (JSON envelopes, uncompressed). */
    private static List<Long> offsetsInS3(Map<String, String> props) {
        List<Long> offsets = new ArrayList<>();
        try (RemoteStore remote = new RemoteStore(
                S3ProxyServer.shared().settings(props.get("s3.bucket.name"), ChecksumAlgorithm.CRC32C))) {
            List<String> keys = new ArrayList<>();
            remote.list("", null, o -> {
                if (o.key().startsWith(TP.topic() + "/")) {
                    keys.add(o.key());
                }
            });
            for (String key : keys) {
                String text = new String(remote.getBytes(key).orElseThrow().bytes(), StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    int at = line.indexOf("\"offset\":") + 9;
                    int end = line.indexOf(',', at);
                    offsets.add(Long.parseLong(line.substring(at, end)));
                }
            }
        }
        offsets.sort(null);
        return offsets;
    }

    private S3CheckpointSinkTask start(Map<String, String> props, RecordingTaskContext context) {
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(context);
        task.start(props);
        started.add(task);
        return task;
    }

    private Map<String, String> props(TestInfo info) {
        String name = info.getTestMethod().orElseThrow().getName().toLowerCase();
        String bucket = ("nodisk-" + name).substring(0, Math.min(60, 7 + name.length()));
        S3ProxyServer s3 = S3ProxyServer.shared();
        s3.createBucket(bucket);
        Map<String, String> m = new HashMap<>();
        m.put("name", "nodisk-" + name.substring(0, Math.min(30, name.length())) + "-" + System.nanoTime());
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", TP.topic());
        m.put("s3.bucket.name", bucket);
        m.put("s3.endpoint", s3.endpoint().toString());
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", s3.accessKey());
        m.put("aws.secret.access.key", s3.secretKey());
        m.put("s3.retry.max.attempts", "2");
        m.put("format.compression", "none");
        // no checkpoint.store.dir
        parents.add(parent(m));
        return m;
    }

    private static List<SinkRecord> records(long from, long to) {
        List<SinkRecord> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(new SinkRecord(
                    TP.topic(), TP.partition(), Schema.STRING_SCHEMA, "k" + o, Schema.STRING_SCHEMA, "v" + o, o));
        }
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
