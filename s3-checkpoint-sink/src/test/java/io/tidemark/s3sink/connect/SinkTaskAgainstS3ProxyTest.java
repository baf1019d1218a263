/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.testing.RecordingTaskContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
 * The task as Connect drives it (start, open, put, preCommit, stop), wired by its factory, against
 * s3proxy: what it asks of the consumer and of the dead letter queue, and which offsets it commits.
 */
class SinkTaskAgainstS3ProxyTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path tmp;

    private final List<S3CheckpointSinkTask> started = new ArrayList<>();

    @AfterEach
    void stopTasks() {
        started.forEach(S3CheckpointSinkTask::stop);
    }

    @Test
    void preCommitReturnsOnlyOffsetsOfChunksInTheManifest(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("chunk.max.records", "100");
        RecordingTaskContext context = new RecordingTaskContext(Set.of(TP), false);
        S3CheckpointSinkTask task = start(props, context);
        task.open(List.of(TP));
        task.put(records(0, 250, 10));

        List<Map<TopicPartition, OffsetAndMetadata>> answers = new ArrayList<>();
        await(() -> {
            Map<TopicPartition, OffsetAndMetadata> m = task.preCommit(Map.of(TP, new OffsetAndMetadata(250)));
            answers.add(m);
            return m.equals(Map.of(TP, new OffsetAndMetadata(200)));
        });
        // never the consumer's position (250), never the open chunk: only sealed chunks listed in the manifest
        assertThat(answers).allSatisfy(m -> assertThat(m.isEmpty()
                        || (m.size() == 1
                                && List.of(100L, 200L).contains(m.get(TP).offset())))
                .as("answer %s", m)
                .isTrue());
        Thread.sleep(300);
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(250))))
                .containsExactly(Map.entry(TP, new OffsetAndMetadata(200)));
    }

    @Test
    void pausesTheAssignmentAtTheScratchQuotaAndResumesOnceUploadsFreeSpace(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("stage.quota.bytes", Integer.toString(1024 * 1024));
        props.put("chunk.max.records", "0");
        props.put("chunk.rotate.schedule.interval.ms", "1000");
        RecordingTaskContext context = new RecordingTaskContext(Set.of(TP), false);
        S3CheckpointSinkTask task = start(props, context);
        task.open(List.of(TP));

        task.put(records(0, 120, 10_000)); // about 1.2 MB staged in one open chunk: over the 1 MiB quota
        assertThat(context.paused).containsExactly(TP);

        await(() -> {
            task.preCommit(Map.of());
            return context.paused.isEmpty();
        });
        assertThat(context.pauseCalls).containsExactly("pause [" + TP + "]", "resume [" + TP + "]");
        await(() -> task.preCommit(Map.of()).equals(Map.of(TP, new OffsetAndMetadata(120))));
    }

    @Test
    void anUnencodableRecordGoesToTheDeadLetterQueueAndTheOthersAreWritten(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("format.type", "raw");
        props.put("chunk.max.records", "9");
        props.put("errors.tolerance", "all");
        props.put("errors.deadletterqueue.topic.name", "dlq");
        RecordingTaskContext context = new RecordingTaskContext(Set.of(TP), true);
        S3CheckpointSinkTask task = start(props, context);
        task.open(List.of(TP));

        List<SinkRecord> batch = records(0, 10, 10);
        SinkRecord unencodable =
                new SinkRecord(TP.topic(), TP.partition(), Schema.STRING_SCHEMA, "k5", Schema.INT32_SCHEMA, 5, 5);
        batch.set(5, unencodable);
        task.put(batch);

        assertThat(context.reported).singleElement().satisfies(r -> {
            assertThat(r.record()).isSameAs(unencodable);
            assertThat(r.error()).hasMessageContaining("format.type=raw");
        });
        await(() -> task.preCommit(Map.of()).equals(Map.of(TP, new OffsetAndMetadata(10))));
    }

    @Test
    void withoutADeadLetterQueueAnUnencodableRecordFailsTheTaskNamingTheRecord(TestInfo info) {
        Map<String, String> props = props(info);
        props.put("format.type", "raw");
        RecordingTaskContext context = new RecordingTaskContext(Set.of(TP), false);
        S3CheckpointSinkTask task = start(props, context);
        task.open(List.of(TP));

        List<SinkRecord> batch = records(0, 10, 10);
        batch.set(7, new SinkRecord(TP.topic(), TP.partition(), Schema.STRING_SCHEMA, "k7", Schema.INT32_SCHEMA, 7, 7));
        assertThatThrownBy(() -> task.put(batch))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("record orders/0/7 (topic/partition/offset) cannot be written")
                .hasMessageContaining("dead letter queue");
        assertThat(context.reported).isEmpty();
    }

    private S3CheckpointSinkTask start(Map<String, String> props, RecordingTaskContext context) {
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(context);
        task.start(props);
        started.add(task);
        return task;
    }

    private Map<String, String> props(TestInfo info) {
        Map<String, String> m = SinkTaskProps.forTest("task", info, TP.topic());
        m.put("checkpoint.store.dir", tmp.resolve("state").toString());
        return m;
    }

    /** Records [from, to) of {@link #TP} with string values of {@code valueBytes} characters. */
    private static List<SinkRecord> records(long from, long to, int valueBytes) {
        List<SinkRecord> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            String value = ("v" + o + "-").repeat(valueBytes / 2 + 1).substring(0, valueBytes);
            out.add(new SinkRecord(
                    TP.topic(), TP.partition(), Schema.STRING_SCHEMA, "k" + o, Schema.STRING_SCHEMA, value, o));
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
