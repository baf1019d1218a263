/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.errors.ErrorTranslator;
import io.tidemark.connect.errors.Quietly;
import io.tidemark.connect.metrics.StoreMetrics;
import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.connect.offsets.AcknowledgedOffsets;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.connect.store.StoreFailureTolerance;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.RemoteStoreException;
import io.tidemark.s3sink.restore.RestoreException;
import io.tidemark.s3sink.restore.RestoredRecord;
import io.tidemark.s3sink.restore.connect.RestoreTaskFactory.RestoreTaskResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the restore engine's records to Connect as source records: original key, value and header
 * bytes, original timestamp, the mapped topic and partition, and the source offset
 * {@code {offset: next original offset}} per original topic partition. Acknowledged positions reach
 * the local checkpoint store (group-committed); with exactly-once support only after Connect
 * committed the transaction.
 */
public class S3RestoreSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(S3RestoreSourceTask.class);

    /** How long an idle poll sleeps (all replayed, or waiting for the sink to add chunks). */
    static final long IDLE_SLEEP_MILLIS = 200;

    private RestoreSourceConfig config;
    private RestoreTaskResources resources;
    private TaskMetrics metrics;
    private StoreFailureTolerance storeHealth;
    private boolean advanceOnCommit;
    private int maxRecords;
    private boolean reportedFinished;
    private final Map<TopicPartitionId, Map<String, Object>> partitions = new HashMap<>();
    private final Map<TopicPartitionId, String> targetTopics = new HashMap<>();
    private final Map<TopicPartitionId, Integer> targetPartitions = new HashMap<>();
    /** Newest acknowledged offset per partition not yet handed to the mirror (advance on commit). */
    private final AcknowledgedOffsets acked = new AcknowledgedOffsets();

    private volatile OffsetMirror mirror;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("S3 restore source");
        config = new RestoreSourceConfig(props);
        TaskFragment task = config.task();
        String connector = task.connectorName(S3RestoreSourceConnector.DEFAULT_NAME);
        advanceOnCommit = task.advanceOnCommit();
        maxRecords = config.pollMaxRecords();
        resources = ErrorTranslator.guard(
                "starting the restore of " + config.assigned(),
                () -> RestoreTaskFactory.open(
                        config,
                        connector,
                        task.taskIndex(),
                        partition -> context.offsetStorageReader().offset(partition),
                        System::currentTimeMillis));
        mirror = resources.mirror();
        for (TopicPartitionId tp : config.assigned()) {
            partitions.put(tp, RestoreOffsets.partition(tp));
            targetTopics.put(tp, config.targetTopic(tp.topic()));
            targetPartitions.put(tp, config.targetPartition(tp.partition()));
        }
        storeHealth = new StoreFailureTolerance(
                config.checkpointStore().failureTimeout(),
                System::currentTimeMillis,
                "the checkpoint store of connector '" + connector + "'");
        metrics = RestoreMetrics.register(
                TaskMetrics.of(context, connector, task.taskIndex()), resources.stats(), resources.cache());
        StoreMetrics.register(metrics, resources.store().commitStats(), resources.mirror()::pendingUpdates);
        LOG.info(
                "S3 restore task {} of '{}' started for {} (local store advances on {}, hot cache {} of {} bytes,"
                        + " metrics in {})",
                task.taskIndex(),
                connector,
                config.assigned(),
                advanceOnCommit ? "commit" : "acknowledgement",
                resources.cache().dir(),
                resources.cache().quotaBytes(),
                metrics.where());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        RestoreTaskResources r = resources;
        if (r == null) {
            return null;
        }
        try {
            storeHealth.check(r.mirror().lastError());
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate("checking the checkpoint store", e);
        }
        if (!advanceOnCommit) {
            handAckedToMirror();
        }
        List<RestoredRecord> batch;
        try {
            batch = r.engine().poll(maxRecords);
        } catch (RemoteStoreException e) {
            throw ErrorTranslator.translate(
                    "reading from S3", new RestoreException(e.getMessage(), e.isTransient(), e));
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate("restoring " + config.assigned(), e);
        }
        if (batch.isEmpty()) {
            if (!reportedFinished && (r.engine().finished() || r.engine().caughtUp())) {
                reportedFinished = true;
                LOG.info(
                        "Restore of {} is complete: every chunk the manifests list was replayed (next original"
                                + " offsets {}){}",
                        config.assigned(),
                        r.engine().nextOffsets(),
                        r.engine().finished()
                                ? ""
                                : "; the manifests are read again every 30 s for chunks the sink adds");
            }
            Thread.sleep(IDLE_SLEEP_MILLIS);
            return null;
        }
        List<SourceRecord> out = new ArrayList<>(batch.size());
        for (RestoredRecord rec : batch) {
            TopicPartitionId tp = new TopicPartitionId(rec.topic(), rec.partition());
            Map<String, Object> partition = partitions.get(tp);
            if (partition == null) {
                throw new RestoreException("chunk of " + config.assigned() + " holds a record of " + tp + " at offset "
                        + rec.offset() + ": the chunk does not belong to its manifest");
            }
            ConnectHeaders headers = new ConnectHeaders();
            for (RestoredRecord.Header h : rec.headers()) {
                headers.add(h.key(), h.value(), Schema.OPTIONAL_BYTES_SCHEMA);
            }
            out.add(new SourceRecord(
                    partition,
                    RestoreOffsets.after(rec.offset()),
                    targetTopics.get(tp),
                    targetPartitions.get(tp),
                    Schema.OPTIONAL_BYTES_SCHEMA,
                    rec.key(),
                    Schema.OPTIONAL_BYTES_SCHEMA,
                    rec.value(),
                    rec.timestamp(),
                    headers));
        }
        return out;
    }

    /**
     * Kafka acknowledged a record (metadata null: dropped by a transformation, which Connect counts
     * as done too). Records of one partition are acknowledged in order.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (mirror == null) {
            return;
        }
        acked.acknowledged(record.sourcePartition(), record.sourceOffset());
    }

    /** Connect committed the offsets (with exactly-once: the transaction committed). */
    @Override
    public void commit() {
        if (advanceOnCommit) {
            handAckedToMirror();
        }
    }

    private void handAckedToMirror() {
        acked.handTo(mirror);
    }

    /** For tests: the task's objects (null before start and after stop). */
    RestoreTaskResources resourcesForTests() {
        return resources;
    }

    @Override
    public synchronized void stop() {
        if (!advanceOnCommit) {
            handAckedToMirror();
        }
        mirror = null;
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        Quietly.close(resources, LOG, "the restore task's resources");
        resources = null;
    }
}
