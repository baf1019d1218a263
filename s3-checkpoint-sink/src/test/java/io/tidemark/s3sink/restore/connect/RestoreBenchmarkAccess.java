/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** For the benchmark: one restore task, as the connector configures it, run until it handed out {@code n} records. */
public final class RestoreBenchmarkAccess {

    private RestoreBenchmarkAccess() {}

    public static long restoreAll(Map<String, String> connectorProps, long n) throws InterruptedException {
        S3RestoreSourceConnector connector = new S3RestoreSourceConnector();
        connector.start(connectorProps);
        Map<String, String> props = connector.taskConfigs(1).get(0);
        S3RestoreSourceTask task = new S3RestoreSourceTask();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return null;
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(
                            java.util.Collection<Map<String, T>> partitions) {
                        return Map.of();
                    }
                };
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                throw new UnsupportedOperationException("metrics go to JMX in the benchmark");
            }
        });
        task.start(props);
        long got = 0;
        try {
            while (got < n) {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    got += batch.size();
                }
            }
        } finally {
            task.stop();
        }
        return got;
    }
}
