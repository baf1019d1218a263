/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it.floor;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The benchmark's floor: a source connector that reads nothing and returns pre-built records of
 * FileStreamSource's shape (string value, no key, no headers, a one-field offset), as fast as the
 * worker takes them. What it reaches is what the Connect framework and producer allow a source
 * task on this machine; no file source can go faster.
 */
public class FloorSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FloorSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Topic to write to.")
                .define("lines", ConfigDef.Type.LONG, ConfigDef.Importance.HIGH, "Records to emit, then idle.")
                .define(
                        "line.bytes",
                        ConfigDef.Type.INT,
                        100,
                        ConfigDef.Importance.LOW,
                        "Bytes per line incl. newline.")
                .define(
                        "shape",
                        ConfigDef.Type.STRING,
                        "filestream",
                        ConfigDef.Importance.LOW,
                        "'filestream': value only. 'tidemark': also the file source's default key and five headers.")
                .define("path", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, "tidemark.path header value.")
                .define("host", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, "tidemark.host header value.")
                .define(
                        "headers",
                        ConfigDef.Type.STRING,
                        "path,file.id,offset,line,host",
                        ConfigDef.Importance.LOW,
                        "With shape=tidemark: the headers to add (names as in record.headers).");
    }

    @Override
    public String version() {
        return "bench";
    }
}
