/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.CrossFieldChecked;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.config.validators.EnumRecommender;
import io.tidemark.mongotrigger.filter.LogicalDatabaseFilter;
import io.tidemark.mongotrigger.filter.UnresolvedAction;
import io.tidemark.mongotrigger.record.ValueFormat;
import io.tidemark.mongotrigger.startup.StartupSettings;
import io.tidemark.mongotrigger.stream.HistoryLostAction;
import io.tidemark.mongotrigger.stream.WatchOptions;
import io.tidemark.mongotrigger.stream.WatchScope;
import io.tidemark.mongotrigger.trigger.TriggerDefinitions;
import io.tidemark.mongotrigger.trigger.UnmatchedPolicy;
import io.tidemark.store.CorruptRecordPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/** Every setting of the MongoDB trigger source, with typed getters. The module README lists them. */
public final class MongoTriggerSourceConfig extends AbstractConfig implements CrossFieldChecked {

    private static final String CONNECTION_GROUP = "Connection";
    private static final String WATCH_GROUP = "Change stream";
    private static final String START_GROUP = "Startup and checkpoint";
    private static final String LOGICAL_GROUP = "Logical database";
    private static final String TRIGGER_GROUP = "Triggers";
    private static final String OUTPUT_GROUP = "Output";
    private static final String ERROR_GROUP = "Errors";

    public static final String CONNECTION_URI_CONFIG = "connection.uri";
    public static final String CONNECTION_URI_DOC = "MongoDB connection string (mongodb:// or mongodb+srv://) of a"
            + " replica set or sharded cluster; change streams do not work on a standalone server. Stored and shown"
            + " as a password; never logged.";
    public static final String CONNECTION_TIMEOUT_CONFIG = "connection.validate.timeout.ms";
    public static final String CONNECTION_TIMEOUT_DOC =
            "How long validate() waits for the server when it checks" + " reachability, credentials and replica set.";

    public static final String WATCH_SCOPE_CONFIG = "watch.scope";
    public static final String WATCH_SCOPE_DOC = "What the change stream watches: 'collection' (database + collection),"
            + " 'database' (every collection of database) or 'deployment' (every database).";
    public static final String DATABASE_CONFIG = "database";
    public static final String DATABASE_DOC = "MongoDB database to watch (scopes 'collection' and 'database'). This is"
            + " the physical database, not the logical database read from logical.database.field.";
    public static final String COLLECTION_CONFIG = "collection";
    public static final String COLLECTION_DOC = "MongoDB collection to watch (scope 'collection').";
    public static final String PIPELINE_CONFIG = "pipeline";
    public static final String PIPELINE_DOC = "JSON array of aggregation stages appended to the change stream, e.g."
            + " [{\"$match\": {\"operationType\": \"insert\"}}]. Server-side filtering; post-batch tokens still advance.";
    public static final String NS_INCLUDE_DBS_CONFIG = "namespace.include.databases";
    public static final String NS_EXCLUDE_DBS_CONFIG = "namespace.exclude.databases";
    public static final String NS_INCLUDE_COLLS_CONFIG = "namespace.include.collections";
    public static final String NS_EXCLUDE_COLLS_CONFIG = "namespace.exclude.collections";
    public static final String NS_INCLUDE_REGEX_CONFIG = "namespace.include.regex";
    public static final String NS_EXCLUDE_REGEX_CONFIG = "namespace.exclude.regex";
    private static final String NS_SCOPE_NOTE =
            " Only with watch.scope=database or deployment. A namespace is kept when"
                    + " it passes every include that is set and no exclude; applies to change events and to the copy of"
                    + " existing documents.";
    public static final String NS_INCLUDE_DBS_DOC = "Comma-separated databases whose events are kept (pushed into the"
            + " change stream's pipeline as a $match on ns.db)." + NS_SCOPE_NOTE;
    public static final String NS_EXCLUDE_DBS_DOC = "Comma-separated databases whose events are dropped (pushed into"
            + " the change stream's pipeline)." + NS_SCOPE_NOTE;
    public static final String NS_INCLUDE_COLLS_DOC =
            "Comma-separated '<database>.<collection>' namespaces whose events"
                    + " are kept (pushed into the change stream's pipeline); database-level events (dropDatabase) of their"
                    + " databases are kept too." + NS_SCOPE_NOTE;
    public static final String NS_EXCLUDE_COLLS_DOC = "Comma-separated '<database>.<collection>' namespaces whose"
            + " events are dropped (pushed into the change stream's pipeline)." + NS_SCOPE_NOTE;
    public static final String NS_INCLUDE_REGEX_DOC = "Regular expression a '<database>.<collection>' namespace must"
            + " match in full to be kept; applied as events arrive (not pushed to the server)." + NS_SCOPE_NOTE;
    public static final String NS_EXCLUDE_REGEX_DOC = "Regular expression of '<database>.<collection>' namespaces to"
            + " drop (matched in full); applied as events arrive (not pushed to the server)." + NS_SCOPE_NOTE;
    public static final String FULL_DOCUMENT_CONFIG = "change.stream.full.document";
    public static final String FULL_DOCUMENT_DOC = "fullDocument option: 'default' (no document on updates),"
            + " 'updateLookup' (current document on updates), 'whenAvailable' or 'required' (post-images, MongoDB 6.0+).";
    public static final String BEFORE_CHANGE_CONFIG = "change.stream.full.document.before.change";
    public static final String BEFORE_CHANGE_DOC = "fullDocumentBeforeChange option: 'off', 'whenAvailable' or"
            + " 'required' (pre-images, MongoDB 6.0+ with changeStreamPreAndPostImages on the collection). Pre-images"
            + " let deletes be filtered by logical database and matched by trigger conditions.";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String BATCH_SIZE_DOC = "Change stream cursor batch size; 0 uses the server default.";
    public static final String MAX_AWAIT_CONFIG = "poll.await.time.ms";
    public static final String MAX_AWAIT_DOC = "How long the server waits for new events before answering an empty"
            + " batch (maxAwaitTimeMS); also the idle pause of the task.";
    public static final String POLL_MAX_CONFIG = "poll.max.batch.size";
    public static final String POLL_MAX_DOC =
            "Most change events one poll() turns into records. Records of one event" + " are never split across polls.";

    public static final String START_FROM_NOW_CONFIG = "start.from.now";
    public static final String START_FROM_NOW_DOC = "StartFromNow. When no checkpoint exists (or it is corrupt):"
            + " true starts from the current end of the change stream and logs 'AUDIT: Starting watch from NOW"
            + " (checkpoint missing)'; false fails the task at once. 'Now' is decided once: the server's operation"
            + " time is recorded in the local store (<checkpoint.key>.start) before the stream opens, and every later"
            + " start resumes from it (audited) until a position is committed, so restarts before the first committed"
            + " position skip nothing. An existing checkpoint always wins; resetting the offsets clears the"
            + " recorded point.";
    public static final String START_AT_CONFIG = "start.at.operation.time";
    public static final String START_AT_DOC = "When no checkpoint exists, start at this operation time instead:"
            + " '<seconds>[:<increment>]' or an ISO-8601 instant. Takes precedence over start.from.now. Audited.";
    public static final String STARTUP_MODE_CONFIG = "startup.mode";
    public static final String STARTUP_MODE_DOC =
            "What to do when no checkpoint exists, in mongo-kafka-connect's terms;"
                    + " empty (the default) uses start.from.now and start.at.operation.time, and with neither set the task"
                    + " fails at start rather than skip or replay data. 'latest': start from the current end of the change"
                    + " stream (as start.from.now=true, audited). 'timestamp': start at"
                    + " startup.mode.timestamp.start.at.operation.time (as start.at.operation.time). 'copy_existing': copy the"
                    + " existing documents of the watched namespaces first (records with operation 'read'), then continue the"
                    + " change stream from the operation time taken before the copy started; the copy resumes after a crash"
                    + " from the last copied _id. Cannot be combined with start.from.now or start.at.operation.time.";
    public static final String STARTUP_TIMESTAMP_CONFIG = "startup.mode.timestamp.start.at.operation.time";
    public static final String STARTUP_TIMESTAMP_DOC = "With startup.mode=timestamp: the operation time to start at,"
            + " '<seconds>[:<increment>]' or an ISO-8601 instant.";
    public static final String COPY_REGEX_CONFIG = "startup.mode.copy.existing.namespace.regex";
    public static final String COPY_REGEX_DOC = "With startup.mode=copy_existing: copy only the namespaces"
            + " ('<database>.<collection>') this regular expression matches in full; empty copies every watched"
            + " namespace. Change events of other namespaces are still streamed.";
    public static final String COPY_PIPELINE_CONFIG = "startup.mode.copy.existing.pipeline";
    public static final String COPY_PIPELINE_DOC = "With startup.mode=copy_existing: a JSON array of $match stages"
            + " the copied documents must pass, e.g. [{\"$match\": {\"status\": \"active\"}}]. Only $match stages"
            + " are accepted (they become the query of the copy, which reads in _id order to be resumable).";
    public static final String COPY_BATCH_CONFIG = "startup.mode.copy.existing.batch.size";
    public static final String COPY_BATCH_DOC =
            "With startup.mode=copy_existing: documents per server batch of the copy.";
    public static final String HISTORY_LOST_CONFIG = "stream.history.lost.action";
    public static final String HISTORY_LOST_DOC = "When the stored resume token is no longer on the server (codes"
            + " 260/280/286): 'fail' stops the task with instructions (nothing is skipped); 'restart_from_now' restarts"
            + " the watch from now and logs an AUDIT line naming the skipped range.";
    public static final String CHECKPOINT_KEY_CONFIG = "checkpoint.key";
    public static final String CHECKPOINT_KEY_DOC =
            "Key of the global checkpoint {token, updatedAt} in the local" + " checkpoint store.";
    public static final String CHECKPOINT_KEY_DEFAULT = "sys/checkpoints/trigger_evaluator";
    public static final String CONSUMER_ID_CONFIG = "consumer.id";
    public static final String CONSUMER_ID_DOC = "Consumer id of the global checkpoint: the source partition"
            + " {\"consumer\": <id>} of every record in Connect's offsets.";
    public static final String CONSUMER_ID_DEFAULT = "trigger-evaluator";

    public static final String LOGICAL_FIELD_CONFIG = "logical.database.field";
    public static final String LOGICAL_FIELD_DOC =
            "Dotted path of the field holding the logical database in every" + " document (its Database field).";
    public static final String LOGICAL_FIELD_DEFAULT = "database";
    public static final String LOGICAL_DATABASE_CONFIG = "logical.database";
    public static final String LOGICAL_DATABASE_DOC = "Keep only events of this logical database; empty keeps all."
            + " Filtering happens after the events arrive, on one global stream.";
    public static final String LOGICAL_KEY_PATH_CONFIG = "logical.database.document.key.path";
    public static final String LOGICAL_KEY_PATH_DOC = "Dotted path inside the document key that holds the logical"
            + " database (e.g. '_id.database' or a shard key field). Lets deletes be filtered without pre-images.";
    public static final String LOGICAL_UNRESOLVED_CONFIG = "logical.database.unresolved.action";
    public static final String LOGICAL_UNRESOLVED_DOC = "With a logical.database filter, what happens to an event"
            + " whose logical database cannot be told (a delete without pre-image or key path): 'include' passes it on"
            + " with no logical database, 'drop' drops it, 'fail' stops the task.";

    public static final String TRIGGERS_CONFIG = "triggers";
    public static final String TRIGGERS_DOC = "JSON array of named triggers: {\"name\", \"collections\" (or"
            + " \"collection\"), \"operations\", \"condition\" (query subset: equality, $eq $ne $gt $gte $lt $lte, $in"
            + " $nin, $exists, $and $or $nor on dotted paths), \"topic\"}. An event produces one record per matched trigger.";
    public static final String UNMATCHED_CONFIG = "unmatched.action";
    public static final String UNMATCHED_DOC = "Events no trigger matches: 'drop' or 'route' to unmatched.topic.";
    public static final String UNMATCHED_TOPIC_CONFIG = "unmatched.topic";
    public static final String UNMATCHED_TOPIC_DOC = "Topic for unmatched events when unmatched.action=route.";

    public static final String OUTPUT_FORMAT_CONFIG = "output.format";
    public static final String OUTPUT_FORMAT_DOC = "'json': the value is the event as a JSON string (use"
            + " StringConverter); 'struct': a Connect Struct with a schema (operation, namespace, documentKey,"
            + " fullDocument, fullDocumentBeforeChange, updateDescription, clusterTime, logicalDatabase, trigger).";
    public static final String HEARTBEAT_INTERVAL_CONFIG = "heartbeat.interval.ms";
    public static final String HEARTBEAT_INTERVAL_DOC = "When no record was produced for this long and the stream"
            + " position moved (post-batch resume token, filtered events), a heartbeat record carries the position to"
            + " heartbeat.topic so the checkpoint keeps up and never ages out of the oplog. 0 disables.";
    public static final String HEARTBEAT_TOPIC_CONFIG = "heartbeat.topic";
    public static final String HEARTBEAT_TOPIC_DOC = "Topic of heartbeat records.";

    public static final String RETRY_INITIAL_CONFIG = "retry.backoff.initial.ms";
    public static final String RETRY_INITIAL_DOC =
            "First backoff after a transient failure (network, step-down); doubles up"
                    + " to retry.backoff.max.ms, with jitter.";
    public static final String RETRY_MAX_CONFIG = "retry.backoff.max.ms";
    public static final String RETRY_MAX_DOC = "Largest backoff between attempts to reopen the change stream.";
    public static final String RETRY_TIMEOUT_CONFIG = "retry.timeout.ms";
    public static final String RETRY_TIMEOUT_DOC =
            "How long transient failures are retried before the task fails; -1" + " retries forever.";

    public static final String DLQ_TOPIC_CONFIG = "errors.deadletterqueue.topic.name";
    public static final String DLQ_TOPIC_DOC = "With Kafka Connect's errors.tolerance=all: the topic events go to"
            + " when they cannot be evaluated by the triggers or converted into a record (the record holds the"
            + " event's operation, namespace and document key, the error is in the headers tidemark.error.class,"
            + " tidemark.error.message and tidemark.error.namespace), and the position moves past them. Kafka Connect"
            + " has no dead letter queue for source connectors, so this connector keeps its own. Without it (or"
            + " with errors.tolerance=none) such an event fails the task, naming its namespace and document key.";
    public static final String ERRORS_TOLERANCE_CONFIG = "errors.tolerance";

    /** Set by the connector on the task config: the connector's name (owner of the checkpoint store). */
    public static final ConfigDef CONFIG_DEF = configDef();

    public MongoTriggerSourceConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int o = 0;
        def.define(
                        CONNECTION_URI_CONFIG,
                        Type.PASSWORD,
                        ConfigDef.NO_DEFAULT_VALUE,
                        Importance.HIGH,
                        CONNECTION_URI_DOC,
                        CONNECTION_GROUP,
                        ++o,
                        Width.LONG,
                        "Connection URI")
                .define(
                        CONNECTION_TIMEOUT_CONFIG,
                        Type.INT,
                        5000,
                        ConfigDef.Range.between(100, 120_000),
                        Importance.LOW,
                        CONNECTION_TIMEOUT_DOC,
                        CONNECTION_GROUP,
                        ++o,
                        Width.SHORT,
                        "Validation timeout (ms)");
        o = 0;
        def.define(
                        WATCH_SCOPE_CONFIG,
                        Type.STRING,
                        "collection",
                        ConfigDef.CaseInsensitiveValidString.in("collection", "database", "deployment"),
                        Importance.HIGH,
                        WATCH_SCOPE_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.SHORT,
                        "Watch scope",
                        new EnumRecommender("collection", "database", "deployment"))
                .define(
                        DATABASE_CONFIG,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        DATABASE_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Database")
                .define(
                        COLLECTION_CONFIG,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        COLLECTION_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Collection")
                .define(
                        PIPELINE_CONFIG,
                        Type.STRING,
                        "[]",
                        Importance.MEDIUM,
                        PIPELINE_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.LONG,
                        "Pipeline")
                .define(
                        NS_INCLUDE_DBS_CONFIG,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        NS_INCLUDE_DBS_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.LONG,
                        "Include databases")
                .define(
                        NS_EXCLUDE_DBS_CONFIG,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        NS_EXCLUDE_DBS_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.LONG,
                        "Exclude databases")
                .define(
                        NS_INCLUDE_COLLS_CONFIG,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        NS_INCLUDE_COLLS_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.LONG,
                        "Include collections")
                .define(
                        NS_EXCLUDE_COLLS_CONFIG,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        NS_EXCLUDE_COLLS_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.LONG,
                        "Exclude collections")
                .define(
                        NS_INCLUDE_REGEX_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        NS_INCLUDE_REGEX_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.LONG,
                        "Include namespace regex")
                .define(
                        NS_EXCLUDE_REGEX_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        NS_EXCLUDE_REGEX_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.LONG,
                        "Exclude namespace regex")
                .define(
                        FULL_DOCUMENT_CONFIG,
                        Type.STRING,
                        "updateLookup",
                        ConfigDef.ValidString.in("default", "updateLookup", "whenAvailable", "required"),
                        Importance.MEDIUM,
                        FULL_DOCUMENT_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.SHORT,
                        "Full document",
                        new EnumRecommender("default", "updateLookup", "whenAvailable", "required"))
                .define(
                        BEFORE_CHANGE_CONFIG,
                        Type.STRING,
                        "off",
                        ConfigDef.ValidString.in("off", "whenAvailable", "required"),
                        Importance.MEDIUM,
                        BEFORE_CHANGE_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.SHORT,
                        "Full document before change",
                        new EnumRecommender("off", "whenAvailable", "required"))
                .define(
                        BATCH_SIZE_CONFIG,
                        Type.INT,
                        0,
                        ConfigDef.Range.between(0, 100_000),
                        Importance.LOW,
                        BATCH_SIZE_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.SHORT,
                        "Cursor batch size")
                .define(
                        MAX_AWAIT_CONFIG,
                        Type.LONG,
                        500L,
                        ConfigDef.Range.between(1, 60_000),
                        Importance.LOW,
                        MAX_AWAIT_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.SHORT,
                        "Max await time (ms)")
                .define(
                        POLL_MAX_CONFIG,
                        Type.INT,
                        2000,
                        ConfigDef.Range.between(1, 100_000),
                        Importance.LOW,
                        POLL_MAX_DOC,
                        WATCH_GROUP,
                        ++o,
                        Width.SHORT,
                        "Events per poll");
        o = 0;
        def.define(
                        START_FROM_NOW_CONFIG,
                        Type.BOOLEAN,
                        false,
                        Importance.HIGH,
                        START_FROM_NOW_DOC,
                        START_GROUP,
                        ++o,
                        Width.SHORT,
                        "Start from now when no checkpoint")
                .define(
                        START_AT_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        START_AT_DOC,
                        START_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Start at operation time")
                .define(
                        STARTUP_MODE_CONFIG,
                        Type.STRING,
                        "",
                        ConfigDef.CaseInsensitiveValidString.in("", "latest", "timestamp", "copy_existing"),
                        Importance.HIGH,
                        STARTUP_MODE_DOC,
                        START_GROUP,
                        ++o,
                        Width.SHORT,
                        "Startup mode",
                        new EnumRecommender("latest", "timestamp", "copy_existing"))
                .define(
                        STARTUP_TIMESTAMP_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        STARTUP_TIMESTAMP_DOC,
                        START_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Startup timestamp")
                .define(
                        COPY_REGEX_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        COPY_REGEX_DOC,
                        START_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Copy namespace regex")
                .define(
                        COPY_PIPELINE_CONFIG,
                        Type.STRING,
                        "[]",
                        Importance.MEDIUM,
                        COPY_PIPELINE_DOC,
                        START_GROUP,
                        ++o,
                        Width.LONG,
                        "Copy pipeline")
                .define(
                        COPY_BATCH_CONFIG,
                        Type.INT,
                        1000,
                        ConfigDef.Range.between(1, 100_000),
                        Importance.LOW,
                        COPY_BATCH_DOC,
                        START_GROUP,
                        ++o,
                        Width.SHORT,
                        "Copy batch size")
                .define(
                        HISTORY_LOST_CONFIG,
                        Type.STRING,
                        "fail",
                        ConfigDef.CaseInsensitiveValidString.in("fail", "restart_from_now"),
                        Importance.MEDIUM,
                        HISTORY_LOST_DOC,
                        START_GROUP,
                        ++o,
                        Width.SHORT,
                        "When history is lost",
                        new EnumRecommender("fail", "restart_from_now"))
                .define(
                        CHECKPOINT_KEY_CONFIG,
                        Type.STRING,
                        CHECKPOINT_KEY_DEFAULT,
                        new ConfigDef.NonEmptyString(),
                        Importance.LOW,
                        CHECKPOINT_KEY_DOC,
                        START_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Checkpoint key")
                .define(
                        CONSUMER_ID_CONFIG,
                        Type.STRING,
                        CONSUMER_ID_DEFAULT,
                        new ConfigDef.NonEmptyString(),
                        Importance.LOW,
                        CONSUMER_ID_DOC,
                        START_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Consumer id");
        // The shared checkpoint-store settings, with "treat as missing" as the default corrupt policy.
        CheckpointStoreFragment.addTo(def, "treat_as_missing");
        CheckpointStoreFragment.addSourceSettingsTo(def);
        o = 0;
        def.define(
                        LOGICAL_FIELD_CONFIG,
                        Type.STRING,
                        LOGICAL_FIELD_DEFAULT,
                        new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM,
                        LOGICAL_FIELD_DOC,
                        LOGICAL_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Logical database field")
                .define(
                        LOGICAL_DATABASE_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        LOGICAL_DATABASE_DOC,
                        LOGICAL_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Logical database")
                .define(
                        LOGICAL_KEY_PATH_CONFIG,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        LOGICAL_KEY_PATH_DOC,
                        LOGICAL_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Logical database in document key")
                .define(
                        LOGICAL_UNRESOLVED_CONFIG,
                        Type.STRING,
                        "include",
                        ConfigDef.CaseInsensitiveValidString.in("include", "drop", "fail"),
                        Importance.LOW,
                        LOGICAL_UNRESOLVED_DOC,
                        LOGICAL_GROUP,
                        ++o,
                        Width.SHORT,
                        "Unresolved logical database",
                        new EnumRecommender("include", "drop", "fail"));
        o = 0;
        def.define(
                        TRIGGERS_CONFIG,
                        Type.STRING,
                        "[]",
                        Importance.HIGH,
                        TRIGGERS_DOC,
                        TRIGGER_GROUP,
                        ++o,
                        Width.LONG,
                        "Triggers")
                .define(
                        UNMATCHED_CONFIG,
                        Type.STRING,
                        "drop",
                        ConfigDef.CaseInsensitiveValidString.in("drop", "route"),
                        Importance.MEDIUM,
                        UNMATCHED_DOC,
                        TRIGGER_GROUP,
                        ++o,
                        Width.SHORT,
                        "Unmatched events",
                        new EnumRecommender("drop", "route"))
                .define(
                        UNMATCHED_TOPIC_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        UNMATCHED_TOPIC_DOC,
                        TRIGGER_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Unmatched topic");
        o = 0;
        def.define(
                        OUTPUT_FORMAT_CONFIG,
                        Type.STRING,
                        "json",
                        ConfigDef.CaseInsensitiveValidString.in("json", "struct"),
                        Importance.MEDIUM,
                        OUTPUT_FORMAT_DOC,
                        OUTPUT_GROUP,
                        ++o,
                        Width.SHORT,
                        "Output format",
                        new EnumRecommender("json", "struct"))
                .define(
                        HEARTBEAT_INTERVAL_CONFIG,
                        Type.LONG,
                        10_000L,
                        ConfigDef.Range.between(0, 3_600_000),
                        Importance.MEDIUM,
                        HEARTBEAT_INTERVAL_DOC,
                        OUTPUT_GROUP,
                        ++o,
                        Width.SHORT,
                        "Heartbeat interval (ms)")
                .define(
                        HEARTBEAT_TOPIC_CONFIG,
                        Type.STRING,
                        "__tidemark_mongo_trigger_heartbeats",
                        new ConfigDef.NonEmptyString(),
                        Importance.LOW,
                        HEARTBEAT_TOPIC_DOC,
                        OUTPUT_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Heartbeat topic");
        o = 0;
        def.define(
                        RETRY_INITIAL_CONFIG,
                        Type.LONG,
                        200L,
                        ConfigDef.Range.between(1, 600_000),
                        Importance.LOW,
                        RETRY_INITIAL_DOC,
                        ERROR_GROUP,
                        ++o,
                        Width.SHORT,
                        "Initial backoff (ms)")
                .define(
                        RETRY_MAX_CONFIG,
                        Type.LONG,
                        30_000L,
                        ConfigDef.Range.between(1, 3_600_000),
                        Importance.LOW,
                        RETRY_MAX_DOC,
                        ERROR_GROUP,
                        ++o,
                        Width.SHORT,
                        "Max backoff (ms)")
                .define(
                        RETRY_TIMEOUT_CONFIG,
                        Type.LONG,
                        300_000L,
                        ConfigDef.Range.atLeast(-1),
                        Importance.LOW,
                        RETRY_TIMEOUT_DOC,
                        ERROR_GROUP,
                        ++o,
                        Width.SHORT,
                        "Retry timeout (ms)")
                .define(
                        DLQ_TOPIC_CONFIG,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        DLQ_TOPIC_DOC,
                        ERROR_GROUP,
                        ++o,
                        Width.MEDIUM,
                        "Dead letter topic");
        TaskFragment.addTo(def);
        return def;
    }

    // ---- cross-field checks, reported by validate() on the setting they concern ----

    /** Problems that single-setting validators cannot see, by setting name. */
    @Override
    public Map<String, List<String>> crossFieldProblems() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        WatchScope.Level level = scopeLevel();
        if (level != WatchScope.Level.DEPLOYMENT && getString(DATABASE_CONFIG).isBlank()) {
            out.computeIfAbsent(DATABASE_CONFIG, k -> new ArrayList<>())
                    .add("database is required when watch.scope is "
                            + level.name().toLowerCase(Locale.ROOT));
        }
        if (level == WatchScope.Level.COLLECTION && getString(COLLECTION_CONFIG).isBlank()) {
            out.computeIfAbsent(COLLECTION_CONFIG, k -> new ArrayList<>())
                    .add("collection is required when watch.scope is collection");
        }
        try {
            pipeline();
        } catch (ConfigException e) {
            out.computeIfAbsent(PIPELINE_CONFIG, k -> new ArrayList<>()).add(e.getMessage());
        }
        namespaceProblems().forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>())
                .addAll(v));
        startupProblems().forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>())
                .addAll(v));
        if (unmatchedPolicy() == UnmatchedPolicy.ROUTE
                && getString(UNMATCHED_TOPIC_CONFIG).isBlank()) {
            out.computeIfAbsent(UNMATCHED_TOPIC_CONFIG, k -> new ArrayList<>())
                    .add("unmatched.topic is required when unmatched.action=route");
        }
        TriggerDefinitions.Result triggers = TriggerDefinitions.parse(getString(TRIGGERS_CONFIG));
        if (!triggers.valid()) {
            out.computeIfAbsent(TRIGGERS_CONFIG, k -> new ArrayList<>()).addAll(triggers.errors());
        } else if (triggers.rules().isEmpty() && unmatchedPolicy() == UnmatchedPolicy.DROP) {
            out.computeIfAbsent(TRIGGERS_CONFIG, k -> new ArrayList<>())
                    .add(
                            "no triggers are defined and"
                                    + " unmatched.action=drop: every event would be dropped. Define triggers or set unmatched.action=route.");
        }
        return out;
    }

    // ---- typed getters ----

    public Password connectionUri() {
        return getPassword(CONNECTION_URI_CONFIG);
    }

    public Duration validationTimeout() {
        return Duration.ofMillis(getInt(CONNECTION_TIMEOUT_CONFIG));
    }

    public WatchScope.Level scopeLevel() {
        return WatchScope.Level.valueOf(getString(WATCH_SCOPE_CONFIG).toUpperCase(Locale.ROOT));
    }

    public WatchScope scope() {
        return switch (scopeLevel()) {
            case COLLECTION -> WatchScope.collection(getString(DATABASE_CONFIG), getString(COLLECTION_CONFIG));
            case DATABASE -> WatchScope.database(getString(DATABASE_CONFIG));
            case DEPLOYMENT -> WatchScope.deployment();
        };
    }

    public List<BsonDocument> pipeline() {
        String json = getString(PIPELINE_CONFIG);
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            BsonArray stages = BsonArray.parse(json);
            List<BsonDocument> out = new ArrayList<>();
            for (BsonValue v : stages) {
                if (!v.isDocument()) {
                    throw new ConfigException(PIPELINE_CONFIG, json, "every stage must be a JSON object");
                }
                out.add(v.asDocument());
            }
            return out;
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(PIPELINE_CONFIG, json, "not a JSON array of stages: " + e.getMessage());
        }
    }

    private static final List<String> NS_LISTS =
            List.of(NS_INCLUDE_DBS_CONFIG, NS_EXCLUDE_DBS_CONFIG, NS_INCLUDE_COLLS_CONFIG, NS_EXCLUDE_COLLS_CONFIG);
    private static final List<String> NS_REGEXES = List.of(NS_INCLUDE_REGEX_CONFIG, NS_EXCLUDE_REGEX_CONFIG);

    /** Problems of the namespace settings, by setting. */
    Map<String, List<String>> namespaceProblems() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        boolean collectionScope = scopeLevel() == WatchScope.Level.COLLECTION;
        for (String k : NS_LISTS) {
            List<String> values = getList(k);
            if (!values.isEmpty() && collectionScope) {
                out.computeIfAbsent(k, x -> new ArrayList<>())
                        .add(k + " only applies to watch.scope=database or deployment: with watch.scope=collection"
                                + " only one namespace is watched. Remove it or widen watch.scope.");
            }
            boolean qualified = k.equals(NS_INCLUDE_COLLS_CONFIG) || k.equals(NS_EXCLUDE_COLLS_CONFIG);
            for (String v : values) {
                int dot = v.indexOf('.');
                if (qualified && (dot <= 0 || dot == v.length() - 1)) {
                    out.computeIfAbsent(k, x -> new ArrayList<>()).add("'" + v + "' is not '<database>.<collection>'");
                } else if (!qualified && (v.isBlank() || dot >= 0)) {
                    out.computeIfAbsent(k, x -> new ArrayList<>())
                            .add("'" + v + "' is not a database name (database names hold no dot)");
                }
            }
        }
        for (String k : NS_REGEXES) {
            String v = getString(k);
            if (v.isBlank()) {
                continue;
            }
            if (collectionScope) {
                out.computeIfAbsent(k, x -> new ArrayList<>())
                        .add(k + " only applies to watch.scope=database or deployment. Remove it or widen"
                                + " watch.scope.");
            }
            try {
                java.util.regex.Pattern.compile(v);
            } catch (java.util.regex.PatternSyntaxException e) {
                out.computeIfAbsent(k, x -> new ArrayList<>()).add("not a regular expression: " + e.getDescription());
            }
        }
        return out;
    }

    /** Which namespaces are kept, from the namespace.* settings. */
    public io.tidemark.mongotrigger.filter.NamespaceSelection namespaceSelectionFilter() {
        return new io.tidemark.mongotrigger.filter.NamespaceSelection(
                getList(NS_INCLUDE_DBS_CONFIG),
                getList(NS_EXCLUDE_DBS_CONFIG),
                getList(NS_INCLUDE_COLLS_CONFIG),
                getList(NS_EXCLUDE_COLLS_CONFIG),
                regex(NS_INCLUDE_REGEX_CONFIG),
                regex(NS_EXCLUDE_REGEX_CONFIG));
    }

    /** {@link #namespaceSelectionFilter()} as a predicate on namespaces of the copy. */
    public java.util.function.Predicate<io.tidemark.mongotrigger.snapshot.Namespace> namespaceSelection() {
        var selection = namespaceSelectionFilter();
        return ns -> selection.keeps(ns.database(), ns.collection());
    }

    private Optional<java.util.regex.Pattern> regex(String key) {
        String v = getString(key);
        return v.isBlank() ? Optional.empty() : Optional.of(java.util.regex.Pattern.compile(v));
    }

    /** The user's pipeline, after the namespace lists' $match stage when the scope is wider than one collection. */
    public List<BsonDocument> streamPipeline() {
        List<BsonDocument> out = new ArrayList<>();
        if (scopeLevel() != WatchScope.Level.COLLECTION) {
            namespaceSelectionFilter().matchStage().ifPresent(out::add);
        }
        out.addAll(pipeline());
        return out;
    }

    public WatchOptions watchOptions() {
        return new WatchOptions(
                scope(),
                streamPipeline(),
                getString(FULL_DOCUMENT_CONFIG),
                getString(BEFORE_CHANGE_CONFIG),
                getInt(BATCH_SIZE_CONFIG),
                Duration.ofMillis(getLong(MAX_AWAIT_CONFIG)));
    }

    public int pollMaxBatchSize() {
        return getInt(POLL_MAX_CONFIG);
    }

    public Duration maxAwait() {
        return Duration.ofMillis(getLong(MAX_AWAIT_CONFIG));
    }

    /**
     * The startup settings, startup.mode mapped onto start.from.now / start.at.operation.time.
     *
     * @throws ConfigException the first problem {@link #startupProblems()} reports
     */
    public StartupSettings startupSettings() {
        Map<String, List<String>> problems = startupProblems();
        if (!problems.isEmpty()) {
            var first = problems.entrySet().iterator().next();
            throw new ConfigException(first.getKey() + ": " + first.getValue().get(0));
        }
        String mode = startupMode();
        boolean fromNow = getBoolean(START_FROM_NOW_CONFIG) || mode.equals("latest");
        Optional<BsonTimestamp> at = mode.equals("timestamp")
                ? parseOperationTime(STARTUP_TIMESTAMP_CONFIG, getString(STARTUP_TIMESTAMP_CONFIG))
                : parseOperationTime(START_AT_CONFIG, getString(START_AT_CONFIG));
        return new StartupSettings(fromNow, at, mode.equals("copy_existing"));
    }

    private String startupMode() {
        return getString(STARTUP_MODE_CONFIG).trim().toLowerCase(Locale.ROOT);
    }

    /** Problems of the startup settings, by the setting they concern. */
    Map<String, List<String>> startupProblems() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        String mode = startupMode();
        boolean fromNowSet = originals().containsKey(START_FROM_NOW_CONFIG);
        boolean atSet = !getString(START_AT_CONFIG).isBlank();
        boolean timestampSet = !getString(STARTUP_TIMESTAMP_CONFIG).isBlank();
        try {
            parseOperationTime(START_AT_CONFIG, getString(START_AT_CONFIG));
        } catch (ConfigException e) {
            out.computeIfAbsent(START_AT_CONFIG, k -> new ArrayList<>()).add(e.getMessage());
        }
        try {
            parseOperationTime(STARTUP_TIMESTAMP_CONFIG, getString(STARTUP_TIMESTAMP_CONFIG));
        } catch (ConfigException e) {
            out.computeIfAbsent(STARTUP_TIMESTAMP_CONFIG, k -> new ArrayList<>())
                    .add(e.getMessage());
        }
        if (!mode.isEmpty() && (fromNowSet || atSet)) {
            out.computeIfAbsent(STARTUP_MODE_CONFIG, k -> new ArrayList<>())
                    .add("startup.mode=" + mode + " cannot be combined with "
                            + (fromNowSet ? "start.from.now" : "start.at.operation.time")
                            + ": startup.mode says where to start when no checkpoint exists. Keep one of them.");
        }
        if (mode.equals("timestamp") && !timestampSet) {
            out.computeIfAbsent(STARTUP_TIMESTAMP_CONFIG, k -> new ArrayList<>())
                    .add("startup.mode=timestamp needs " + STARTUP_TIMESTAMP_CONFIG
                            + "=<seconds>[:<increment>] or an ISO-8601 instant");
        }
        if (!mode.equals("timestamp") && timestampSet) {
            out.computeIfAbsent(STARTUP_TIMESTAMP_CONFIG, k -> new ArrayList<>())
                    .add(STARTUP_TIMESTAMP_CONFIG
                            + " is only read with startup.mode=timestamp; set startup.mode=timestamp"
                            + " or remove it");
        }
        if (!mode.equals("copy_existing")) {
            for (String k : List.of(COPY_REGEX_CONFIG, COPY_PIPELINE_CONFIG)) {
                String v = getString(k);
                if (v != null && !v.isBlank() && !v.trim().equals("[]")) {
                    out.computeIfAbsent(k, x -> new ArrayList<>())
                            .add(k + " is only read with startup.mode=copy_existing; set it or remove " + k);
                }
            }
        }
        try {
            copyNamespaceRegex();
        } catch (ConfigException e) {
            out.computeIfAbsent(COPY_REGEX_CONFIG, k -> new ArrayList<>()).add(e.getMessage());
        }
        try {
            copyFilter();
        } catch (ConfigException e) {
            out.computeIfAbsent(COPY_PIPELINE_CONFIG, k -> new ArrayList<>()).add(e.getMessage());
        }
        return out;
    }

    /** The namespaces the copy keeps ({@code <db>.<coll>} matched in full), empty for all. */
    public Optional<java.util.regex.Pattern> copyNamespaceRegex() {
        String v = getString(COPY_REGEX_CONFIG);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.util.regex.Pattern.compile(v));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new ConfigException(COPY_REGEX_CONFIG, v, "not a regular expression: " + e.getDescription());
        }
    }

    /** The query of the copy: the $match stages of startup.mode.copy.existing.pipeline, and-ed. */
    public BsonDocument copyFilter() {
        String json = getString(COPY_PIPELINE_CONFIG);
        if (json == null || json.isBlank()) {
            return new BsonDocument();
        }
        BsonArray stages;
        try {
            stages = BsonArray.parse(json);
        } catch (RuntimeException e) {
            throw new ConfigException(COPY_PIPELINE_CONFIG, json, "not a JSON array of stages: " + e.getMessage());
        }
        BsonArray matches = new BsonArray();
        for (BsonValue v : stages) {
            if (!v.isDocument() || v.asDocument().size() != 1 || !v.asDocument().isDocument("$match")) {
                throw new ConfigException(
                        COPY_PIPELINE_CONFIG,
                        json,
                        "only {\"$match\": {...}} stages are accepted: the copy reads each collection in _id order"
                                + " to be resumable after a crash, so stages that reshape or reorder documents cannot run;"
                                + " got " + v.toString());
            }
            matches.add(v.asDocument().getDocument("$match"));
        }
        if (matches.isEmpty()) {
            return new BsonDocument();
        }
        return matches.size() == 1 ? matches.get(0).asDocument() : new BsonDocument("$and", matches);
    }

    public int copyBatchSize() {
        return getInt(COPY_BATCH_CONFIG);
    }

    static Optional<BsonTimestamp> parseOperationTime(String value) {
        return parseOperationTime(START_AT_CONFIG, value);
    }

    static Optional<BsonTimestamp> parseOperationTime(String setting, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            if (v.matches("\\d+(:\\d+)?")) {
                String[] parts = v.split(":");
                long seconds = Long.parseLong(parts[0]);
                int inc = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                if (seconds > 0xFFFFFFFFL) {
                    throw new NumberFormatException("seconds out of range");
                }
                return Optional.of(new BsonTimestamp((int) seconds, inc));
            }
            return Optional.of(new BsonTimestamp((int) Instant.parse(v).getEpochSecond(), 0));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigException(
                    setting,
                    value,
                    "must be '<seconds>[:<increment>]' or an ISO-8601 instant such as 2024-05-01T12:00:00Z");
        }
    }

    public HistoryLostAction historyLostAction() {
        return HistoryLostAction.valueOf(getString(HISTORY_LOST_CONFIG).toUpperCase(Locale.ROOT));
    }

    public String checkpointKey() {
        return getString(CHECKPOINT_KEY_CONFIG);
    }

    public String consumerId() {
        return getString(CONSUMER_ID_CONFIG);
    }

    /** The shared checkpoint-store settings of this connector. */
    public CheckpointStoreFragment checkpointStore() {
        return new CheckpointStoreFragment(this);
    }

    /** What the connector told this task (its connector's name). */
    public TaskFragment task() {
        return new TaskFragment(this);
    }

    public CorruptRecordPolicy corruptPolicy() {
        return checkpointStore().corruptPolicy();
    }

    public LogicalDatabaseFilter logicalDatabaseFilter() {
        return new LogicalDatabaseFilter(
                getString(LOGICAL_FIELD_CONFIG),
                getString(LOGICAL_DATABASE_CONFIG),
                getString(LOGICAL_KEY_PATH_CONFIG),
                UnresolvedAction.valueOf(getString(LOGICAL_UNRESOLVED_CONFIG).toUpperCase(Locale.ROOT)));
    }

    public TriggerDefinitions.Result triggers() {
        return TriggerDefinitions.parse(getString(TRIGGERS_CONFIG));
    }

    public UnmatchedPolicy unmatchedPolicy() {
        return UnmatchedPolicy.valueOf(getString(UNMATCHED_CONFIG).toUpperCase(Locale.ROOT));
    }

    public String unmatchedTopic() {
        return getString(UNMATCHED_TOPIC_CONFIG);
    }

    public ValueFormat valueFormat() {
        return ValueFormat.valueOf(getString(OUTPUT_FORMAT_CONFIG).toUpperCase(Locale.ROOT));
    }

    public Duration heartbeatInterval() {
        return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_CONFIG));
    }

    public String heartbeatTopic() {
        return getString(HEARTBEAT_TOPIC_CONFIG);
    }

    /** Kafka Connect's errors.tolerance of this connector is 'all' (it is Connect's setting, read here). */
    public boolean toleratesAllErrors() {
        Object v = originals().get(ERRORS_TOLERANCE_CONFIG);
        return v != null && "all".equalsIgnoreCase(v.toString().trim());
    }

    public String deadLetterTopic() {
        return getString(DLQ_TOPIC_CONFIG);
    }

    public Duration retryInitial() {
        return Duration.ofMillis(getLong(RETRY_INITIAL_CONFIG));
    }

    public Duration retryMax() {
        return Duration.ofMillis(Math.max(getLong(RETRY_MAX_CONFIG), getLong(RETRY_INITIAL_CONFIG)));
    }

    public Duration retryTimeout() {
        return Duration.ofMillis(getLong(RETRY_TIMEOUT_CONFIG));
    }
}
