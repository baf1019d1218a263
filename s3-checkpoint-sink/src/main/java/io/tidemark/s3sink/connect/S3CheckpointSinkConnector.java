package io.tidemark.s3sink.connect;

import io.tidemark.connect.Version;
import io.tidemark.connect.config.ValidationErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes topic data to S3 as checksummed chunks listed in per-partition manifests, so that S3
 * holds every record exactly once. Thin: the work happens in the task's domain classes.
 */
public final class S3CheckpointSinkConnector extends SinkConnector {

    static final String TASK_ID = "tidemark.task.id";

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new S3CheckpointSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3CheckpointSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> p = new HashMap<>(props);
            p.put(TASK_ID, Integer.toString(i));
            out.add(p);
        }
        return out;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return S3CheckpointSinkConfig.CONFIG_DEF;
    }

    /** Field checks, then a real write to the bucket; problems land on the setting to fix. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        if (ValidationErrors.any(config)) {
            return config;
        }
        S3CheckpointSinkConfig parsed;
        try {
            parsed = new S3CheckpointSinkConfig(connectorConfigs);
        } catch (ConfigException e) {
            String name = e.getMessage() != null && e.getMessage().contains(S3CheckpointSinkConfig.SECRET_KEY_CONFIG)
                    ? S3CheckpointSinkConfig.SECRET_KEY_CONFIG : S3CheckpointSinkConfig.ACCESS_KEY_CONFIG;
            if (e.getMessage() != null && e.getMessage().contains(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG)) {
                name = S3CheckpointSinkConfig.MAX_RECORDS_CONFIG;
            }
            ValidationErrors.attach(config, name, e.getMessage());
            return config;
        }
        S3ConnectivityCheck.Problem p = S3ConnectivityCheck.check(parsed.s3Settings(),
                parsed.getString(S3CheckpointSinkConfig.PREFIX_CONFIG));
        if (p != null) {
            ValidationErrors.attach(config, p.setting(), p.message());
        }
        return config;
    }
}
