/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.config.ConnectorValidation;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.errors.ErrorTranslator;
import io.tidemark.connect.offsets.OffsetAlteration;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.RemoteStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Replays what the S3 checkpoint sink wrote back into Kafka: for each restored topic partition the
 * records its manifests list, with their original key, value and header bytes and timestamp, in
 * offset order, to the same (or a mapped) topic and partition. Exactly once with Connect's
 * exactly-once source support; at least once otherwise. The topic partitions with a manifest are
 * found when the connector starts and dealt out to the tasks. Thin: the work happens in the
 * restore package.
 */
public final class S3RestoreSourceConnector extends SourceConnector {

    static final String DEFAULT_NAME = "s3-restore-source";

    private Map<String, String> props;
    private List<TopicPartitionId> partitions;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("S3 restore source");
        RestoreSourceConfig config = new RestoreSourceConfig(props);
        ConnectorValidation.requireNoProblems(config);
        ConnectorValidation.requireNone(RestoreChecks.converterProblems(props));
        try (RemoteStore remote = new RemoteStore(config.s3Settings())) {
            this.partitions = ErrorTranslator.guard(
                    "listing the manifests to restore", () -> RestoreChecks.partitionsToRestore(config, remote));
        }
        if (partitions.isEmpty()) {
            throw new ConfigException(RestoreSourceConfig.TOPICS_CONFIG + ": no manifest found for " + config.topics()
                    + " under " + config.layout().manifestPrefix());
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3RestoreSourceTask.class;
    }

    /** Deals the topic partitions out to at most {@code maxTasks} tasks, round robin. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int tasks = Math.max(1, Math.min(maxTasks, partitions.size()));
        List<List<TopicPartitionId>> share = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            share.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++) {
            share.get(i % tasks).add(partitions.get(i));
        }
        boolean advanceOnCommit =
                new RestoreSourceConfig(props).checkpointStore().advanceOnCommit();
        List<Map<String, String>> out = TaskFragment.taskConfigs(props, tasks, DEFAULT_NAME, advanceOnCommit);
        for (int i = 0; i < tasks; i++) {
            out.get(i).put(RestoreSourceConfig.ASSIGNED_CONFIG, RestoreSourceConfig.encodeAssigned(share.get(i)));
        }
        return out;
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return RestoreSourceConfig.CONFIG_DEF;
    }

    /** Offsets are original Kafka offsets in committed transactions: exactly-once works as is. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Field checks, cross-field rules, the converters (bytes through unchanged), then the bucket:
     * reachable, and a manifest for every topic to restore, written in the JSON envelope format.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = ConnectorValidation.validate(
                super.validate(connectorConfigs),
                connectorConfigs,
                RestoreSourceConfig::new,
                parsed -> RestoreChecks.converterProblemsOn(RestoreSourceConfig.TOPICS_CONFIG, connectorConfigs));
        return ConnectorValidation.validate(
                result, connectorConfigs, RestoreSourceConfig::new, RestoreChecks::bucketProblems);
    }

    /**
     * Checks an operator's offsets ({@code {offset: next original offset}} per {@code {topic,
     * partition}}), then records the change in the local checkpoint store so stale local positions
     * cannot undo it.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        RestoreSourceConfig config = new RestoreSourceConfig(connectorConfig);
        String name = TaskFragment.connectorName(connectorConfig, DEFAULT_NAME);
        OffsetAlteration.apply(
                name,
                offsets,
                (partition, offset) -> {
                    String problem = RestoreOffsets.problem(partition, offset);
                    if (problem != null) {
                        throw new IllegalArgumentException(problem);
                    }
                },
                () -> RestoreTaskFactory.openStore(config, name),
                store -> OffsetMirror.recordOperatorChange(store, offsets));
        return true;
    }
}
