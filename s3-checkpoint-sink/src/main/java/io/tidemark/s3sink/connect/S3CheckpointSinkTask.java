/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.config.ConnectorValidation;
import io.tidemark.connect.errors.ErrorTranslator;
import io.tidemark.connect.errors.Quietly;
import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.UnencodableRecordException;
import io.tidemark.s3sink.pipeline.EncodedRecord;
import io.tidemark.s3sink.pipeline.SinkEngine;
import io.tidemark.s3sink.stage.LocalStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin adapter between Kafka Connect and the {@link SinkEngine} that {@link SinkTaskFactory}
 * builds: converts records into the envelope, passes seeks and rewinds to the consumer, applies
 * backpressure, and returns from {@link #preCommit} only offsets covered by durable manifests.
 */
public final class S3CheckpointSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(S3CheckpointSinkTask.class);

    private S3CheckpointSinkConfig config;
    private SinkTaskResources resources;
    private SinkEngine engine;
    private LocalStore local;
    private SinkRecordEncoder encoder;
    private ErrantRecordReporter reporter;
    private volatile boolean paused;
    private TaskMetrics metrics;
    /** A failure of {@link #preCommit}, thrown by the next {@link #put} (preCommit itself never throws). */
    private RuntimeException commitFailure;

    private long nextJanitorRun;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("S3 checkpoint sink");
        config = new S3CheckpointSinkConfig(props);
        ConnectorValidation.requireNoProblems(config);
        String connectorName = config.task().connectorName(S3CheckpointSinkConnector.DEFAULT_NAME);
        int taskIndex = config.task().taskIndex();
        try {
            resources = SinkTaskFactory.create(config, connectorName, taskIndex);
        } catch (RuntimeException e) {
            throw new ConnectException(
                    "cannot start the S3 checkpoint sink task task-" + taskIndex + " of " + connectorName + ": "
                            + e.getMessage(),
                    e);
        }
        engine = resources.graph().engine();
        local = resources.graph().local();
        encoder = new SinkRecordEncoder(config.format(), config.nullValuePolicy(), config.keyPathResolver());
        reporter = errantRecordReporter(props);
        nextJanitorRun = System.currentTimeMillis() + config.janitorInterval().toMillis();
        metrics = SinkMetrics.register(
                TaskMetrics.of(context, connectorName, taskIndex),
                engine,
                resources.graph().remote().retryStats(),
                resources.store().commitStats(),
                () -> paused);
        LOG.info(
                "Started S3 checkpoint sink task task-{} of {}: {} ({} staging under {}, metrics in {})",
                taskIndex,
                connectorName,
                resources.graph().remote().settings(),
                config.compression(),
                resources.janitor().ownDirectory(),
                metrics.where());
    }

    /** Connect's reporter when a dead letter queue is configured and the worker offers one, else null. */
    private ErrantRecordReporter errantRecordReporter(Map<String, String> props) {
        if (props.getOrDefault("errors.deadletterqueue.topic.name", "").isBlank()) {
            return null;
        }
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartitionId, Long> seeks =
                ErrorTranslator.guard("opening partitions " + partitions, () -> engine.open(ids(partitions)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        seeks.forEach((tp, o) -> offsets.put(new TopicPartition(tp.topic(), tp.partition()), o));
        if (!offsets.isEmpty()) {
            context.offset(offsets);
        }
        if (paused) {
            context.pause(partitions.toArray(new TopicPartition[0]));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (commitFailure != null) {
            RuntimeException failure = commitFailure;
            commitFailure = null;
            throw ErrorTranslator.translate("committing offsets", failure);
        }
        List<EncodedRecord> batch = new ArrayList<>(records.size());
        for (SinkRecord r : records) {
            try {
                batch.add(encoder.encode(r));
            } catch (UnencodableRecordException | DataException e) {
                String where = r.originalTopic() + "/" + r.originalKafkaPartition() + "/" + r.originalKafkaOffset();
                if (reporter != null) {
                    reporter.report(r, e);
                    LOG.warn(
                            "Record {} cannot be written ({}); sent to the dead letter queue",
                            where,
                            e.getMessage(),
                            e);
                } else {
                    throw new ConnectException(
                            "record " + where + " (topic/partition/offset) cannot be written: "
                                    + e.getMessage()
                                    + ". Fix the converter, format.type or the key template settings, or enable a dead letter queue"
                                    + " (errors.tolerance=all, errors.deadletterqueue.topic.name) to route such records there",
                            e);
                }
            }
        }
        ErrorTranslator.run("writing " + batch.size() + " records", () -> engine.write(batch));
        housekeeping();
    }

    /**
     * The offsets covered by durable manifests. Never throws: Connect answers an exception here by
     * rewinding the consumer to the last committed offsets instead of failing the task, so a failure
     * is logged, kept, and thrown by the next {@link #put}; this commit then commits nothing new.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartitionId, Long> durable;
        try {
            housekeeping();
            durable = ErrorTranslator.guard("computing the committable offsets", engine::committableOffsets);
        } catch (RuntimeException e) {
            LOG.error("Committing offsets failed; nothing new is committed and the next put fails with this", e);
            if (commitFailure == null) {
                commitFailure = e;
            }
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        durable.forEach((tp, o) -> out.put(new TopicPartition(tp.topic(), tp.partition()), new OffsetAndMetadata(o)));
        return out;
    }

    private void housekeeping() {
        long now = System.currentTimeMillis();
        ErrorTranslator.run("checking uploads", () -> engine.tick(now));
        Map<TopicPartitionId, Long> rewinds = engine.takeRewinds();
        if (!rewinds.isEmpty()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            rewinds.forEach((tp, o) -> offsets.put(new TopicPartition(tp.topic(), tp.partition()), o));
            context.offset(offsets);
        }
        if (!paused && engine.overQuota()) {
            Set<TopicPartition> assigned = context.assignment();
            context.pause(assigned.toArray(new TopicPartition[0]));
            paused = true;
            LOG.info(
                    "Scratch quota reached ({} of {} bytes staged): paused {} partitions until uploads free space",
                    local.usedBytes(),
                    local.quotaBytes(),
                    assigned.size());
        } else if (paused && engine.belowResumeMark()) {
            Set<TopicPartition> assigned = context.assignment();
            context.resume(assigned.toArray(new TopicPartition[0]));
            paused = false;
            LOG.info("Scratch usage down to {} bytes: resumed", local.usedBytes());
        }
        if (now >= nextJanitorRun) {
            resources.janitor().sweep(local);
            nextJanitorRun = now + config.janitorInterval().toMillis();
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (engine != null) {
            engine.close(ids(partitions));
        }
    }

    @Override
    public void stop() {
        Quietly.close(metrics, LOG, "the task metrics");
        metrics = null;
        Quietly.close(resources, LOG, "the S3 checkpoint sink task");
        resources = null;
        engine = null;
    }

    // ------------------------------------------------------------------ helpers

    private static List<TopicPartitionId> ids(Collection<TopicPartition> partitions) {
        List<TopicPartitionId> out = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            out.add(new TopicPartitionId(tp.topic(), tp.partition()));
        }
        return out;
    }
}
