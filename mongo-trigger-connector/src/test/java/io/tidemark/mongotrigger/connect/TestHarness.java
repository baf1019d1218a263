/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.mongotrigger.audit.AuditLog;
import io.tidemark.mongotrigger.snapshot.SnapshotReader;
import io.tidemark.mongotrigger.stream.ChangeStreamSource;
import io.tidemark.mongotrigger.stream.ScriptedChangeStreamSource;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs {@link MongoTriggerSourceTask} the way a worker does, without one: a scripted change stream,
 * an in-memory checkpoint store that survives "restarts", Connect's offsets as a map, and a fake
 * producer that acknowledges what the test says.
 */
final class TestHarness {

    final ScriptedChangeStreamSource server = new ScriptedChangeStreamSource();
    InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("mongo-trigger-test", 1));
    final Map<Map<String, Object>, Map<String, Object>> connectOffsets = new HashMap<>();
    final List<String> audit = new ArrayList<>();
    final MutableClock clock = new MutableClock();
    MongoTriggerSourceTask task;

    static final class MutableClock extends Clock {
        volatile long millis = 1_700_000_000_000L;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("name", "trigger-test");
        p.put("connection.uri", "mongodb://unused");
        p.put("watch.scope", "deployment");
        p.put("checkpoint.store.dir", "/unused");
        p.put("triggers", "[{\"name\": \"all\", \"topic\": \"events\"}]");
        p.put("heartbeat.interval.ms", "1000");
        p.put("poll.await.time.ms", "1");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    /** The worker's metrics registry, as Connect's plugin metrics (KIP-877) write into it; new at each start (a new worker JVM). */
    Metrics workerMetrics = new Metrics();

    /** A task metric's value with these extra tags (none for most), as a reporter reads it; null when absent. */
    Object metric(String name, String... tags) {
        Map<String, String> extra = new HashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            extra.put(tags[i], tags[i + 1]);
        }
        return workerMetrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("plugins")
                        && e.getKey().name().equals(name))
                .filter(e -> e.getKey().tags().entrySet().containsAll(extra.entrySet())
                        && e.getKey().tags().size() == 2 + extra.size())
                .map(e -> e.getValue().metricValue())
                .findFirst()
                .orElse(null);
    }

    /** Where the copy of existing documents reads (startup.mode=copy_existing); null when not used. */
    java.util.function.Supplier<SnapshotReader> snapshotReader;

    MongoTriggerSourceTask start(Map<String, String> props) {
        workerMetrics = new Metrics();
        store = InMemoryCheckpointStore.reopen(store, store.identity());
        task = new MongoTriggerSourceTask(new TaskPipelineFactory(new TaskEnvironment() {
            @Override
            public ChangeStreamSource source(MongoTriggerSourceConfig config) {
                return server;
            }

            @Override
            public SnapshotReader snapshotReader(MongoTriggerSourceConfig config) {
                if (snapshotReader == null) {
                    throw new IllegalStateException(
                            "this harness has no snapshot reader: set TestHarness.snapshotReader");
                }
                return snapshotReader.get();
            }

            @Override
            public CheckpointStore store(MongoTriggerSourceConfig config, String connectorName) {
                return store;
            }

            @Override
            public AuditLog audit() {
                return audit::add;
            }

            @Override
            public Clock clock() {
                return clock;
            }
        }));
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                return new PluginMetricsImpl(workerMetrics, Map.of("connector", props.get("name"), "task", "0"));
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return connectOffsets.get(new HashMap<String, Object>(partition));
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                        partitions.forEach(p -> out.put(p, offset(p)));
                        return out;
                    }
                };
            }
        });
        task.start(props);
        return task;
    }

    /** Polls until a non-empty batch or {@code maxPolls} polls. */
    List<SourceRecord> poll(int maxPolls) throws InterruptedException {
        for (int i = 0; i < maxPolls; i++) {
            List<SourceRecord> r = task.poll();
            if (r != null && !r.isEmpty()) {
                return r;
            }
        }
        return List.of();
    }

    /** Kafka acknowledges the records and Connect commits their offsets (in order). */
    void ack(List<SourceRecord> records) {
        for (SourceRecord r : records) {
            task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0));
            @SuppressWarnings("unchecked")
            Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
            connectOffsets.put(new HashMap<>(partition), new HashMap<>(offset));
        }
    }

    void stop() {
        task.stop();
    }
}
