package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.config.ValidationErrors;
import io.tidemark.connect.config.CheckpointStoreSettings;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.stream.MongoPreflight;
import io.tidemark.store.CheckpointStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
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

    private Map<String, String> props;
    private MongoTriggerSourceConfig config;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new MongoTriggerSourceConfig(props);
        Map<String, List<String>> problems = config.crossFieldProblems();
        if (!problems.isEmpty()) {
            throw new ConnectException("Invalid configuration: " + problems);
        }
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
        Map<String, String> task = new HashMap<>(props);
        task.put(MongoTriggerSourceConfig.TASK_CONNECTOR_NAME, connectorName(props));
        return List.of(task);
    }

    static String connectorName(Map<String, String> props) {
        String name = props.get("name");
        return name == null || name.isBlank() ? "mongo-trigger-source" : name;
    }

    @Override
    public void stop() {
    }

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
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        result.configValues().forEach(v -> values.put(v.name(), v));
        boolean singleSettingErrors = ValidationErrors.any(result);
        String tasksMax = connectorConfigs.get("tasks.max");
        if (tasksMax != null && !tasksMax.trim().equals("1")) {
            LOG.warn(ONE_TASK);
        }
        if (singleSettingErrors) {
            return result;
        }
        MongoTriggerSourceConfig parsed = new MongoTriggerSourceConfig(connectorConfigs);
        ValidationErrors.attachAll(result, parsed.crossFieldProblems());
        if (!values.get(MongoTriggerSourceConfig.DATABASE_CONFIG).errorMessages().isEmpty()
                || !values.get(MongoTriggerSourceConfig.COLLECTION_CONFIG).errorMessages().isEmpty()) {
            return result;
        }
        Password uri = parsed.connectionUri();
        MongoPreflight.check(uri.value(), parsed.scope(), parsed.validationTimeout())
                .forEach(m -> ValidationErrors.attach(result, MongoTriggerSourceConfig.CONNECTION_URI_CONFIG, m));
        return result;
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
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            OffsetShape.validate(e.getKey(), e.getValue(), consumerId);
        }
        String name = connectorName(connectorConfig);
        try (CheckpointStore store = CheckpointStoreSettings.openStore(parsed, name, TaskEnvironment.STORE_SCHEME_VERSION)) {
            LocalCheckpoint local = new LocalCheckpoint(store, parsed.checkpointKey());
            boolean reset = offsets.values().stream().allMatch(o -> o == null);
            local.markOperatorChange(reset ? "offsets reset through the REST API" : "offsets altered through the REST API");
        }
        LOG.info("Recorded an operator change of the offsets of {} in its checkpoint store", name);
        return true;
    }
}
