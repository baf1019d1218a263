/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.testing.RecordingTaskContext;
import io.tidemark.s3sink.testing.S3ProxyServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * behavior.on.null.values, through the task as Connect drives it against s3proxy: what reaches S3
 * for records with a null value (tombstones) and which offsets the task commits.
 */
class NullValuesTest {

    private static final TopicPartition TP = new TopicPartition("compacted", 0);

    @TempDir
    Path tmp;

    private final List<S3CheckpointSinkTask> started = new ArrayList<>();

    @AfterEach
    void stopTasks() {
        started.forEach(S3CheckpointSinkTask::stop);
    }

    @Test
    void jsonWritesATombstoneAsValueNullByDefault(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("chunk.max.records", "10");
        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));
        task.put(records(0, 10, Set.of(5L)));

        await(() -> committed(task) == 10);
        List<String> lines = chunkLines(props);
        assertThat(lines).hasSize(10);
        assertThat(lines.get(5)).contains("\"offset\":5").contains("\"value\":null");
    }

    @Test
    void rawFailsOnATombstoneByDefaultNamingTheSettingInsteadOfWritingAnEmptyValue(TestInfo info) {
        Map<String, String> props = props(info);
        props.put("format.type", "raw");
        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));

        assertThatThrownBy(() -> task.put(records(0, 10, Set.of(5L))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("compacted/0/5")
                .hasMessageContaining("is null (a tombstone)")
                .hasMessageContaining("behavior.on.null.values=fail")
                .hasMessageContaining("behavior.on.null.values=ignore");
    }

    @Test
    void failSendsATombstoneToTheDeadLetterQueueWhenThereIsOne(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("behavior.on.null.values", "fail");
        props.put("errors.tolerance", "all");
        props.put("errors.deadletterqueue.topic.name", "dlq");
        props.put("chunk.max.records", "9");
        RecordingTaskContext context = new RecordingTaskContext(Set.of(TP), true);
        S3CheckpointSinkTask task = start(props, context);
        task.open(List.of(TP));
        task.put(records(0, 10, Set.of(5L)));

        assertThat(context.reported)
                .singleElement()
                .satisfies(r -> assertThat(r.record().kafkaOffset()).isEqualTo(5));
        await(() -> committed(task) == 10);
        assertThat(chunkLines(props)).hasSize(9).noneMatch(l -> l.contains("\"offset\":5,"));
    }

    @Test
    void ignoredTombstonesAreConsumedNotWrittenCountedAndTheirOffsetsCommitted(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("format.type", "raw");
        props.put("behavior.on.null.values", "ignore");
        props.put("format.raw.separator", "|");
        props.put("chunk.max.records", "8");
        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));

        task.put(records(0, 10, Set.of(3L, 7L)));
        await(() -> committed(task) == 10);
        List<String> lines = chunkLines(props);
        assertThat(lines).hasSize(8).noneMatch(String::isEmpty);
        assertThat(lines).doesNotContain("v3", "v7").contains("v0", "v9");

        // only tombstones after the last chunk: nothing staged before them, so their offsets are committed
        task.put(records(10, 15, Set.of(10L, 11L, 12L, 13L, 14L)));
        assertThat(committed(task)).isEqualTo(15);
        assertThat(chunkLines(props)).hasSize(8);

        Object ignored = ManagementFactory.getPlatformMBeanServer()
                .getAttribute(
                        new ObjectName("io.tidemark:type=plugins,connector=sink,task=0"), "null-values-ignored-total");
        assertThat(((Number) ignored).longValue()).isEqualTo(7);
    }

    @Test
    void anIgnoredTombstoneAfterRecordsNotYetInS3DoesNotCommitPastThem(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("behavior.on.null.values", "ignore");
        props.put("chunk.max.records", "100");
        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));

        task.put(records(0, 5, Set.of()));
        task.put(records(5, 6, Set.of(5L)));
        // records 0-4 are staged, not in S3: committing 6 would lose them after a crash
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(6)))).isEmpty();
    }

    @Test
    void anUnknownBehaviourIsRejectedOnItsSetting(TestInfo info) {
        Map<String, String> props = props(info);
        props.put("behavior.on.null.values", "drop");
        assertThat(new S3CheckpointSinkConnector()
                        .validate(props).configValues().stream()
                                .filter(v -> v.name().equals("behavior.on.null.values"))
                                .findFirst()
                                .orElseThrow()
                                .errorMessages())
                .singleElement()
                .asString()
                .contains("write, ignore or fail");
    }

    private static long committed(S3CheckpointSinkTask task) {
        OffsetAndMetadata o =
                task.preCommit(Map.of(TP, new OffsetAndMetadata(0))).get(TP);
        return o == null ? -1 : o.offset();
    }

    /**
     * The lines of every chunk under the bucket, in key order (uncompressed chunks; the raw tests use
     * the separator '|': Connect trims string settings, so a newline separator cannot be set).
     */
    private static List<String> chunkLines(Map<String, String> props) {
        List<String> lines = new ArrayList<>();
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
                for (String l : text.split(text.endsWith("|") ? "\\|" : "\n", -1)) {
                    lines.add(l);
                }
                // a chunk ends with the separator: drop the empty tail after it
                lines.remove(lines.size() - 1);
            }
        }
        return lines;
    }

    private S3CheckpointSinkTask start(Map<String, String> props, RecordingTaskContext context) {
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(context);
        task.start(props);
        started.add(task);
        return task;
    }

    private Map<String, String> props(TestInfo info) {
        Map<String, String> m = SinkTaskProps.forTest("nulls", info, TP.topic());
        m.put("checkpoint.store.dir", tmp.resolve("state").toString());
        return m;
    }

    /** Records [from, to) of {@link #TP} with string values "v<offset>", null at the offsets in {@code nulls}. */
    private static List<SinkRecord> records(long from, long to, Set<Long> nulls) {
        List<SinkRecord> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(new SinkRecord(
                    TP.topic(),
                    TP.partition(),
                    Schema.STRING_SCHEMA,
                    "k" + o,
                    Schema.OPTIONAL_STRING_SCHEMA,
                    nulls.contains(o) ? null : "v" + o,
                    o));
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
