/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.WorkerVersion;
import io.tidemark.connect.config.ConnectorValidation;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.offsets.OffsetAlteration;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.stream.MongoPreflight;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MongoDB change stream -> trigger rules -> Kafka, resuming from one global resume-token checkpoint
 * ({@code {token, updatedAt}}). Runs exactly one task whatever tasks.max says: one change stream, one position.
 */
public class MongoTriggerSourceConnector extends SourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(MongoTriggerSourceConnector.class);
    static final String ONE_TASK = "This connector always runs exactly one task (one global change stream and one"
            + " checkpoint); tasks.max above 1 is accepted and ignored.";

    /** The connector name when the settings carry none. */
    static final String DEFAULT_NAME = "mongo-trigger-source";

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WorkerVersion.requireAtLeast36("MongoDB trigger source");
        this.props = Map.copyOf(props);
        ConnectorValidation.requireNoProblems(new MongoTriggerSourceConfig(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MongoTriggerSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (maxTasks > 1) {
            LOG.info(ONE_TASK);
        }
        return TaskFragment.taskConfigs(props, 1, DEFAULT_NAME, false);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return MongoTriggerSourceConfig.CONFIG_DEF;
    }

    /**
     * Single-setting checks, then cross-field checks, trigger definitions (errors on
     * {@code triggers}, naming the trigger) and a live connection check (errors on
     * {@code connection.uri}: unreachable server, bad credentials, no replica set).
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        String tasksMax = connectorConfigs.get("tasks.max");
        if (tasksMax != null && !tasksMax.trim().equals("1")) {
            LOG.warn(ONE_TASK);
        }
        return ConnectorValidation.validate(
                super.validate(connectorConfigs),
                connectorConfigs,
                MongoTriggerSourceConfig::new,
                parsed -> Map.of(
                        MongoTriggerSourceConfig.CONNECTION_URI_CONFIG,
                        MongoPreflight.check(
                                parsed.connectionUri().value(), parsed.scope(), parsed.validationTimeout())));
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Accepts offset changes of the one partition {"consumer": consumer.id} with a resume token, or
     * resets; records the operator's change in the local checkpoint store so the next task start
     * takes Connect's (operator-written) offset over the local position.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        MongoTriggerSourceConfig parsed = new MongoTriggerSourceConfig(connectorConfig);
        String consumerId = parsed.consumerId();
        String name = TaskFragment.connectorName(connectorConfig, DEFAULT_NAME);
        boolean reset = offsets.values().stream().allMatch(o -> o == null);
        OffsetAlteration.apply(
                name,
                offsets,
                (partition, offset) -> OffsetShape.validate(partition, offset, consumerId),
                () -> TaskEnvironment.openStore(parsed, name),
                store -> new LocalCheckpoint(store, parsed.checkpointKey())
                        .markOperatorChange(
                                reset ? "offsets reset through the REST API" : "offsets altered through the REST API"));
        LOG.info("Recorded an operator change of the offsets of {} in its checkpoint store", name);
        return true;
    }
}
