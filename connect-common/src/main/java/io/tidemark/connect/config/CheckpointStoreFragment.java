/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import io.tidemark.connect.config.validators.EnumRecommender;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreOpener;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings every Tidemark connector shares for its local {@code CheckpointStore}: a config
 * fragment that each connector's {@code *Config} adds to its own {@link ConfigDef}, with typed
 * getters over the parsed config, and the one way a connector opens its store
 * ({@link #open(CheckpointStoreOpener, StoreAddress)}).
 */
public final class CheckpointStoreFragment extends ConfigFragment {

    public static final String GROUP = "Checkpoint store";

    public static final String DIR_CONFIG = "checkpoint.store.dir";
    public static final String DIR_DOC = "Directory on local, durable disk where this connector keeps its"
            + " LMDB checkpoint store. Each connector gets a subdirectory named after it. Must be writable by"
            + " the Connect worker and must not be shared between machines.";

    public static final String DURABILITY_CONFIG = "checkpoint.store.durability";
    public static final String DURABILITY_DOC = "When checkpoint commits reach the disk. 'sync': every commit is"
            + " synced before it counts (survives power loss). 'periodic': commits survive a process crash"
            + " (SIGKILL) at once and are synced to disk every checkpoint.flush.interval.ms.";
    public static final String DURABILITY_DEFAULT = "sync";

    public static final String FLUSH_INTERVAL_CONFIG = "checkpoint.flush.interval.ms";
    public static final String FLUSH_INTERVAL_DOC = "Group commit: acknowledged positions are coalesced and"
            + " committed to the checkpoint store at this interval.";
    public static final long FLUSH_INTERVAL_DEFAULT = 1000L;

    public static final String FLUSH_MAX_UPDATES_CONFIG = "checkpoint.flush.max.updates";
    public static final String FLUSH_MAX_UPDATES_DOC =
            "Group commit: commit early once this many position" + " updates are pending.";
    public static final int FLUSH_MAX_UPDATES_DEFAULT = 10_000;

    public static final String CORRUPT_POLICY_CONFIG = "checkpoint.corrupt.policy";
    public static final String CORRUPT_POLICY_DOC = "What to do with a checkpoint record that does not decode."
            + " 'fail': the task fails and names the record, so an operator can inspect it with the"
            + " checkpoint-tool. 'treat_as_missing': the record is ignored (logged) and the position comes"
            + " from Connect's offsets or the start settings.";
    public static final String CORRUPT_POLICY_DEFAULT = "fail";

    public static final String LOCAL_ADVANCE_CONFIG = "checkpoint.local.advance";
    public static final String LOCAL_ADVANCE_DOC = "When a source connector's local store advances. 'ack': as soon as"
            + " Kafka acknowledged a record (commitRecord); the local position can then be ahead of Connect's offsets,"
            + " which flush only every offset.flush.interval.ms. 'commit': when Connect committed the offsets; with"
            + " exactly-once source support that is after the transaction committed, so an acknowledged record of a"
            + " transaction that is then aborted never advances it. 'auto': 'commit' when the connector sets"
            + " exactly.once.support=required, else 'ack'. A connector running on a worker with"
            + " exactly.once.source.support=enabled should set exactly.once.support=required (the examples do).";
    public static final String LOCAL_ADVANCE_DEFAULT = "auto";

    public static final String FAILURE_TIMEOUT_CONFIG = "checkpoint.store.failure.timeout.ms";
    public static final String FAILURE_TIMEOUT_DOC = "How long the local checkpoint store may keep refusing commits"
            + " (disk full, I/O errors) before the task fails. Until then positions still reach Connect's offsets,"
            + " commits are retried, and a WARN line is logged when the failures start and every 10 seconds after;"
            + " when the time is up the task fails with the store's error, so a task never runs on without its"
            + " durability boundary.";
    public static final long FAILURE_TIMEOUT_DEFAULT = 60_000L;

    public CheckpointStoreFragment(AbstractConfig config) {
        super(config);
    }

    /** Adds the shared checkpoint-store settings to {@code def}. */
    public static ConfigDef addTo(ConfigDef def) {
        return addTo(def, CORRUPT_POLICY_DEFAULT);
    }

    /**
     * Adds the shared checkpoint-store settings with another default corrupt-record policy
     * ('fail' or 'treat_as_missing'), for a connector whose design says otherwise.
     */
    public static ConfigDef addTo(ConfigDef def, String corruptPolicyDefault) {
        return addTo(def, corruptPolicyDefault, null);
    }

    /**
     * Adds the shared settings with {@code checkpoint.store.dir} optional (default empty), for a
     * connector whose local store only accelerates and that documents what it does without one in
     * {@code optionalDirDoc}; null: the directory is required.
     */
    public static ConfigDef addTo(ConfigDef def, String corruptPolicyDefault, String optionalDirDoc) {
        String corruptDoc = CORRUPT_POLICY_DEFAULT.equals(corruptPolicyDefault)
                ? CORRUPT_POLICY_DOC
                : CORRUPT_POLICY_DOC + " Default for this connector: '" + corruptPolicyDefault + "'.";
        int order = 0;
        return def.define(
                        DIR_CONFIG,
                        Type.STRING,
                        optionalDirDoc == null ? ConfigDef.NO_DEFAULT_VALUE : "",
                        optionalDirDoc == null ? new ConfigDef.NonEmptyString() : null,
                        Importance.HIGH,
                        optionalDirDoc == null ? DIR_DOC : optionalDirDoc,
                        GROUP,
                        ++order,
                        Width.LONG,
                        "State directory")
                .define(
                        DURABILITY_CONFIG,
                        Type.STRING,
                        DURABILITY_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in("sync", "periodic"),
                        Importance.MEDIUM,
                        DURABILITY_DOC,
                        GROUP,
                        ++order,
                        Width.SHORT,
                        "Durability",
                        new EnumRecommender("sync", "periodic"))
                .define(
                        FLUSH_INTERVAL_CONFIG,
                        Type.LONG,
                        FLUSH_INTERVAL_DEFAULT,
                        ConfigDef.Range.between(1, 600_000),
                        Importance.LOW,
                        FLUSH_INTERVAL_DOC,
                        GROUP,
                        ++order,
                        Width.SHORT,
                        "Flush interval (ms)")
                .define(
                        FLUSH_MAX_UPDATES_CONFIG,
                        Type.INT,
                        FLUSH_MAX_UPDATES_DEFAULT,
                        ConfigDef.Range.between(1, 10_000_000),
                        Importance.LOW,
                        FLUSH_MAX_UPDATES_DOC,
                        GROUP,
                        ++order,
                        Width.SHORT,
                        "Flush after updates")
                .define(
                        CORRUPT_POLICY_CONFIG,
                        Type.STRING,
                        corruptPolicyDefault,
                        ConfigDef.CaseInsensitiveValidString.in("fail", "treat_as_missing"),
                        Importance.LOW,
                        corruptDoc,
                        GROUP,
                        ++order,
                        Width.SHORT,
                        "Corrupt record policy",
                        new EnumRecommender("fail", "treat_as_missing"));
    }

    /**
     * Adds the settings only source connectors have (on top of {@link #addTo}): when the local store
     * advances, and how long it may refuse the group committer's commits before the task fails
     * (a sink commits its manifests itself and fails the call that could not commit).
     */
    public static ConfigDef addSourceSettingsTo(ConfigDef def) {
        return def.define(
                        LOCAL_ADVANCE_CONFIG,
                        Type.STRING,
                        LOCAL_ADVANCE_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in("auto", "ack", "commit"),
                        Importance.LOW,
                        LOCAL_ADVANCE_DOC,
                        GROUP,
                        50,
                        Width.SHORT,
                        "Local store advances on",
                        new EnumRecommender("auto", "ack", "commit"))
                .define(
                        FAILURE_TIMEOUT_CONFIG,
                        Type.LONG,
                        FAILURE_TIMEOUT_DEFAULT,
                        ConfigDef.Range.between(0, 86_400_000),
                        Importance.LOW,
                        FAILURE_TIMEOUT_DOC,
                        GROUP,
                        51,
                        Width.SHORT,
                        "Store failure timeout (ms)");
    }

    /** False when {@code checkpoint.store.dir} is empty (only where {@link #addTo(ConfigDef, String, String)} allows it). */
    public boolean hasDirectory() {
        return !config.getString(DIR_CONFIG).isBlank();
    }

    /** The store directory of one connector: {@code <checkpoint.store.dir>/<connectorName>}. */
    public Path directory(String connectorName) {
        String safe = connectorName.replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(config.getString(DIR_CONFIG)).resolve(safe);
    }

    /**
     * Where a connector's store lives and whom it belongs to: one directory per connector (shared
     * by its tasks on a worker), owned by {@code <plugin>/<connectorName>}.
     */
    public StoreAddress connectorStore(String plugin, String connectorName, int schemeVersion) {
        return new StoreAddress(directory(connectorName), StoreAddress.identity(plugin, connectorName, schemeVersion));
    }

    /**
     * A task's own store under its connector's directory, {@code <dir>/<connector>/task-<index>}, for
     * connectors whose tasks keep separate state (one store per task, same owner).
     */
    public StoreAddress taskStore(String plugin, String connectorName, int taskIndex, int schemeVersion) {
        return new StoreAddress(
                directory(connectorName).resolve("task-" + taskIndex),
                StoreAddress.identity(plugin, connectorName, schemeVersion));
    }

    /**
     * Opens (creating it if needed) the store at {@code address} with this config's durability:
     * the one way every connector opens its checkpoint store.
     */
    public CheckpointStore open(CheckpointStoreOpener opener, StoreAddress address) {
        return opener.open(address.directory(), address.identity(), durability(), flushInterval());
    }

    /**
     * True when a source task must advance its local store only in {@code SourceTask.commit()}
     * (after Connect committed the offsets, with exactly-once: after the transaction), false when it
     * advances in {@code commitRecord} as soon as Kafka acknowledged a record. Source connectors only.
     */
    public boolean advanceOnCommit() {
        return switch (config.getString(LOCAL_ADVANCE_CONFIG).toLowerCase(Locale.ROOT)) {
            case "commit" -> true;
            case "ack" -> false;
            default ->
                "required"
                        .equalsIgnoreCase(
                                String.valueOf(config.originals().getOrDefault("exactly.once.support", "requested"))
                                        .trim());
        };
    }

    public Durability durability() {
        return switch (config.getString(DURABILITY_CONFIG).toLowerCase(Locale.ROOT)) {
            case "sync" -> Durability.SYNC_EACH_COMMIT;
            case "periodic" -> Durability.SYNC_PERIODIC;
            default ->
                throw new ConfigException(
                        DURABILITY_CONFIG, config.getString(DURABILITY_CONFIG), "must be 'sync' or 'periodic'");
        };
    }

    public Duration flushInterval() {
        return Duration.ofMillis(config.getLong(FLUSH_INTERVAL_CONFIG));
    }

    public int flushMaxUpdates() {
        return config.getInt(FLUSH_MAX_UPDATES_CONFIG);
    }

    /** How long the store may keep failing before the task fails (see {@code StoreFailureTolerance}). */
    public Duration failureTimeout() {
        return Duration.ofMillis(config.getLong(FAILURE_TIMEOUT_CONFIG));
    }

    public CorruptRecordPolicy corruptPolicy() {
        return switch (config.getString(CORRUPT_POLICY_CONFIG).toLowerCase(Locale.ROOT)) {
            case "fail" -> CorruptRecordPolicy.FAIL_CLOSED;
            case "treat_as_missing" -> CorruptRecordPolicy.TREAT_AS_MISSING;
            default ->
                throw new ConfigException(
                        CORRUPT_POLICY_CONFIG,
                        config.getString(CORRUPT_POLICY_CONFIG),
                        "must be 'fail' or 'treat_as_missing'");
        };
    }
}
