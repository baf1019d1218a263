/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.ConnectorValidation;
import io.tidemark.connect.config.StoreAddress;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.offsets.OffsetAlteration;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
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

    /** The plugin part of this connector's store owner, {@code <plugin>/<connector>}. */
    static final String PLUGIN = "tidemark-file-source";
    /** The connector name when the settings carry none. */
    static final String DEFAULT_NAME = "file-source";

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("file source");
        Map<String, List<String>> env = new FileSourceConfig(props).environmentProblems();
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
        boolean onCommit = new FileSourceConfig(props).checkpointStore().advanceOnCommit();
        return TaskFragment.taskConfigs(props, maxTasks, DEFAULT_NAME, onCommit);
    }

    @Override
    public void stop() {
        // nothing held: tasks own the files and the store
    }

    @Override
    public ConfigDef config() {
        return FileSourceConfig.CONFIG_DEF;
    }

    /** Single settings, then the roots and the store directory on the worker that serves the request. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectorValidation.validate(
                super.validate(connectorConfigs),
                connectorConfigs,
                FileSourceConfig::new,
                FileSourceConfig::environmentProblems);
    }

    /** Positions are byte offsets in Kafka-committed transactions: exactly-once works as is. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Applies an operator's PATCH or DELETE of this connector's offsets: checks their shape and,
     * for an edited offset, that its hashes fit its position in the file ({@link OperatorOffsetCheck}),
     * then records the change in the local checkpoint store so stale local positions cannot undo it.
     * Connect writes the offsets exactly as sent, so one that cannot apply is rejected, not fixed.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        FileSourceConfig config = new FileSourceConfig(connectorConfig);
        String name = TaskFragment.connectorName(connectorConfig, DEFAULT_NAME);
        int fingerprintBytes = config.getInt(FileSourceConfig.FINGERPRINT_BYTES_CONFIG);
        OffsetAlteration.ShapeCheck shape = (partition, offset) -> {
            String problem = OffsetShape.problem(partition, offset);
            if (problem == null && offset != null) {
                problem = OperatorOffsetCheck.problem(OffsetShape.fileIdOf(partition), offset, fingerprintBytes);
            }
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        };
        if (!config.mirrorEnabled()) {
            OffsetAlteration.apply(name, offsets, shape, () -> null, store -> {});
            return true;
        }
        OffsetAlteration.apply(
                name,
                offsets,
                shape,
                () -> openStore(config, name),
                store -> OffsetMirror.recordOperatorChange(store, offsets));
        return true;
    }

    /** Where a connector's store is and whom it belongs to: changing how file ids are derived bumps its scheme. */
    static StoreAddress storeAddress(CheckpointStoreFragment settings, String connectorName) {
        return settings.connectorStore(PLUGIN, connectorName, FileIdentity.SCHEME);
    }

    /** The identity of a connector's store. */
    static StoreIdentity storeIdentity(String connectorName) {
        return StoreAddress.identity(PLUGIN, connectorName, FileIdentity.SCHEME);
    }

    static CheckpointStore openStore(FileSourceConfig config, String connectorName) {
        CheckpointStoreFragment settings = config.checkpointStore();
        return settings.open(LmdbCheckpointStore.opener(), storeAddress(settings, connectorName));
    }
}
