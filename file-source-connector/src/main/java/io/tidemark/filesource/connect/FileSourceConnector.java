package io.tidemark.filesource.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.config.CheckpointStoreSettings;
import io.tidemark.connect.config.ValidationErrors;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Tails files into Kafka; see the module README for the settings. The connector only validates
 * and splits work: every task scans the same roots and takes the files that hash to it.
 */
public class FileSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new FileSourceConfig(props);
        Map<String, List<String>> env = FileSourceConfig.environmentErrors(props);
        if (!env.isEmpty()) {
            throw new ConnectException("File source cannot start: " + env);
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> out = new ArrayList<>(maxTasks);
        String name = props.getOrDefault("name", "file-source");
        boolean onCommit = CheckpointStoreSettings.advanceOnCommit(new FileSourceConfig(props));
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> t = new HashMap<>(props);
            t.put(FileSourceConfig.TASK_INDEX, Integer.toString(i));
            t.put(FileSourceConfig.TASK_COUNT, Integer.toString(maxTasks));
            t.put(FileSourceConfig.TASK_CONNECTOR, name);
            t.put(FileSourceConfig.TASK_ADVANCE_ON_COMMIT, Boolean.toString(onCommit));
            out.add(t);
        }
        return out;
    }

    @Override
    public void stop() {
        // nothing held: tasks own the files and the store
    }

    @Override
    public ConfigDef config() {
        return FileSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        ValidationErrors.attachAll(result, FileSourceConfig.environmentErrors(connectorConfigs));
        return result;
    }

    /** Positions are byte offsets in Kafka-committed transactions: exactly-once works as is. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Applies an operator's PATCH or DELETE of this connector's offsets: checks their shape, then
     * records the change in the local checkpoint store so stale local positions cannot undo it.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            String problem = OffsetShape.problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new ConnectException("Rejected offset change: " + problem);
            }
        }
        FileSourceConfig config = new FileSourceConfig(connectorConfig);
        if (!config.mirrorEnabled()) {
            return true;
        }
        String name = connectorConfig.getOrDefault("name", "file-source");
        try (CheckpointStore store = openStore(config, name)) {
            OffsetMirror.recordOperatorChange(store, offsets);
        } catch (CheckpointStoreException e) {
            throw new ConnectException("Offsets are valid but the local checkpoint store of '" + name
                    + "' could not record the change (" + e.getMessage() + "); nothing was changed. Make sure no task"
                    + " of this connector runs (PUT /connectors/" + name + "/stop) and retry.", e);
        }
        return true;
    }

    /** The identity of a connector's store: changing how file ids are derived bumps its scheme version. */
    static StoreIdentity storeIdentity(String connectorName) {
        return new StoreIdentity("tidemark-file-source/" + connectorName, FileIdentity.SCHEME);
    }

    static CheckpointStore openStore(FileSourceConfig config, String connectorName) {
        LmdbStoreOptions options = LmdbStoreOptions.defaults()
                .withDurability(CheckpointStoreSettings.durability(config))
                .withSyncInterval(CheckpointStoreSettings.flushInterval(config));
        return LmdbCheckpointStore.open(CheckpointStoreSettings.storeDirectory(config, connectorName),
                storeIdentity(connectorName), options);
    }
}
