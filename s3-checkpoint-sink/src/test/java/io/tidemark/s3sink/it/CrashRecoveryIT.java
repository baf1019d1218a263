/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Workers SIGKILLed at random moments while records flow (including mid-upload and between upload
 * and manifest write); afterwards the manifests hold every record exactly once, in order, with no
 * gaps, and no unlisted object is left. Manifest heads are segmented every few chunks.
 */
@ExtendWith(LocalStackExtension.class)
class CrashRecoveryIT {

    @Test
    void resumesWithoutDuplicatesAfterWorkersKilledMidUpload(LocalStack stack) throws Exception {
        run(stack, 20_000, 4, 3, 4_000);
    }

    @Test
    @Tag("soak")
    void resumesWithoutDuplicatesAfterTwentyWorkerKills(LocalStack stack) throws Exception {
        run(stack, 200_000, 6, 20, 4_000);
    }

    /**
     * Workers with no durable local disk: no checkpoint.store.dir, so each task keeps its store in a
     * temporary directory that a SIGKILLed worker leaves behind and its restart does not reuse. Every
     * start reads the manifest heads from S3 and consumes staged records again: still exactly once.
     */
    @Test
    void resumesWithoutDuplicatesAfterWorkersKilledWithoutCheckpointStoreDir(LocalStack stack) throws Exception {
        run(stack, 8_000, 2, 2, 4_000, false);
    }

    static void run(LocalStack stack, int records, int partitions, int kills, int perSecond) throws Exception {
        run(stack, records, partitions, kills, perSecond, true);
    }

    static void run(LocalStack stack, int records, int partitions, int kills, int perSecond, boolean durableStore)
            throws Exception {
        SinkStack s = new SinkStack(stack, 2, o -> o);
        String topic = "crash-files";
        s.createTopic(topic, partitions);
        Map<String, String> config = s.exampleConfig(
                s.s3.endpoint(),
                Map.of(
                        "topics.regex", topic,
                        "tasks.max", "2",
                        "s3.prefix", "crash",
                        "chunk.max.records", "700",
                        "chunk.rotate.schedule.interval.ms", "1500",
                        "format.compression", "gzip",
                        // small manifest segments, so that kills also land between segment and head writes and the
                        // exactly-once audit reads chunks through segment references
                        "manifest.segment.max.entries", "3"));
        if (!durableStore) {
            config.remove("checkpoint.store.dir");
        }
        s.rest().configureConnector("crash-sink", config);
        s.awaitRunning("crash-sink", 2, Duration.ofSeconds(60));

        CompletableFuture<Map<Integer, Long>> producing =
                CompletableFuture.supplyAsync(() -> s.produce(topic, partitions, records, perSecond));
        Random random = new Random(42);
        long durationMs = records * 1000L / perSecond;
        for (int k = 0; k < kills; k++) {
            SinkStack.sleep(Math.max(
                    500, durationMs / (kills + 1) / 2 + random.nextInt((int) Math.max(1, durationMs / (kills + 1)))));
            ConnectWorker victim = s.cluster.worker(random.nextInt(2));
            victim.kill9();
            SinkStack.sleep(500 + random.nextInt(1500));
            victim.restart();
        }
        Map<Integer, Long> ends = producing.get();
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(records);
        ObjectLayout layout = SinkStack.layout(config);
        s.awaitManifestsCover(layout, topic, ends, Duration.ofSeconds(180), "crash-sink");
        s.awaitRunning("crash-sink", 2, Duration.ofSeconds(60));
        System.out.println("[crash] " + kills + " SIGKILLs done over " + records + " records; recovery paths taken: "
                + s.recoveryEvents());
        assertThat(s.verifyExactlyOnce(layout, topic, ends)).isEqualTo(records);
    }
}
