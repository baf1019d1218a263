/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Plays the Connect worker for one task in unit tests: Connect's offset storage is a map that is
 * "flushed" only when the test says so, as the worker flushes offsets periodically.
 */
final class TaskHarness {

    final Map<Map<String, ?>, Map<String, Object>> connectOffsets = new HashMap<>();
    private final Map<Map<String, ?>, Map<String, Object>> unflushed = new HashMap<>();
    private long kafkaOffset;
    /** The worker's metrics registry, as Connect's plugin metrics (KIP-877) write into it. */
    final Metrics workerMetrics = new Metrics();

    FileSourceTask start(Map<String, String> props) {
        FileSourceTask task = new FileSourceTask();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return new PluginMetricsImpl(
                        workerMetrics, Map.of("connector", props.getOrDefault("name", "files"), "task", "0"));
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return connectOffsets.get(partition);
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                        partitions.forEach(p -> out.put(p, connectOffsets.get(p)));
                        return out;
                    }
                };
            }
        });
        task.start(props);
        return task;
    }

    /** Polls until {@code n} records came (or 5 s passed). */
    List<SourceRecord> pollRecords(FileSourceTask task, int n) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (out.size() < n && System.currentTimeMillis() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                out.addAll(batch);
            }
        }
        return out;
    }

    /** Kafka acknowledged the record: the worker calls commitRecord and remembers the offset for its next flush. */
    void ack(FileSourceTask task, SourceRecord r) {
        task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), kafkaOffset++, 0, 0L, 0, 0));
        unflushed.put(r.sourcePartition(), new HashMap<>(r.sourceOffset()));
    }

    /** Kafka acknowledged {@code records[from, to)}, in order. */
    void ackRange(FileSourceTask task, List<SourceRecord> records, int from, int to) {
        for (int i = from; i < to; i++) {
            ack(task, records.get(i));
        }
    }

    /** The worker's periodic offset flush. */
    void flushConnectOffsets(FileSourceTask task) {
        connectOffsets.putAll(unflushed);
        unflushed.clear();
        task.commit();
    }

    /** A task metric's current value, as a reporter of the worker reads it; null when not registered. */
    Object metric(String name) {
        KafkaMetric m = workerMetrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("plugins")
                        && e.getKey().name().equals(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        return m == null ? null : m.metricValue();
    }

    static List<String> values(List<SourceRecord> records) {
        return records.stream().map(r -> (String) r.value()).toList();
    }
}
