/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.errors.ErrorTranslator;
import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.connect.store.StoreFailureTolerance;
import io.tidemark.mongotrigger.checkpoint.AcknowledgedPositions;
import io.tidemark.mongotrigger.checkpoint.CheckpointCommits;
import io.tidemark.mongotrigger.filter.UnresolvedLogicalDatabaseException;
import io.tidemark.mongotrigger.startup.CheckpointMissingException;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import io.tidemark.mongotrigger.stream.OplogWindow;
import io.tidemark.mongotrigger.stream.ResumableStream;
import io.tidemark.mongotrigger.stream.ResumeTokens;
import io.tidemark.mongotrigger.stream.StreamException;
import io.tidemark.mongotrigger.trigger.EventRouter;
import io.tidemark.mongotrigger.trigger.TriggerRule;
import io.tidemark.store.CorruptRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one task of the connector: reads the global change stream, routes each event through the
 * logical database filter and the triggers, and hands records to Kafka. Positions reach the local
 * checkpoint only after Kafka acknowledged them (commitRecord, group-committed).
 */
public class MongoTriggerSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(MongoTriggerSourceTask.class);

    /** The longest an idle poll sleeps, whatever poll.await.time.ms says. */
    static final long MAX_IDLE_SLEEP_MILLIS = 100;

    private final TaskPipelineFactory factory;
    private Clock clock;
    private TaskPipeline pipeline;
    private AcknowledgedPositions acks;
    private CheckpointCommits commits;
    private EventRouter router;
    private EventRecords records;
    private Map<String, Object> partition;
    private String consumerId;
    private long nextSeq;
    private int maxEvents;
    private long heartbeatMillis;
    private String heartbeatTopic;
    private long idleMillis;
    private BsonDocument lastEmittedToken;
    private long lastEmitAt;
    private StoreFailureTolerance storeHealth;
    private MongoTriggerMetrics metrics;
    private OplogWindow oplogWindow;

    /** How often the oldest oplog entry is read (one small query). */
    static final Duration OPLOG_SAMPLE_INTERVAL = Duration.ofSeconds(60);

    private ErrantEvents errant;
    /** With checkpoint.local.advance=commit: acknowledged sequences waiting for Connect's commit. */
    private final Queue<Long> ackedUntilCommit = new ConcurrentLinkedQueue<>();
    /** The same for the records of the copy of existing documents. */
    private final Queue<Long> snapshotAckedUntilCommit = new ConcurrentLinkedQueue<>();

    private volatile boolean advanceOnCommit;

    public MongoTriggerSourceTask() {
        this(new TaskPipelineFactory(TaskEnvironment.PRODUCTION));
    }

    MongoTriggerSourceTask(TaskPipelineFactory factory) {
        this.factory = factory;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("MongoDB trigger source");
        MongoTriggerSourceConfig config = new MongoTriggerSourceConfig(props);
        clock = factory.clock();
        String connectorName = config.task().connectorName(MongoTriggerSourceConnector.DEFAULT_NAME);
        consumerId = config.consumerId();
        partition = OffsetShape.partition(consumerId);
        try {
            pipeline = factory.open(
                    config,
                    connectorName,
                    context.offsetStorageReader().offset(partition),
                    config.startupSettings().copyExisting()
                            ? context.offsetStorageReader().offset(OffsetShape.snapshotPartition(consumerId))
                            : null);
        } catch (CheckpointMissingException | CorruptRecordException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        acks = pipeline.acks();
        commits = pipeline.commits();
        router = pipeline.router();
        records = pipeline.records();
        nextSeq = pipeline.nextSeq();
        advanceOnCommit = config.checkpointStore().advanceOnCommit();
        storeHealth = new StoreFailureTolerance(
                config.checkpointStore().failureTimeout(),
                clock::millis,
                "the checkpoint store of connector '" + connectorName + "'");
        lastEmittedToken = resolvedToken();
        maxEvents = config.pollMaxBatchSize();
        errant = new ErrantEvents(config.toleratesAllErrors(), config.deadLetterTopic());
        heartbeatMillis = config.heartbeatInterval().toMillis();
        // Started without a checkpoint: store the first position the server gives as soon as possible,
        // so a crash before the first event does not start from "now" a second time.
        lastEmitAt = resolvedToken() == null ? clock.millis() - heartbeatMillis : clock.millis();
        heartbeatTopic = config.heartbeatTopic();
        idleMillis = Math.min(config.maxAwait().toMillis(), MAX_IDLE_SLEEP_MILLIS);
        TaskPipeline built = pipeline;
        oplogWindow = new OplogWindow(
                built.stream()::oldestOplogEntry,
                () -> built.commits()
                        .committed()
                        .map(p -> ResumeTokens.clusterTimeSeconds(p.token()))
                        .orElse(OptionalLong.empty()),
                clock,
                OPLOG_SAMPLE_INTERVAL);
        metrics = new MongoTriggerMetrics(
                TaskMetrics.of(context, connectorName, config.task().taskIndex()),
                config.triggers().rules().stream().map(TriggerRule::name).toList(),
                pipeline.stream().stats(),
                oplogWindow,
                pipeline.store().commitStats(),
                pipeline.commits()::pendingUpdates,
                clock);
        LOG.info("MongoDB trigger task of '{}' started; metrics in {}", connectorName, metrics.where());
    }

    private BsonDocument resolvedToken() {
        return acks.committable().map(p -> p.token()).orElse(null);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        TaskPipeline running = pipeline;
        if (running == null) {
            return null; // stopped
        }
        try {
            storeHealth.check(commits.failure());
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate("checking the checkpoint store", e);
        }
        oplogWindow.maybeSample();
        SnapshotPhase snapshot = running.snapshot();
        if (snapshot != null && !snapshot.settled()) {
            snapshot.writeAcknowledged(false);
            if (!snapshot.finished()) {
                List<SourceRecord> copied = snapshot.poll(maxEvents, () -> nextSeq++);
                return copied.isEmpty() ? null : emitted(copied);
            }
        }
        List<SourceRecord> out = new ArrayList<>();
        long updatedAt = clock.instant().getEpochSecond();
        int events = 0;
        try {
            while (events < maxEvents) {
                ChangeEvent event = running.stream().next();
                if (event == null) {
                    break;
                }
                events++;
                EventRouter.Routing routing;
                try {
                    routing = router.route(event);
                } catch (UnresolvedLogicalDatabaseException e) {
                    throw e;
                } catch (RuntimeException e) {
                    out.add(deadLetter(event, e, updatedAt));
                    continue;
                }
                metrics.routed(routing);
                for (EventRouter.Delivery d : routing.deliveries()) {
                    try {
                        out.add(record(event, d, routing.logicalDatabase(), updatedAt));
                    } catch (RuntimeException e) {
                        out.add(deadLetter(event, e, updatedAt));
                        break;
                    }
                }
            }
        } catch (StreamException e) {
            if (!out.isEmpty() && e.isTransient()) {
                return emitted(out); // hand over what was read; the stream reopens after them
            }
            throw ErrorTranslator.translate("reading the change stream", e);
        } catch (UnresolvedLogicalDatabaseException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        if (out.isEmpty()) {
            SourceRecord heartbeat = heartbeatIfDue(running.stream(), updatedAt);
            if (heartbeat != null) {
                metrics.heartbeat();
                out.add(heartbeat);
            } else if (events == 0) {
                Thread.sleep(idleMillis);
                return null;
            }
        }
        return out.isEmpty() ? null : emitted(out);
    }

    private List<SourceRecord> emitted(List<SourceRecord> out) {
        lastEmitAt = clock.millis();
        return out;
    }

    /** The event's record for one delivery; the record is built before its position is registered. */
    private SourceRecord record(ChangeEvent event, EventRouter.Delivery d, String logicalDb, long updatedAt) {
        long seq = nextSeq;
        SourceRecord r = records.changeRecord(
                partition,
                OffsetShape.offset(event.resumeToken(), seq, updatedAt),
                d.topic(),
                event,
                d.trigger(),
                logicalDb);
        nextSeq++;
        acks.emitted(seq, event.resumeToken());
        lastEmittedToken = event.resumeToken();
        return r;
    }

    /** The dead letter record of an event that failed, or a ConnectException naming it. */
    private SourceRecord deadLetter(ChangeEvent event, RuntimeException error, long updatedAt) {
        long seq = nextSeq;
        SourceRecord r =
                errant.deadLetter(event, error, partition, OffsetShape.offset(event.resumeToken(), seq, updatedAt));
        nextSeq++;
        acks.emitted(seq, event.resumeToken());
        lastEmittedToken = event.resumeToken();
        return r;
    }

    private SourceRecord heartbeatIfDue(ResumableStream stream, long updatedAt) {
        if (heartbeatMillis <= 0 || clock.millis() - lastEmitAt < heartbeatMillis) {
            return null;
        }
        BsonDocument position = stream.position();
        if (position == null || position.equals(lastEmittedToken)) {
            return null;
        }
        long seq = nextSeq++;
        acks.emitted(seq, position);
        lastEmittedToken = position;
        return EventRecords.heartbeatRecord(
                partition,
                OffsetShape.offset(position, seq, updatedAt),
                heartbeatTopic,
                consumerId,
                position,
                clock.millis());
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        // metadata is null when a transformation dropped the record: Connect treats it as done too.
        long seq = OffsetMirror.seqOf(record.sourceOffset());
        if (seq < 0) {
            return;
        }
        if (OffsetShape.isSnapshotPartition(record.sourcePartition())) {
            if (advanceOnCommit) {
                snapshotAckedUntilCommit.add(seq);
            } else {
                markSnapshotAcknowledged(seq);
            }
            return;
        }
        if (advanceOnCommit) {
            // With exactly-once the record's transaction may still abort: wait for commit().
            ackedUntilCommit.add(seq);
        } else {
            markAcknowledged(seq);
        }
    }

    /**
     * Connect committed the offsets of everything acknowledged so far (with exactly-once: the
     * transaction committed), so those positions may now reach the local store.
     */
    @Override
    public void commit() {
        for (Long seq = snapshotAckedUntilCommit.poll(); seq != null; seq = snapshotAckedUntilCommit.poll()) {
            markSnapshotAcknowledged(seq);
        }
        for (Long seq = ackedUntilCommit.poll(); seq != null; seq = ackedUntilCommit.poll()) {
            markAcknowledged(seq);
        }
    }

    private void markSnapshotAcknowledged(long seq) {
        TaskPipeline p = pipeline;
        if (p != null && p.snapshot() != null) {
            p.snapshot().acknowledged(seq);
        }
    }

    private void markAcknowledged(long seq) {
        CheckpointCommits c = commits;
        if (c != null) {
            c.acknowledged(seq);
        }
    }

    @Override
    public void stop() {
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
            commits = null;
        }
    }

    /** For tests: commits the acknowledged position now. */
    void flushCheckpoint() {
        commits.flush();
    }
}
