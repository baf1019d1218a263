/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Checks that the worker running a Tidemark plugin provides the Connect API the plugins are built
 * against. Tidemark needs Kafka Connect 3.6 or later: the offsets API ({@code alterOffsets} on
 * source and sink connectors) and {@code SinkRecord.originalTopic()} arrived in 3.6. On an older
 * worker the classes still load, and the missing methods would surface much later as a
 * {@code NoSuchMethodError} inside {@code put()} or an offsets request; every Connector and Task
 * {@code start()} calls {@link #requireAtLeast36(String)} first so the connector fails at once,
 * with the reason in {@code GET /connectors/NAME/status}.
 *
 * <p>The check probes the API the worker actually provides rather than parsing its version
 * string, so a vendor build with an unusual version still passes when it has the methods. The
 * version in the message comes from {@code kafka/kafka-version.properties} of the worker's
 * kafka-clients jar, not from {@code AppInfoParser}: that class is internal and moved package in
 * Kafka 4.4 (calling it failed every connector on a 4.4 worker with a NoClassDefFoundError).
 */
public final class WorkerVersion {

    /** The oldest Kafka Connect version Tidemark runs on. */
    public static final String OLDEST_SUPPORTED = "3.6";

    private WorkerVersion() {}

    /**
     * Throws a {@link ConnectException} naming {@code plugin} (e.g. "file source"), the worker's
     * Kafka version and what to do, when the worker's Connect API is older than 3.6.
     */
    public static void requireAtLeast36(String plugin) {
        check(plugin, SourceConnector.class, SinkConnector.class, SinkRecord.class, workerKafkaVersion());
    }

    /** The Kafka version of the worker's kafka-clients jar, or "unknown" when the jar does not say. */
    static String workerKafkaVersion() {
        try (InputStream in = ConfigDef.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown").trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The probe, on the given API classes (the worker's, in production). */
    static void check(
            String plugin,
            Class<?> sourceConnector,
            Class<?> sinkConnector,
            Class<?> sinkRecord,
            String workerKafkaVersion) {
        List<String> missing = missingApi(sourceConnector, sinkConnector, sinkRecord);
        if (missing.isEmpty()) {
            return;
        }
        throw new ConnectException("Tidemark " + plugin + " needs Kafka Connect " + OLDEST_SUPPORTED
                + " or later; this worker runs Kafka " + workerKafkaVersion + " (it lacks "
                + String.join(", ", missing) + "). Upgrade the worker to Kafka Connect " + OLDEST_SUPPORTED
                + " or later (tested: 3.6 to 4.4); this plugin cannot run on an older worker.");
    }

    /** The 3.6 methods the given classes lack, as {@code Class.method()}; empty when all are there. */
    static List<String> missingApi(Class<?> sourceConnector, Class<?> sinkConnector, Class<?> sinkRecord) {
        List<String> missing = new ArrayList<>();
        probe(missing, sourceConnector, "alterOffsets", Map.class, Map.class);
        probe(missing, sinkConnector, "alterOffsets", Map.class, Map.class);
        probe(missing, sinkRecord, "originalTopic");
        return missing;
    }

    private static void probe(List<String> missing, Class<?> type, String method, Class<?>... params) {
        try {
            type.getMethod(method, params);
        } catch (NoSuchMethodException e) {
            missing.add(type.getSimpleName() + "." + method + "()");
        }
    }
}
