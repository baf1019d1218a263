package io.tidemark.connect.config;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.Durability;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
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
 * fragment that each connector's {@code *Config} adds to its own {@link ConfigDef}, and typed
 * getters over a parsed config.
 */
public final class CheckpointStoreSettings {

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
    public static final String FLUSH_MAX_UPDATES_DOC = "Group commit: commit early once this many position"
            + " updates are pending.";
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

    private CheckpointStoreSettings() {
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
        String corruptDoc = CORRUPT_POLICY_DEFAULT.equals(corruptPolicyDefault) ? CORRUPT_POLICY_DOC
                : CORRUPT_POLICY_DOC + " Default for this connector: '" + corruptPolicyDefault + "'.";
        int order = 0;
        return def
                .define(DIR_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, DIR_DOC, GROUP, ++order, Width.LONG, "State directory")
                .define(DURABILITY_CONFIG, Type.STRING, DURABILITY_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in("sync", "periodic"), Importance.MEDIUM,
                        DURABILITY_DOC, GROUP, ++order, Width.SHORT, "Durability",
                        new EnumRecommender("sync", "periodic"))
                .define(FLUSH_INTERVAL_CONFIG, Type.LONG, FLUSH_INTERVAL_DEFAULT, ConfigDef.Range.between(1, 600_000),
                        Importance.LOW, FLUSH_INTERVAL_DOC, GROUP, ++order, Width.SHORT, "Flush interval (ms)")
                .define(FLUSH_MAX_UPDATES_CONFIG, Type.INT, FLUSH_MAX_UPDATES_DEFAULT,
                        ConfigDef.Range.between(1, 10_000_000), Importance.LOW, FLUSH_MAX_UPDATES_DOC, GROUP,
                        ++order, Width.SHORT, "Flush after updates")
                .define(CORRUPT_POLICY_CONFIG, Type.STRING, corruptPolicyDefault,
                        ConfigDef.CaseInsensitiveValidString.in("fail", "treat_as_missing"), Importance.LOW,
                        corruptDoc, GROUP, ++order, Width.SHORT, "Corrupt record policy",
                        new EnumRecommender("fail", "treat_as_missing"));
    }

    /** Adds the settings only source connectors have (on top of {@link #addTo}). */
    public static ConfigDef addSourceSettingsTo(ConfigDef def) {
        return def.define(LOCAL_ADVANCE_CONFIG, Type.STRING, LOCAL_ADVANCE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("auto", "ack", "commit"), Importance.LOW,
                LOCAL_ADVANCE_DOC, GROUP, 50, Width.SHORT, "Local store advances on",
                new EnumRecommender("auto", "ack", "commit"));
    }

    /** The store directory of one connector: {@code <checkpoint.store.dir>/<connectorName>}. */
    public static Path storeDirectory(AbstractConfig config, String connectorName) {
        String safe = connectorName.replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(config.getString(DIR_CONFIG)).resolve(safe);
    }

    /**
     * Opens (creating it if needed) the LMDB store of one connector, owned by
     * {@code connectorName} with the connector's key-scheme version. Tasks of one connector on one
     * worker share the directory's environment.
     */
    public static CheckpointStore openStore(AbstractConfig config, String connectorName, int schemeVersion) {
        LmdbStoreOptions options = LmdbStoreOptions.defaults()
                .withDurability(durability(config))
                .withSyncInterval(flushInterval(config));
        return LmdbCheckpointStore.open(storeDirectory(config, connectorName),
                new StoreIdentity(connectorName, schemeVersion), options);
    }

    /**
     * True when a source task must advance its local store only in {@code SourceTask.commit()}
     * (after Connect committed the offsets, with exactly-once: after the transaction), false when it
     * advances in {@code commitRecord} as soon as Kafka acknowledged a record.
     */
    public static boolean advanceOnCommit(AbstractConfig config) {
        return switch (config.getString(LOCAL_ADVANCE_CONFIG).toLowerCase(Locale.ROOT)) {
            case "commit" -> true;
            case "ack" -> false;
            default -> "required".equalsIgnoreCase(
                    String.valueOf(config.originals().getOrDefault("exactly.once.support", "requested")).trim());
        };
    }

    public static Durability durability(AbstractConfig config) {
        return switch (config.getString(DURABILITY_CONFIG).toLowerCase(Locale.ROOT)) {
            case "sync" -> Durability.SYNC_EACH_COMMIT;
            case "periodic" -> Durability.SYNC_PERIODIC;
            default -> throw new ConfigException(DURABILITY_CONFIG, config.getString(DURABILITY_CONFIG),
                    "must be 'sync' or 'periodic'");
        };
    }

    public static Duration flushInterval(AbstractConfig config) {
        return Duration.ofMillis(config.getLong(FLUSH_INTERVAL_CONFIG));
    }

    public static int flushMaxUpdates(AbstractConfig config) {
        return config.getInt(FLUSH_MAX_UPDATES_CONFIG);
    }

    public static CorruptRecordPolicy corruptPolicy(AbstractConfig config) {
        return switch (config.getString(CORRUPT_POLICY_CONFIG).toLowerCase(Locale.ROOT)) {
            case "fail" -> CorruptRecordPolicy.FAIL_CLOSED;
            case "treat_as_missing" -> CorruptRecordPolicy.TREAT_AS_MISSING;
            default -> throw new ConfigException(CORRUPT_POLICY_CONFIG, config.getString(CORRUPT_POLICY_CONFIG),
                    "must be 'fail' or 'treat_as_missing'");
        };
    }
}
