/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.testing.RecordingTaskContext;
import io.tidemark.s3sink.testing.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preCommit} never throws (Connect would rewind the consumer instead of failing the task):
 * a failure there commits nothing new and is thrown by the next {@code put}.
 */
class PreCommitFailureTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path tmp;

    @Test
    void aFencedTaskCommitsNothingNewAndItsNextPutFailsWithTheReason() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        s3.createBucket("precommit-fenced");
        S3CheckpointSinkTask zombie = new S3CheckpointSinkTask();
        S3CheckpointSinkTask owner = new S3CheckpointSinkTask();
        try {
            zombie.initialize(new RecordingTaskContext(Set.of(TP), false));
            zombie.start(props(s3, "precommit-fenced", 0));
            zombie.open(List.of(TP));
            zombie.put(records(0, 100));
            assertThat(awaitCommit(zombie, m -> !m.isEmpty()))
                    .containsExactly(Map.entry(TP, new OffsetAndMetadata(100)));

            RecordingTaskContext ownerContext = new RecordingTaskContext(Set.of(TP), false);
            owner.initialize(ownerContext);
            owner.start(props(s3, "precommit-fenced", 1));
            owner.open(List.of(TP));
            assertThat(ownerContext.offsets).containsExactly(Map.entry(TP, 100L));
            owner.put(records(100, 200));
            assertThat(awaitCommit(owner, m -> m.containsKey(TP) && m.get(TP).offset() == 200))
                    .containsExactly(Map.entry(TP, new OffsetAndMetadata(200)));

            zombie.put(records(100, 200));
            Map<TopicPartition, OffsetAndMetadata> afterFence = awaitCommit(zombie, Map::isEmpty);
            assertThat(afterFence).isEmpty();
            assertThat(zombie.preCommit(Map.of())).isEmpty();
            assertThatThrownBy(() -> zombie.put(records(200, 201)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("taken over by");
        } finally {
            zombie.stop();
            owner.stop();
        }
    }

    /** Calls preCommit (which must not throw) until its answer satisfies {@code until}. */
    private static Map<TopicPartition, OffsetAndMetadata> awaitCommit(
            S3CheckpointSinkTask task, Predicate<Map<TopicPartition, OffsetAndMetadata>> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<TopicPartition, OffsetAndMetadata> last;
        do {
            last = task.preCommit(Map.of());
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private Map<String, String> props(S3ProxyServer s3, String bucket, int taskIndex) {
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", TP.topic());
        m.put("tidemark.task.index", Integer.toString(taskIndex));
        m.put("s3.bucket.name", bucket);
        m.put("s3.endpoint", s3.endpoint().toString());
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", s3.accessKey());
        m.put("aws.secret.access.key", s3.secretKey());
        m.put("s3.retry.max.attempts", "2");
        m.put("checkpoint.store.dir", tmp.resolve("task-" + taskIndex).toString());
        m.put("chunk.max.records", "100");
        m.put("format.compression", "none");
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
}
