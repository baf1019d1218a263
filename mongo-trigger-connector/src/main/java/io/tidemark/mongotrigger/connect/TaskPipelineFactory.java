/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.retry.Backoff;
import io.tidemark.mongotrigger.checkpoint.AcknowledgedPositions;
import io.tidemark.mongotrigger.checkpoint.CheckpointCommits;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.checkpoint.ResumePoint;
import io.tidemark.mongotrigger.checkpoint.StartPoint;
import io.tidemark.mongotrigger.snapshot.SnapshotCopier;
import io.tidemark.mongotrigger.snapshot.SnapshotProgress;
import io.tidemark.mongotrigger.startup.CheckpointMissingException;
import io.tidemark.mongotrigger.startup.StartupPlanner;
import io.tidemark.mongotrigger.stream.ChangeStreamSource;
import io.tidemark.mongotrigger.stream.ResumableStream;
import io.tidemark.mongotrigger.stream.StartPointRecorder;
import io.tidemark.mongotrigger.stream.StartPosition;
import io.tidemark.mongotrigger.trigger.EventRouter;
import io.tidemark.mongotrigger.trigger.TriggerEvaluator;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.GroupCommitter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one task's pipeline from its config and its environment: the checkpoint store and local
 * checkpoint, the reconciled resume point and start position, the acknowledged positions and their
 * group commit, the event router (logical database filter and triggers), the record builder and the
 * resumable change stream. The production task and the tests use this same factory; tests only
 * pass a different {@link TaskEnvironment} (scripted change-stream source, clock, audit sink, store).
 */
final class TaskPipelineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPipelineFactory.class);

    private final TaskEnvironment env;

    TaskPipelineFactory(TaskEnvironment env) {
        this.env = env;
    }

    Clock clock() {
        return env.clock();
    }

    /**
     * Opens the pipeline; on any failure closes what was already opened and rethrows.
     *
     * @param connectOffset Connect's stored offset for this task's partition, or null
     * @throws CheckpointMissingException no checkpoint and no permission to start elsewhere
     * @throws CorruptRecordException     the local checkpoint is corrupt and the policy is to fail
     */
    TaskPipeline open(MongoTriggerSourceConfig config, String connectorName, Map<String, Object> connectOffset) {
        return open(config, connectorName, connectOffset, null);
    }

    /**
     * @param connectSnapshotOffset Connect's stored offset of the copy of existing documents, or null
     */
    TaskPipeline open(
            MongoTriggerSourceConfig config,
            String connectorName,
            Map<String, Object> connectOffset,
            Map<String, Object> connectSnapshotOffset) {
        CheckpointStore store = null;
        CheckpointCommits commits = null;
        ChangeStreamSource source = null;
        SnapshotPhase snapshot = null;
        try {
            Clock clock = env.clock();
            store = env.store(config, connectorName);
            LocalCheckpoint local = new LocalCheckpoint(store, config.checkpointKey());
            ResumePoint resolution = PositionReconciler.resolve(
                    connectOffset,
                    local,
                    config.corruptPolicy(),
                    clock.instant().getEpochSecond());
            EventRouter router = router(config);
            EventRecords records = new EventRecords(config.valueFormat());
            source = env.source(config);
            Optional<SnapshotProgress> copy =
                    resolution.position().isEmpty() && config.startupSettings().copyExisting()
                            ? SnapshotStart.recorded(connectSnapshotOffset, local)
                            : Optional.empty();
            StartPosition start;
            if (copy.isEmpty()
                    && resolution.position().isEmpty()
                    && resolution.startPoint().isEmpty()
                    && config.startupSettings().copyExisting()) {
                copy = Optional.of(SnapshotStart.begin(config, source, local, env, resolution.localCorrupt()));
            } else if (copy.isPresent()) {
                env.audit()
                        .record("AUDIT: "
                                + (copy.get().done()
                                        ? "The copy of existing documents is complete"
                                        : "Resuming the copy of existing documents")
                                + ": " + copy.get()
                                + " (no change stream position committed yet)");
            }
            if (copy.isPresent()) {
                start = StartPosition.at(copy.get().streamStart());
                if (!copy.get().done()) {
                    snapshot = new SnapshotPhase(
                            new SnapshotCopier(
                                    env.snapshotReader(config),
                                    config.copyFilter(),
                                    config.copyBatchSize(),
                                    copy.get()),
                            local,
                            router,
                            records,
                            config.consumerId(),
                            config.heartbeatTopic(),
                            clock,
                            config.checkpointStore().flushInterval().toMillis());
                }
            } else {
                start = StartupPlanner.plan(resolution, config.startupSettings(), config.checkpointKey(), env.audit());
            }
            LOG.info(
                    "Starting {} (consumer {}) {} from {} ({}), checkpoint {} in {}",
                    connectorName,
                    config.consumerId(),
                    config.scope(),
                    start,
                    resolution.source(),
                    config.checkpointKey(),
                    config.checkpointStore().directory(connectorName));
            AcknowledgedPositions acks = new AcknowledgedPositions(resolution.position());
            commits = new CheckpointCommits(
                    local,
                    acks,
                    new GroupCommitter.Options(
                            config.checkpointStore().flushInterval(),
                            config.checkpointStore().flushMaxUpdates()),
                    clock);
            ResumableStream stream = new ResumableStream(
                    source,
                    start,
                    config.historyLostAction(),
                    Backoff.of(config.retryInitial(), config.retryMax()),
                    config.retryTimeout(),
                    clock,
                    env.audit(),
                    historyLostHelp(connectorName),
                    start instanceof StartPosition.Now ? startPointRecorder(local, clock) : null);
            return new TaskPipeline(store, acks, commits, stream, router, records, resolution.nextSeq(), snapshot);
        } catch (RuntimeException e) {
            TaskPipeline.closeQuietly(snapshot, "Failure closing the copy of existing documents");
            TaskPipeline.closeQuietly(source, "Failure closing the change stream source");
            TaskPipeline.closeQuietly(commits, "Could not commit the last acknowledged position to the local store");
            TaskPipeline.closeQuietly(store, "Failure closing the checkpoint store");
            throw e;
        }
    }

    /**
     * Records the operation time a start from now is turned into, before the stream opens, so that every
     * later start resumes from it until a position is committed (which deletes it).
     */
    private StartPointRecorder startPointRecorder(LocalCheckpoint local, Clock clock) {
        return now -> {
            StartPoint point = new StartPoint(now.time(), clock.instant().getEpochSecond(), now.basis());
            local.writeStart(point);
            env.audit()
                    .record("AUDIT: Recorded the starting point " + point + " under " + local.startKey()
                            + ": until a position is committed, every start resumes from it");
        };
    }

    private static EventRouter router(MongoTriggerSourceConfig config) {
        var triggers = config.triggers();
        if (!triggers.valid()) {
            throw new ConnectException("Invalid triggers: " + String.join("; ", triggers.errors()));
        }
        return new EventRouter(
                config.namespaceSelectionFilter(),
                config.logicalDatabaseFilter(),
                new TriggerEvaluator(triggers.rules()),
                config.unmatchedPolicy(),
                config.unmatchedTopic());
    }

    /** What the operator does when the stored position is no longer in the oplog. */
    static String historyLostHelp(String connectorName) {
        return "To continue: stop the connector (PUT /connectors/" + connectorName + "/stop), reset its offsets"
                + " (DELETE /connectors/" + connectorName + "/offsets), set start.from.now=true or"
                + " start.at.operation.time, and resume it; or set stream.history.lost.action=restart_from_now."
                + " Enlarge the oplog and keep heartbeat.interval.ms on so this does not recur.";
    }
}
