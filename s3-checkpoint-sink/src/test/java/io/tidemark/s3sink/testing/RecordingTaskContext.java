/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What Connect's worker gives a sink task, for unit tests: a fixed assignment, and a record of what
 * the task asks of the consumer (seeks, pauses, resumes) and of the dead letter queue.
 */
public final class RecordingTaskContext implements SinkTaskContext {

    /** A record the task sent to the dead letter queue, with the reason. */
    public record Reported(SinkRecord record, Throwable error) {}

    private final Set<TopicPartition> assignment;
    private final boolean withReporter;
    public final Map<TopicPartition, Long> offsets = new HashMap<>();
    public final Set<TopicPartition> paused = new LinkedHashSet<>();
    public final List<String> pauseCalls = new ArrayList<>();
    public final List<Reported> reported = new ArrayList<>();

    /** @param withReporter whether the worker offers an ErrantRecordReporter (a dead letter queue) */
    public RecordingTaskContext(Set<TopicPartition> assignment, boolean withReporter) {
        this.assignment = Set.copyOf(assignment);
        this.withReporter = withReporter;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public synchronized void offset(Map<TopicPartition, Long> offsets) {
        this.offsets.putAll(offsets);
    }

    @Override
    public synchronized void offset(TopicPartition tp, long offset) {
        offsets.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {}

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public synchronized void pause(TopicPartition... partitions) {
        paused.addAll(List.of(partitions));
        pauseCalls.add("pause " + List.of(partitions));
    }

    @Override
    public synchronized void resume(TopicPartition... partitions) {
        List.of(partitions).forEach(paused::remove);
        pauseCalls.add("resume " + List.of(partitions));
    }

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (record, error) -> {
            synchronized (this) {
                reported.add(new Reported(record, error));
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
