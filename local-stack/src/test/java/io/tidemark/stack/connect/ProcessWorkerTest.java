/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.ProcessRegistry;
import io.tidemark.stack.kafka.KafkaBroker;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectRestException;
import io.tidemark.stack.rest.ConnectorStatus;
import io.tidemark.stack.rest.ValidationResult;
import io.tidemark.stack.verify.FileAppender;
import io.tidemark.stack.verify.TopicVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Broker JVM + worker JVM with Kafka's FileStreamSourceConnector from a plugin dir; SIGKILL and restart. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessWorkerTest {
    static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    static LocalStack stack;
    static KafkaBroker kafka;
    static ConnectWorker worker;
    static Path pluginPath;

    @BeforeAll
    static void start() {
        stack = LocalStack.create("ProcessWorkerTest");
        long t0 = System.nanoTime();
        kafka = stack.startKafka();
        long t1 = System.nanoTime();
        pluginPath = PluginDirs.connectFile(stack.newDir("plugins"));
        worker = stack.startWorker(WorkerOptions.defaults()
                .pluginPath(pluginPath)
                .sessionTimeoutMs(6000)
                .heartbeatIntervalMs(1000)
                .offsetFlushIntervalMs(1000));
        long t2 = System.nanoTime();
        System.out.printf(
                "broker ready in %d ms, worker REST ready in %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        stack.close();
        assertThat(ProcessRegistry.live()).isEmpty();
    }

    @Test
    @Order(1)
    void workerClasspathHasNoConnectorAndPluginComesFromPluginPath() throws Exception {
        String cmd = String.join(" ", worker.process().command());
        assertThat(cmd)
                .doesNotContain("connect-file")
                .doesNotContain("local-stack")
                .doesNotContain("/target/classes");
        ConnectRestClient rest = worker.rest();
        assertThat(rest.connectorPlugins()).contains(SOURCE);
        assertThat(Files.readString(worker.stateDir().resolve("worker.properties")))
                .contains("plugin.discovery=service_load");
    }

    @Test
    @Order(2)
    void validateReportsErrorsPerSetting() {
        ValidationResult bad =
                worker.rest().validateConnectorConfig(SOURCE, Map.of("name", "v", "tasks.max", "1", "topic", ""));
        assertThat(bad.isValid()).isFalse();
        assertThat(bad.errors()).containsKey("topic");
        ValidationResult good = worker.rest()
                .validateConnectorConfig(SOURCE, Map.of("name", "v", "tasks.max", "1", "topic", "t", "file", "/tmp/x"));
        assertThat(good.errorCount()).as(good.raw().toPrettyString()).isZero();
    }

    @Test
    @Order(3)
    void sigkilledWorkerRestartsOnSameStateAndTasksRunAgain() throws Exception {
        Path log = stack.newDir("input").resolve("app.log");
        FileAppender appender = new FileAppender(log);
        appender.append(100);
        ConnectRestClient rest = worker.rest();
        rest.configureConnector(
                "file-source",
                Map.of(
                        "connector.class",
                        SOURCE,
                        "tasks.max",
                        "1",
                        "topic",
                        "lines",
                        "file",
                        log.toString(),
                        "value.converter",
                        "org.apache.kafka.connect.storage.StringConverter"));
        rest.awaitRunning("file-source", 1, Duration.ofSeconds(30));
        TopicVerifier.awaitCount(kafka.bootstrapServers(), "lines", 100, Duration.ofSeconds(30));

        long pidBefore = worker.pid();
        worker.kill9();
        assertThat(worker.isRunning()).isFalse();
        assertThatThrownBy(() -> rest.connectors()).isInstanceOf(ConnectRestException.class);
        appender.append(100);

        long t0 = System.nanoTime();
        worker.restart();
        assertThat(worker.pid()).isNotEqualTo(pidBefore);
        ConnectorStatus s = worker.rest().awaitRunning("file-source", 1, Duration.ofSeconds(60));
        System.out.printf("tasks RUNNING again %d ms after the restart%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(s.tasks()).hasSize(1);
        TopicVerifier.awaitCount(kafka.bootstrapServers(), "lines", 200, Duration.ofSeconds(30));
        TopicVerifier.Result r =
                new TopicVerifier(kafka.bootstrapServers(), "lines").verify(TopicVerifier.lastNumberInValue());
        assertThat(r.missing(1, 200)).isEmpty();
        System.out.println("after kill -9: " + r);
    }

    @Test
    @Order(4)
    void offsetsStopResumeDelete() {
        ConnectRestClient rest = worker.rest();
        // offsets are committed every offset.flush.interval.ms (1 s here)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // generous: CI machines are loaded
        while (rest.connectorOffsets("file-source").path("offsets").isEmpty() && System.nanoTime() < deadline) {
            io.tidemark.stack.Sleep.millis(200);
        }
        assertThat(rest.connectorOffsets("file-source")
                        .path("offsets")
                        .get(0)
                        .path("offset")
                        .path("position")
                        .asLong())
                .isPositive();
        rest.pauseConnector("file-source");
        rest.awaitConnectorState("file-source", "PAUSED", Duration.ofSeconds(20));
        rest.resumeConnector("file-source");
        rest.awaitRunning("file-source", 1, Duration.ofSeconds(20));
        rest.stopConnector("file-source");
        rest.awaitConnectorState("file-source", "STOPPED", Duration.ofSeconds(20));
        rest.resetConnectorOffsets("file-source");
        long resetDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!rest.connectorOffsets("file-source").path("offsets").isEmpty() && System.nanoTime() < resetDeadline) {
            io.tidemark.stack.Sleep.millis(200);
        }
        assertThat(rest.connectorOffsets("file-source").path("offsets")).isEmpty();
        rest.deleteConnector("file-source");
        assertThat(rest.connectors()).doesNotContain("file-source");
    }

    @Test
    @Order(5)
    void awaitRunningFailsWithStatusAndLogTailWhenTaskFails() {
        ConnectRestClient rest = worker.rest();
        Path input = stack.newDir("broken").resolve("in.log");
        new FileAppender(input).append(3);
        // the Cast transform cannot turn "line 1" into an int8: the task fails on its first record
        rest.configureConnector(
                "broken",
                Map.of(
                        "connector.class",
                        SOURCE,
                        "tasks.max",
                        "1",
                        "topic",
                        "broken",
                        "file",
                        input.toString(),
                        "value.converter",
                        "org.apache.kafka.connect.storage.StringConverter",
                        "transforms",
                        "bad",
                        "transforms.bad.type",
                        "org.apache.kafka.connect.transforms.Cast$Value",
                        "transforms.bad.spec",
                        "int8"));
        // the task reports RUNNING until its first poll fails: wait for the failure, so awaitRunning sees it
        long failDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < failDeadline && !failed(rest, "broken")) {
            io.tidemark.stack.Sleep.millis(200);
        }
        assertThatThrownBy(() -> rest.awaitRunning("broken", 1, Duration.ofSeconds(30)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("FAILED")
                .hasMessageContaining("last lines of");
        rest.deleteConnector("broken");
    }

    @Test
    @Order(6)
    void stopWithSigtermThenRestart() {
        List<String> before = worker.rest().connectors();
        assertThat(worker.stop()).isTrue();
        assertThat(worker.isRunning()).isFalse();
        worker.start();
        assertThat(worker.rest().connectors()).isEqualTo(before);
    }

    private static boolean failed(ConnectRestClient rest, String name) {
        try {
            return rest.connectorStatus(name).anyFailed();
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
