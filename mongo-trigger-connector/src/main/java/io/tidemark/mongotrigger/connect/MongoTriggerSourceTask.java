package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.config.CheckpointStoreSettings;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.mongotrigger.checkpoint.AcknowledgedPositions;
import io.tidemark.mongotrigger.checkpoint.CheckpointCommits;
import io.tidemark.mongotrigger.startup.CheckpointMissingException;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.checkpoint.ResumePoint;
import io.tidemark.mongotrigger.startup.StartupPlanner;
import io.tidemark.mongotrigger.filter.UnresolvedLogicalDatabaseException;
import io.tidemark.mongotrigger.record.EventRecords;
import io.tidemark.mongotrigger.stream.Backoff;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import io.tidemark.mongotrigger.stream.ResumableStream;
import io.tidemark.mongotrigger.stream.StartPosition;
import io.tidemark.mongotrigger.stream.StreamException;
import io.tidemark.mongotrigger.trigger.EventRouter;
import io.tidemark.mongotrigger.trigger.TriggerEvaluator;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.GroupCommitter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
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
    private static final int STORE_FAILURES_TOLERATED = 5;

    private final TaskEnvironment env;
    private MongoTriggerSourceConfig config;
    private Clock clock;
    private CheckpointStore store;
    private AcknowledgedPositions acks;
    private CheckpointCommits commits;
    private ResumableStream stream;
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
    private int storeFailures;
    /** With checkpoint.local.advance=commit: acknowledged sequences waiting for Connect's commit. */
    private final java.util.Queue<Long> ackedUntilCommit = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean advanceOnCommit;

    public MongoTriggerSourceTask() {
        this(TaskEnvironment.PRODUCTION);
    }

    MongoTriggerSourceTask(TaskEnvironment env) {
        this.env = env;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MongoTriggerSourceConfig(props);
        clock = env.clock();
        String connectorName = props.getOrDefault(MongoTriggerSourceConfig.TASK_CONNECTOR_NAME, "");
        if (connectorName.isBlank()) {
            connectorName = props.getOrDefault("name", "mongo-trigger-source");
        }
        consumerId = config.consumerId();
        partition = OffsetShape.partition(consumerId);
        try {
            store = env.store(config, connectorName);
            LocalCheckpoint local = new LocalCheckpoint(store, config.checkpointKey());
            Map<String, Object> connectOffset = context.offsetStorageReader().offset(partition);
            ResumePoint resolution = PositionReconciler.resolve(connectOffset, local, config.corruptPolicy(),
                    clock.instant().getEpochSecond());
            StartPosition start = StartupPlanner.plan(resolution, config.startupSettings(), config.checkpointKey(),
                    env.audit());
            LOG.info("Starting {} (consumer {}) {} from {} ({}), checkpoint {} in {}", connectorName, consumerId,
                    config.scope(), start, resolution.source(), config.checkpointKey(),
                    CheckpointStoreSettings.storeDirectory(config, connectorName));
            nextSeq = resolution.nextSeq();
            advanceOnCommit = CheckpointStoreSettings.advanceOnCommit(config);
            acks = new AcknowledgedPositions(resolution.position());
            commits = new CheckpointCommits(local, acks, new GroupCommitter.Options(
                    CheckpointStoreSettings.flushInterval(config), CheckpointStoreSettings.flushMaxUpdates(config)), clock);
            var triggers = config.triggers();
            if (!triggers.valid()) {
                throw new ConnectException("Invalid triggers: " + String.join("; ", triggers.errors()));
            }
            router = new EventRouter(config.logicalDatabaseFilter(), new TriggerEvaluator(triggers.rules()),
                    config.unmatchedPolicy(), config.unmatchedTopic());
            records = new EventRecords(config.valueFormat());
            stream = new ResumableStream(env.source(config), start, config.historyLostAction(),
                    Backoff.of(config.retryInitial(), config.retryMax()), config.retryTimeout(), clock, env.audit(),
                    "To continue: stop the connector (PUT /connectors/" + connectorName + "/stop), reset its offsets"
                            + " (DELETE /connectors/" + connectorName + "/offsets), set start.from.now=true or"
                            + " start.at.operation.time, and resume it; or set stream.history.lost.action=restart_from_now."
                            + " Enlarge the oplog and keep heartbeat.interval.ms on so this does not recur.");
        } catch (CheckpointMissingException | CorruptRecordException e) {
            closeQuietly();
            throw new ConnectException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        lastEmittedToken = resolvedToken();
        maxEvents = config.pollMaxBatchSize();
        heartbeatMillis = config.heartbeatInterval().toMillis();
        // Started without a checkpoint: store the first position the server gives as soon as possible,
        // so a crash before the first event does not start from "now" a second time.
        lastEmitAt = resolvedToken() == null ? clock.millis() - heartbeatMillis : clock.millis();
        heartbeatTopic = config.heartbeatTopic();
        idleMillis = Math.min(config.maxAwait().toMillis(), 100);
    }

    private BsonDocument resolvedToken() {
        return acks.committable().map(p -> p.token()).orElse(null);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stream == null) {
            return null; // stopped
        }
        Optional<RuntimeException> storeFailure = commits.failure();
        if (storeFailure.isPresent()) {
            if (++storeFailures >= STORE_FAILURES_TOLERATED) {
                throw new ConnectException("The local checkpoint store keeps refusing commits: "
                        + storeFailure.get().getMessage(), storeFailure.get());
            }
        } else {
            storeFailures = 0;
        }
        List<SourceRecord> out = new ArrayList<>();
        long updatedAt = clock.instant().getEpochSecond();
        int events = 0;
        try {
            while (events < maxEvents) {
                ChangeEvent event = stream.next();
                if (event == null) {
                    break;
                }
                events++;
                EventRouter.Routing routing = router.route(event);
                for (EventRouter.Delivery d : routing.deliveries()) {
                    out.add(record(event, d, routing.logicalDatabase(), updatedAt));
                }
            }
        } catch (StreamException e) {
            if (!out.isEmpty() && e.isTransient()) {
                return emitted(out); // hand over what was read; the stream reopens after them
            }
            if (e.isTransient()) {
                throw new RetriableException(e.getMessage(), e);
            }
            throw new ConnectException(e.getMessage(), e);
        } catch (UnresolvedLogicalDatabaseException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        if (out.isEmpty()) {
            SourceRecord heartbeat = heartbeatIfDue(updatedAt);
            if (heartbeat != null) {
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

    private SourceRecord record(ChangeEvent event, EventRouter.Delivery d, String logicalDb, long updatedAt) {
        long seq = nextSeq++;
        acks.emitted(seq, event.resumeToken());
        lastEmittedToken = event.resumeToken();
        String tokenJson = event.resumeToken().toJson();
        Long timestamp = event.clusterTime() == null ? null : Integer.toUnsignedLong(event.clusterTime().getTime()) * 1000L;
        SourceRecord r = new SourceRecord(partition, OffsetShape.offset(event.resumeToken(), seq, updatedAt), d.topic(),
                null, EventRecords.KEY_SCHEMA, records.key(event), records.valueSchema(),
                records.value(event, logicalDb, d.trigger()), timestamp);
        records.headers(r.headers(), d.trigger(), tokenJson, logicalDb);
        return r;
    }

    private SourceRecord heartbeatIfDue(long updatedAt) {
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
        SourceRecord r = new SourceRecord(partition, OffsetShape.offset(position, seq, updatedAt), heartbeatTopic, null,
                Schema.STRING_SCHEMA, consumerId, Schema.STRING_SCHEMA,
                EventRecords.heartbeat(consumerId, position, clock.millis()), clock.millis());
        r.headers().addString(EventRecords.TOKEN_HEADER, position.toJson());
        return r;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        // metadata is null when a transformation dropped the record: Connect treats it as done too.
        long seq = OffsetMirror.seqOf(record.sourceOffset());
        if (seq < 0) {
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
        for (Long seq = ackedUntilCommit.poll(); seq != null; seq = ackedUntilCommit.poll()) {
            markAcknowledged(seq);
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
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                LOG.warn("Failure closing the change stream", e);
            }
            stream = null;
        }
        if (commits != null) {
            try {
                commits.close();
            } catch (RuntimeException e) {
                LOG.warn("Could not commit the last acknowledged position to the local store", e);
            }
            commits = null;
        }
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.warn("Failure closing the checkpoint store", e);
            }
            store = null;
        }
    }

    /** For tests: commits the acknowledged position now. */
    void flushCheckpoint() {
        commits.flush();
    }
}
