/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.errors.ErrorTranslator;
import io.tidemark.connect.errors.Quietly;
import io.tidemark.connect.metrics.StoreMetrics;
import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.connect.offsets.AcknowledgedOffsets;
import io.tidemark.connect.offsets.AcknowledgedPrefix;
import io.tidemark.connect.offsets.MirrorOptions;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.connect.store.StoreFailureTolerance;
import io.tidemark.filesource.assign.TaskAssignment;
import io.tidemark.filesource.read.LineTooLongException;
import io.tidemark.filesource.tail.TailEvent;
import io.tidemark.filesource.tail.Tailer;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.CorruptRecordException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin adapter: the {@link Tailer} finds and reads lines; this task turns them into records,
 * stamps their offsets, and mirrors acknowledged positions into the local checkpoint store.
 *
 * <p>Threads: {@code poll} runs on the task thread; {@code commitRecord} on the producer's I/O
 * thread; {@code commit} on the task thread (exactly-once) or the offset-commit thread; {@code stop}
 * on a herder thread. The tailer is only touched under {@code lock}.
 */
public class FileSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(FileSourceTask.class);

    private final Object lock = new Object();
    private FileSourceConfig config;
    private CheckpointStore store;
    private OffsetMirror mirror;
    private StoreFailureTolerance storeHealth;
    private MirroredPositions positions;
    private Tailer tailer;
    private RecordMaker records;
    private Charset charset;
    private boolean advanceOnCommit;
    private TaskMetrics metrics;
    /** Per file id: the records in flight, so that the local store only moves over an acknowledged prefix. */
    private final Map<String, AcknowledgedPrefix<Map<String, ?>>> inFlight = new ConcurrentHashMap<>();
    /** Newest committable offset per partition (end of its acknowledged prefix), not yet handed to the mirror. */
    private final AcknowledgedOffsets acked = new AcknowledgedOffsets();

    private volatile boolean stopping;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("file source");
        config = new FileSourceConfig(props);
        TaskFragment task = config.task();
        String connector = task.connectorName(FileSourceConnector.DEFAULT_NAME);
        int index = task.taskIndex();
        int count = task.taskCount();
        advanceOnCommit = task.advanceOnCommit();
        charset = config.charset();
        String wrongHost = config.hostPin().problem(FileSourceConfig.FILE_HOST_CONFIG, FileSourceConfig.HOST_ID_CONFIG);
        if (wrongHost != null) {
            String message = "File source task " + index + " of '" + connector + "' cannot start: " + wrongHost;
            LOG.error(message);
            throw new ConnectException(message);
        }
        try {
            if (config.mirrorEnabled()) {
                store = FileSourceConnector.openStore(config, connector);
                mirror = OffsetMirror.open(store, MirrorOptions.from(config.checkpointStore()));
                storeHealth = new StoreFailureTolerance(
                        config.checkpointStore().failureTimeout(),
                        System::currentTimeMillis,
                        "the checkpoint store of connector '" + connector + "'");
            }
        } catch (CheckpointStoreException e) {
            closeQuietly();
            throw new ConnectException(
                    "Cannot open the checkpoint store of connector '" + connector + "' under "
                            + config.getString(CheckpointStoreFragment.DIR_CONFIG) + ": " + e.getMessage(),
                    e);
        }
        TaskPipelineFactory.TaskPipeline pipeline = TaskPipelineFactory.create(
                config,
                new TaskAssignment(index, count),
                mirror,
                partition -> context.offsetStorageReader().offset(partition),
                System::currentTimeMillis);
        positions = pipeline.positions();
        records = pipeline.records();
        tailer = pipeline.tailer();
        metrics = FileSourceMetrics.register(TaskMetrics.of(context, connector, index), tailer.stats());
        if (mirror != null) {
            StoreMetrics.register(metrics, store.commitStats(), mirror::pendingUpdates);
        }
        LOG.info(
                "File source task {}/{} of '{}' started on host '{}' (reads {}, roots {}, local mirror {}, local store advances on {},"
                        + " lines cut at {} bytes so that records fit max.request.size {}, metrics in {})",
                index,
                count,
                connector,
                config.hostId(),
                config.hostPin().pinned() ? "host '" + config.hostPin().host() + "' only" : "any host",
                config.roots(),
                mirror != null ? "on" : "off",
                advanceOnCommit ? "offset commit" : "acknowledgement",
                config.tailerOptions().maxLineBytes(),
                config.recordSizeBudget().maxRequestSize(),
                metrics.where());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        synchronized (lock) {
            if (stopping || tailer == null) {
                return null;
            }
            checkMirror();
            if (!advanceOnCommit) {
                handAckedToMirror();
            }
            try {
                List<TailEvent> events = tailer.poll(config.batchMaxRecords(), config.batchMaxBytes());
                forgetExpired();
                if (events.isEmpty()) {
                    tailer.awaitActivity(config.pollWaitMillis());
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    return null;
                }
                List<SourceRecord> out = new ArrayList<>(events.size());
                for (TailEvent e : events) {
                    SourceRecord r = records.toRecord(e, charset);
                    if (mirror != null) {
                        inFlight.computeIfAbsent(e.fileId(), id -> new AcknowledgedPrefix<>())
                                .emitted(OffsetMirror.seqOf(r.sourceOffset()), r.sourceOffset());
                    }
                    out.add(r);
                }
                return out;
            } catch (LineTooLongException e) {
                throw new ConnectException(
                        e.getMessage() + " (line.max.action=fail). Raise line.max.bytes or set"
                                + " line.max.action to truncate or skip.",
                        e);
            } catch (CorruptRecordException e) {
                throw new ConnectException(
                        e.getMessage() + ". checkpoint.corrupt.policy=fail: inspect the record with"
                                + " the checkpoint-tool, or set checkpoint.corrupt.policy=treat_as_missing to resume from"
                                + " Connect's offsets.",
                        e);
            } catch (IOException e) {
                throw new RetriableException("I/O error while reading files: " + e.getMessage(), e);
            }
        }
    }

    /** Positions still reach Connect's offsets while the local store retries; it may not fail for too long. */
    private void checkMirror() {
        if (mirror != null) {
            try {
                storeHealth.check(mirror.lastError());
            } catch (RuntimeException e) {
                throw ErrorTranslator.translate("checking the checkpoint store", e);
            }
        }
    }

    private void forgetExpired() {
        for (String id : tailer.drainExpired()) {
            inFlight.remove(id);
            if (mirror != null) {
                mirror.forget(OffsetShape.partition(id));
            }
        }
    }

    /**
     * Runs on the producer's I/O thread for every acknowledged record (metadata null: filtered by a
     * transformation or dropped under errors.tolerance, which no longer hold the position back
     * either, as in Connect's own offsets). Records of one file can reach Kafka out of order when
     * they go to several Kafka partitions (record.key=none), so the file's position only moves to
     * the end of its acknowledged prefix; the newest such offset per partition is remembered, and the
     * task thread hands it to the mirror (group commit) at the next poll, or at {@link #commit()}
     * when the store must only advance with Connect's commits.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (mirror == null || stopping) {
            return;
        }
        AcknowledgedPrefix<Map<String, ?>> prefix =
                inFlight.get((String) record.sourcePartition().get(OffsetShape.FILE_ID));
        if (prefix != null && prefix.acknowledged(OffsetMirror.seqOf(record.sourceOffset()))) {
            acked.acknowledged(record.sourcePartition(), prefix.committable());
        }
    }

    @Override
    public void commit() {
        if (advanceOnCommit) {
            handAckedToMirror();
        }
    }

    private void handAckedToMirror() {
        acked.handTo(mirror);
    }

    @Override
    public void stop() {
        stopping = true;
        synchronized (lock) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (!advanceOnCommit && mirror != null) {
            handAckedToMirror();
        }
        if (tailer != null) {
            tailer.close();
            tailer = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        Quietly.close(mirror, LOG, "the offset mirror");
        mirror = null;
        Quietly.close(store, LOG, "the checkpoint store");
        store = null;
    }
}
