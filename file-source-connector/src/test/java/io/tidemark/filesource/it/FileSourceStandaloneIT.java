/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.Sleep;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.StandaloneWorker;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectorConfig;
import io.tidemark.stack.verify.FileAppender;
import io.tidemark.stack.verify.TopicVerifier;
import io.tidemark.stack.verify.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-host agent deployment: {@code connect-standalone} started with the example worker and
 * connector files from config-examples (file offset backing store, no exactly-once), SIGKILLed
 * several times while a writer appends, restarted on the same files each time. Nothing is lost, and
 * each kill repeats at most the records in flight (one poll batch): the local checkpoint store
 * advances with every acknowledged batch, while the worker's offset file is written only every
 * {@code offset.flush.interval.ms}. Kafka's FileStreamSource under the same schedule is measured and
 * printed for comparison.
 */
@ExtendWith(LocalStackExtension.class)
class FileSourceStandaloneIT {

    static final Path EXAMPLES = Path.of("..", "config-examples", "src", "main", "resources");
    static final Path WORKER_EXAMPLE = EXAMPLES.resolve("workers/connect-standalone.properties");
    static final Path CONNECTOR_EXAMPLE = EXAMPLES.resolve("connectors/file-source-standalone.properties");

    /** Records a task may hold unacknowledged at a kill: one poll batch (poll.max.records) plus one group commit. */
    private static final int IN_FLIGHT_PER_KILL = 2000 + 200;

    private static final int KILLS = 3;
    private static final int LINES = 9000;
    private static final int LINES_PER_SECOND = 500;

    record Result(String connector, int kills, long lines, long records, long lost, long duplicates) {
        String line() {
            return String.format(
                    "STANDALONE-RESULT connector=%s kills=%d lines=%d records=%d lost=%d duplicates=%d",
                    connector, kills, lines, records, lost, duplicates);
        }
    }

    @Test
    void theExampleStandaloneAgentLosesNothingAndRepeatsAtMostOneBatchPerKill(LocalStack stack) {
        stack.startKafka();
        Result tidemark = run(stack, "tidemark", 11);
        Result fileStream = run(stack, "filestream", 11);
        System.out.println(tidemark.line());
        System.out.println(fileStream.line());
        assertThat(tidemark.lost()).as(tidemark.line()).isZero();
        assertThat(tidemark.duplicates()).as(tidemark.line()).isLessThanOrEqualTo((long) KILLS * IN_FLIGHT_PER_KILL);
        assertThat(fileStream.records()).as(fileStream.line()).isPositive();
    }

    private static Result run(LocalStack stack, String label, long seed) {
        Random random = new Random(seed);
        boolean tidemark = label.equals("tidemark");
        Path logs = stack.newDir("standalone-logs-" + label);
        Path state = stack.newDir("standalone-state-" + label);
        Path workerDir = stack.newDir("standalone-worker-" + label);
        Path plugins = tidemark ? FileSourceStack.pluginPath() : PluginDirs.connectFile(stack.newDir("connect-file"));
        Map<String, String> vars = Map.of(
                "BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                "REST_PORT", "8083",
                "PLUGIN_PATH", plugins.toAbsolutePath().toString(),
                "STATE_DIR", state.toString(),
                "LOG_DIR", logs.toString());
        Map<String, String> workerProps = properties(fill(WORKER_EXAMPLE, vars));
        Map<String, String> connector;
        if (tidemark) {
            connector = properties(fill(CONNECTOR_EXAMPLE, vars));
        } else {
            connector = new LinkedHashMap<>();
            connector.put("name", "file-source");
            connector.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
            connector.put("tasks.max", "1");
            connector.put("file", logs.resolve("app.log").toString());
        }
        if (!tidemark) {
            connector.put("topic", "standalone-filestream");
        }
        String topic = connector.get("topic");
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            t.create(topic, 1);
        }
        Path connectorFile = workerDir.resolve("connector.properties");
        writeProperties(connectorFile, connector);
        StandaloneWorker worker = stack.register(new StandaloneWorker(
                "connect-standalone-" + label, workerDir, workerProps, List.of(connectorFile), List.of("-Xmx384m")));
        FileAppender app = new FileAppender(logs.resolve("app.log"), "line");
        worker.start();
        worker.rest().awaitRunning("file-source", 1, Duration.ofSeconds(60));

        Thread writer = new Thread(
                () -> {
                    int batch = LINES_PER_SECOND / 20;
                    long written = 0;
                    while (written < LINES) {
                        int n = (int) Math.min(batch, LINES - written);
                        app.append(n);
                        written += n;
                        Sleep.millis(50);
                    }
                },
                "standalone-writer-" + label);
        writer.start();
        double writeSeconds = (double) LINES / LINES_PER_SECOND;
        for (int k = 0; k < KILLS; k++) {
            Sleep.millis((long) (1000 * writeSeconds / (KILLS + 1) * (0.5 + random.nextDouble())));
            worker.kill9();
            Sleep.millis(200 + random.nextInt(1300));
            worker.restart();
            worker.rest().awaitRunning("file-source", 1, Duration.ofSeconds(90));
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        TopicVerifier verifier = new TopicVerifier(stack.kafka().bootstrapServers(), topic);
        TopicVerifier.Result r = verifier.verify(TopicVerifier.lastNumberInValue());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long stableSince = System.nanoTime();
        long last = r.records();
        while (System.nanoTime() < deadline) {
            if (r.distinct() >= LINES
                    && System.nanoTime() - stableSince > Duration.ofSeconds(5).toNanos()) {
                break;
            }
            Sleep.millis(1000);
            r = verifier.verify(TopicVerifier.lastNumberInValue());
            if (r.records() != last) {
                last = r.records();
                stableSince = System.nanoTime();
            }
        }
        worker.stop();
        return new Result(label, KILLS, LINES, r.records(), r.missing(1, LINES).size(), r.duplicates());
    }

    /** An example file with its placeholders filled in. */
    static String fill(Path example, Map<String, String> vars) {
        try {
            return ConnectorConfig.substitute(Files.readString(example), vars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    static void writeProperties(Path file, Map<String, String> props) {
        Properties p = new Properties();
        props.forEach(p::setProperty);
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
