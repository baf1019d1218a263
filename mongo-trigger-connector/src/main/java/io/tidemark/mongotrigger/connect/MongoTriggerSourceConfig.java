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
                        "Retry timeout (ms)");
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
        try {
            startupSettings();
        } catch (ConfigException e) {
            out.computeIfAbsent(START_AT_CONFIG, k -> new ArrayList<>()).add(e.getMessage());
        }
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

    public WatchOptions watchOptions() {
        return new WatchOptions(
                scope(),
                pipeline(),
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

    public StartupSettings startupSettings() {
        return new StartupSettings(getBoolean(START_FROM_NOW_CONFIG), parseOperationTime(getString(START_AT_CONFIG)));
    }

    static Optional<BsonTimestamp> parseOperationTime(String value) {
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
                    START_AT_CONFIG,
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
