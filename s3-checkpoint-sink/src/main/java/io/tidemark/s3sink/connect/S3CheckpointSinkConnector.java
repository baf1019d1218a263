/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.ConnectorValidation;
import io.tidemark.connect.config.TaskFragment;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes topic data to S3 as checksummed chunks listed in per-partition manifests, so that S3
 * holds every record exactly once. Thin: the work happens in the task's domain classes.
 */
public final class S3CheckpointSinkConnector extends SinkConnector {

    /** The connector name when the settings carry none. */
    static final String DEFAULT_NAME = "s3-checkpoint-sink";

    private static final Logger LOG = LoggerFactory.getLogger(S3CheckpointSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("S3 checkpoint sink");
        ConnectorValidation.requireNoProblems(new S3CheckpointSinkConfig(props));
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3CheckpointSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskFragment.taskConfigs(props, maxTasks, DEFAULT_NAME, false);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return S3CheckpointSinkConfig.CONFIG_DEF;
    }

    /**
     * Field checks, cross-field rules, then real writes to the bucket (including the conditional
     * writes the manifest fencing needs); problems land on the setting to fix.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectorValidation.validate(
                super.validate(connectorConfigs), connectorConfigs, S3CheckpointSinkConfig::new, parsed -> {
                    if (parsed.ephemeralStore()) {
                        LOG.info(
                                "{} is empty: each task keeps its local store and scratch files in a temporary"
                                        + " directory deleted when it stops; every start then reads the manifest heads"
                                        + " from S3 and staged records not yet uploaded are consumed again from Kafka",
                                CheckpointStoreFragment.DIR_CONFIG);
                    }
                    S3ConnectivityCheck.Problem p = S3ConnectivityCheck.check(
                            parsed.s3Settings(),
                            parsed.getString(S3CheckpointSinkConfig.PREFIX_CONFIG),
                            parsed.acceptUnverifiedConditionalWrites());
                    return p == null ? Map.of() : Map.of(p.setting(), List.of(p.message()));
                });
    }
}
