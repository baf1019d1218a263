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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 partitions, each with an open chunk of about 100 KB (100 MB staged in all), in a worker
 * whose heap is limited to 256 MB: chunks are staged on disk, so no OutOfMemoryError; once the
 * wall-clock rotation seals them, every record is in S3 exactly once.
 */
@ExtendWith(LocalStackExtension.class)
@Tag("soak")
class ThousandPartitionsMemoryIT {

    @Test
    void thousandOpenChunksFitIn256MbHeap(LocalStack stack) throws Exception {
        SinkStack s = new SinkStack(stack, 1, o -> o.heap("-Xmx256m"));
        String topic = "wide-files";
        Map<String, String> config = run(s, topic, Map.of());
        ObjectLayout layout = SinkStack.layout(config);
        assertThat(s.verifyExactlyOnce(layout, topic, ends)).isEqualTo(100_000);
    }

    /**
     * The same with format.type=parquet: open chunks are staged exactly as for JSON, and each sealed
     * chunk is converted on one of the 4 upload threads, so heap does not grow with the partitions.
     */
    @Test
    void thousandOpenParquetChunksFitIn256MbHeap(LocalStack stack, @TempDir Path downloads) throws Exception {
        SinkStack s = new SinkStack(stack, 1, o -> o.heap("-Xmx256m"));
        String topic = "wide-parquet";
        Map<String, String> config = run(s, topic, Map.of("format.type", "parquet", "format.compression", "zstd"));
        ObjectLayout layout = new ObjectLayout(config.get("s3.prefix"), ObjectLayout.DEFAULT_TEMPLATE, ".parquet");
        assertThat(ParquetAudit.verifyExactlyOnce(s, layout, topic, ends, downloads))
                .isEqualTo(100_000);
    }

    private Map<Integer, Long> ends;

    private Map<String, String> run(SinkStack s, String topic, Map<String, String> format) throws Exception {
        int partitions = 1000;
        s.createTopic(topic, partitions);
        Map<String, String> overrides = new HashMap<>(Map.of(
                "topics.regex", topic,
                "tasks.max", "1",
                "s3.prefix", "wide",
                "format.compression", "none",
                "chunk.max.records", "1000000",
                "chunk.rotate.schedule.interval.ms", "40000",
                "consumer.override.max.partition.fetch.bytes", "65536"));
        overrides.putAll(format);
        Map<String, String> config = s.exampleConfig(s.s3.endpoint(), overrides);
        s.rest().configureConnector("wide-sink", config);
        s.awaitRunning("wide-sink", 1, Duration.ofSeconds(120));

        String padding = "x".repeat(1000);
        ends = s.produceWithValue(topic, partitions, 100_000, padding);
        SinkStack.sleep(10_000);
        ConnectWorker worker = s.cluster.worker(0);
        assertThat(worker.isRunning()).isTrue();
        s.awaitRunning("wide-sink", 1, Duration.ofSeconds(10));

        ObjectLayout manifests = new ObjectLayout(config.get("s3.prefix"), ObjectLayout.DEFAULT_TEMPLATE, ".any");
        s.awaitManifestsCover(manifests, topic, ends, Duration.ofSeconds(240), "wide-sink");
        assertThat(Files.readString(worker.logFile())).doesNotContain("OutOfMemoryError");
        return config;
    }
}
