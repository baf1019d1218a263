/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it;

import static io.tidemark.filesource.it.FileSourceStack.awaitValues;
import static io.tidemark.filesource.it.FileSourceStack.exampleConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.jmx.JvmMetrics;
import io.tidemark.stack.jmx.PrometheusAgent;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectRestException;
import io.tidemark.stack.rest.ConnectorConfig;
import io.tidemark.stack.rest.ValidationResult;
import io.tidemark.stack.verify.FileAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The research edge cases end to end: a real broker, a real worker JVM with the packaged plugin and
 * exactly-once source support, the example config from config-examples, and the REST API.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileSourceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private LocalStack stack;
    private ConnectRestClient rest;
    private ConnectWorker worker;
    /** The Prometheus JMX exporter with the rules from config-examples, as an operator runs it. */
    private final PrometheusAgent prometheus = PrometheusAgent.of(
            Path.of("target", "it-lib", "jmx_prometheus_javaagent.jar"),
            FileSourceStack.MONITORING.resolve("prometheus-jmx-exporter.yml"));

    private int n;

    @BeforeAll
    void startStack(LocalStack stack) {
        this.stack = stack;
        stack.startKafka();
        worker = stack.startWorker(FileSourceStack.workerOptions(true).jvmArg(prometheus.jvmArg()));
        rest = worker.rest();
    }

    /** A connector of its own: log dir, state dir, topic. */
    private final class Case {
        final String name;
        final String topic;
        final Path logs;
        final Path state;
        final ConnectorConfig config;

        Case(String label, Map<String, String> overrides) {
            int i = ++n;
            name = "fs-" + label + "-" + i;
            topic = "lines-" + label + "-" + i;
            logs = stack.newDir("logs-" + label + "-" + i);
            state = stack.newDir("state-" + label + "-" + i);
            Map<String, String> o = new HashMap<>(overrides);
            o.put("topic", topic);
            config = exampleConfig(logs, state, o);
            FileSourceStack.createTopic(stack, topic);
        }

        void deploy() {
            FileSourceStack.deploy(rest, name, config);
        }

        void stop() {
            rest.stopConnector(name);
            rest.awaitConnectorState(name, "STOPPED", WAIT);
        }

        void resume() {
            rest.resumeConnector(name);
            rest.awaitRunning(name, 1, WAIT);
        }

        List<String> await(int count) {
            return awaitValues(stack, topic, count, WAIT);
        }
    }

    private static List<String> seq(String prefix, long from, long to) {
        List<String> l = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            l.add(prefix + " " + i);
        }
        return l;
    }

    private static void write(Path p, String text) throws Exception {
        Files.write(p, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void validateNamesAMissingRoot() {
        Case c = new Case("validate", Map.of());
        Map<String, String> cfg = new HashMap<>(c.config.config());
        cfg.put("file.roots", c.logs.resolve("does-not-exist").toString());
        ValidationResult r = rest.validateConnectorConfig(cfg.get("connector.class"), cfg);
        assertThat(r.errorsFor("file.roots")).singleElement().asString().contains("does not exist");
    }

    @Test
    void aRootThatDisappearsFromTheWorkerIsCountedInTheTasksJmxMetricsWhileTheOtherRootIsRead() throws Exception {
        Case c = new Case("missing-root", Map.of());
        Path other = Files.createDirectories(c.logs.resolveSibling(c.logs.getFileName() + "-unmounted"));
        c.config.config().put("file.roots", c.logs + "," + other); // validate needs both on the serving worker
        write(c.logs.resolve("app.log"), String.join("\n", seq("line", 1, 3)) + "\n");
        c.deploy();
        assertThat(c.await(3)).containsExactlyElementsOf(seq("line", 1, 3));
        String bean = "kafka.connect:type=plugins,connector=" + c.name + ",task=0";
        try (JvmMetrics jmx = JvmMetrics.attach(worker.pid())) {
            assertThat(jmx.attribute(bean, "roots-missing"))
                    .as("metrics of %s: %s", bean, jmx.attributes(bean))
                    .contains(0.0);
            Files.delete(other); // an unmounted volume, a directory removed by a cleanup job
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!jmx.attribute(bean, "roots-missing").equals(Optional.of(1.0)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(jmx.attribute(bean, "roots-missing"))
                    .as("metrics of %s: %s", bean, jmx.attributes(bean))
                    .contains(1.0);
            assertThat(jmx.attribute(bean, "files-tracked")).contains(1.0);
        }
        assertThat(prometheus.scrape())
                .containsPattern(
                        "(?m)^kafka_connect_plugin_roots_missing\\{connector=\"" + c.name + "\",task=\"0\",?} 1\\.0$");
        write(c.logs.resolve("app.log"), "line 4\n");
        assertThat(c.await(4)).endsWith("line 4");
        assertThat(worker.logTail(3000)).contains("root " + other + " does not exist");
        assertThat(rest.awaitRunning(c.name, 1, WAIT).toString()).doesNotContain("FAILED");
    }

    @Test
    void everyMetricOfTheGrafanaDashboardIsScrapedFromAWorkerRunningTheFileSource() throws Exception {
        Case c = new Case("dashboard", Map.of());
        write(c.logs.resolve("app.log"), "one\n");
        c.deploy();
        assertThat(c.await(1)).containsExactly("one");
        JsonNode dashboard = new ObjectMapper()
                .readTree(FileSourceStack.MONITORING
                        .resolve("grafana-dashboard.json")
                        .toFile());
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("kafka_connect_[a-z0-9_]+").matcher(dashboard.toString());
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).hasSizeGreaterThan(5);
        String connector = "connector=\"" + c.name + "\"";
        String readme = Files.readString(Path.of("README.md")); // this connector's metric table
        String scraped = prometheus.scrape();
        Set<String> missing = new TreeSet<>();
        for (String metric : used) {
            if (metric.startsWith("kafka_connect_plugin_")) {
                String name = metric.substring("kafka_connect_plugin_".length()).replace('_', '-');
                boolean ours = readme.contains("`" + name + "`")
                        || (name.startsWith("checkpoint-") && readme.contains("`checkpoint-"));
                if (!ours) {
                    continue; // another connector's metric: that module's IT checks it
                }
            }
            boolean labelled = !metric.startsWith("kafka_connect_worker_");
            if (!Pattern.compile("(?m)^" + metric + "\\{[^}]*" + (labelled ? Pattern.quote(connector) : "") + "[^}]*} ")
                    .matcher(scraped)
                    .find()) {
                missing.add(metric);
            }
        }
        assertThat(missing)
                .as("dashboard metrics the exporter does not produce for %s", c.name)
                .isEmpty();
    }

    @Test
    void aLineLongerThanTheProducersLimitIsCutAndTheTaskKeepsRunning() throws Exception {
        Case c = new Case("long-line", Map.of()); // line.max.bytes 1 MiB, the producer's default max.request.size
        Path log = c.logs.resolve("app.log");
        write(log, "x".repeat(10 * 1024 * 1024) + "\n");
        write(log, String.join("\n", seq("after", 1, 3)) + "\n");
        c.deploy();
        List<String> values = c.await(4);
        assertThat(values).hasSize(4);
        assertThat(values.get(0))
                .startsWith("xxx")
                .hasSizeGreaterThan(1_000_000)
                .hasSizeLessThan(1024 * 1024);
        assertThat(values.subList(1, 4)).containsExactlyElementsOf(seq("after", 1, 3));
        write(log, "later 1\n");
        assertThat(c.await(5)).hasSize(5).endsWith("later 1");
        assertThat(rest.awaitRunning(c.name, 1, WAIT).toString()).doesNotContain("FAILED");
    }

    @Test
    void resumesAfterRotationWhileStopped() throws Exception {
        Case c = new Case("rotate", Map.of());
        FileAppender app = new FileAppender(c.logs.resolve("app.log"), "a");
        app.append(100);
        c.deploy();
        assertThat(c.await(100)).hasSize(100);
        c.stop();
        app.append(20); // written before the rotation, not read yet
        app.rotateRename(c.logs.resolve("app.log.1"));
        app.append(30);
        c.resume();
        assertThat(c.await(150)).containsExactlyInAnyOrderElementsOf(seq("a", 1, 150));
    }

    @Test
    void copytruncateIsNotReadTwice() {
        Case c = new Case("copytrunc", Map.of());
        FileAppender app = new FileAppender(c.logs.resolve("app.log"), "c");
        app.append(50);
        c.deploy();
        assertThat(c.await(50)).hasSize(50);
        app.copyTruncate(c.logs.resolve("app.log.1"));
        app.append(25);
        assertThat(c.await(75)).containsExactlyInAnyOrderElementsOf(seq("c", 1, 75));
    }

    @Test
    void truncateAndRewriteIsReadFromZero() throws Exception {
        Case c = new Case("rewrite", Map.of());
        Path log = c.logs.resolve("app.log");
        write(log, "header\n");
        FileAppender old = new FileAppender(log, "old");
        old.append(20);
        c.deploy();
        assertThat(c.await(21)).hasSize(21);
        c.stop();
        old.truncate();
        write(log, "header\n");
        FileAppender fresh = new FileAppender(log, "new");
        fresh.append(40); // longer than before: only the check hash tells it was rewritten
        c.resume();
        List<String> expected = new ArrayList<>(List.of("header"));
        expected.addAll(seq("old", 1, 20));
        expected.add("header");
        expected.addAll(seq("new", 1, 40));
        assertThat(c.await(62)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void inodeReuseStartsFromZero() throws Exception {
        Case c = new Case("reuse", Map.of());
        Path log = c.logs.resolve("app.log");
        new FileAppender(log, "first").append(10);
        c.deploy();
        assertThat(c.await(10)).hasSize(10);
        c.stop();
        Files.delete(log);
        new FileAppender(log, "second").append(15); // often on the freed inode
        c.resume();
        List<String> expected = seq("first", 1, 10);
        expected.addAll(seq("second", 1, 15));
        assertThat(c.await(25)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void identicalHeadersAreTwoFiles() throws Exception {
        Case c = new Case("headers", Map.of());
        write(c.logs.resolve("a.log"), "ts,level,msg\n1,INFO,a\n");
        write(c.logs.resolve("b.log"), "ts,level,msg\n1,INFO,b\n");
        c.deploy();
        assertThat(c.await(4)).containsExactlyInAnyOrder("ts,level,msg", "1,INFO,a", "ts,level,msg", "1,INFO,b");
    }

    @Test
    void halfWrittenLineWaitsForNewline() throws Exception {
        Case c = new Case("half", Map.of());
        Path log = c.logs.resolve("app.log");
        write(log, "complete\nhalf-");
        c.deploy();
        assertThat(c.await(1)).containsExactly("complete");
        Thread.sleep(1500);
        assertThat(FileSourceStack.values(stack, c.topic)).containsExactly("complete");
        write(log, "written\n");
        assertThat(c.await(2)).containsExactly("complete", "half-written");
    }

    @Test
    void multibyteCrlfAndBomDoNotDrift() throws Exception {
        Case c = new Case("charset", Map.of());
        Path log = c.logs.resolve("app.log");
        Files.write(log, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        write(log, "zürich €\r\n日本語\r\n");
        c.deploy();
        assertThat(c.await(2)).containsExactly("zürich €", "日本語");
        c.stop();
        write(log, "🙂 done\n");
        c.resume();
        assertThat(c.await(3)).containsExactly("zürich €", "日本語", "🙂 done");
    }

    @Test
    void multilineEventsAreJoined() throws Exception {
        Case c = new Case("multiline", Map.of("multiline.pattern", "^\\d{4}-", "multiline.timeout.ms", "500"));
        Path log = c.logs.resolve("app.log");
        write(log, "2026-01-01 boom\n  at a.B(C.java:1)\n  at d.E(F.java:2)\n2026-01-01 ok\n");
        c.deploy();
        assertThat(c.await(2))
                .containsExactly("2026-01-01 boom\n  at a.B(C.java:1)\n  at d.E(F.java:2)", "2026-01-01 ok");
    }

    @Test
    void operatorResetAndPatchThroughTheRestApi() {
        Case c = new Case("offsets", Map.of());
        FileAppender app = new FileAppender(c.logs.resolve("app.log"), "o");
        app.append(10);
        c.deploy();
        assertThat(c.await(10)).hasSize(10);
        c.stop();
        JsonNode offsets = rest.connectorOffsets(c.name);
        JsonNode entry = offsets.path("offsets").get(0);
        Map<String, Object> partition = ConnectRestClient.json().convertValue(entry.path("partition"), Map.class);
        assertThat(partition).containsOnlyKeys("file.id");
        // a malformed PATCH is rejected by alterOffsets' shape checks
        assertThatThrownBy(() -> rest.alterConnectorOffsets(
                        c.name, ConnectRestClient.offsetsBody(Map.of("path", "/x"), Map.of("pos", 0))))
                .hasMessageContaining("file.id");
        // PATCH back to the start of line 6 ("o 6" starts at byte 5 * 4 = 20)
        rest.alterConnectorOffsets(c.name, ConnectRestClient.offsetsBody(partition, Map.of("pos", 20, "line", 5)));
        c.resume();
        List<String> afterPatch = c.await(15);
        assertThat(afterPatch.subList(10, 15)).containsExactlyElementsOf(seq("o", 6, 10));
        c.stop();
        rest.resetConnectorOffsets(c.name); // DELETE: every position forgotten, also locally
        c.resume();
        assertThat(c.await(25).subList(15, 25)).containsExactlyElementsOf(seq("o", 1, 10));
    }

    @Test
    void patchedOffsetWhoseCheckCannotApplyIsRejectedAndAPositionOnlyPatchResumesExactlyThere() {
        Case c = new Case("patch-check", Map.of());
        FileAppender app = new FileAppender(c.logs.resolve("app.log"), "p");
        app.append(40); // "p 1\n".."p 9\n" 4 bytes each, "p 10\n".."p 40\n" 5 bytes each
        c.deploy();
        assertThat(c.await(40)).hasSize(40);
        c.stop();
        JsonNode entry = rest.connectorOffsets(c.name).path("offsets").get(0);
        Map<String, Object> partition = ConnectRestClient.json().convertValue(entry.path("partition"), Map.class);
        Map<String, Object> got = ConnectRestClient.json().convertValue(entry.path("offset"), Map.class);
        assertThat(got).containsKeys("check", "check.len", "fp", "fp.len");
        long pos = 9 * 4 + 11 * 5; // the start of "p 21"

        // the natural edit: change pos and line, PATCH the rest back as GET showed it
        Map<String, Object> edited = new HashMap<>(got);
        edited.put("pos", pos);
        edited.put("line", 20);
        assertThatThrownBy(() -> rest.alterConnectorOffsets(c.name, ConnectRestClient.offsetsBody(partition, edited)))
                .isInstanceOfSatisfying(
                        ConnectRestException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("'check' does not match the 64 bytes before 'pos' " + pos)
                .hasMessageContaining("Remove 'check' and 'check.len'");

        // a fingerprint a JSON tool read as a double (jq before 1.7, JavaScript) lost its last digits
        Map<String, Object> rounded = new HashMap<>(edited);
        rounded.remove("check");
        rounded.remove("check.len");
        rounded.put("fp", ((Number) got.get("fp")).doubleValue());
        assertThatThrownBy(() -> rest.alterConnectorOffsets(c.name, ConnectRestClient.offsetsBody(partition, rounded)))
                .isInstanceOfSatisfying(
                        ConnectRestException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("offset field 'fp' is the floating-point number");

        // position-only: check and check.len left out (fp kept, and checked against the file)
        Map<String, Object> positionOnly = new HashMap<>(edited);
        positionOnly.remove("check");
        positionOnly.remove("check.len");
        rest.alterConnectorOffsets(c.name, ConnectRestClient.offsetsBody(partition, positionOnly));
        c.resume();
        app.append(1); // "p 41": everything after pos arrives, nothing before it
        List<String> all = c.await(40 + 21);
        assertThat(all).hasSize(40 + 21);
        assertThat(all.subList(40, 61)).containsExactlyElementsOf(seq("p", 21, 41));
    }

    @Test
    void workIsSplitAcrossTasksAndResplitWhenTasksChange() throws Exception {
        Case c = new Case("split", Map.of("tasks.max", "3"));
        for (int i = 0; i < 6; i++) {
            new FileAppender(c.logs.resolve("f" + i + ".log"), "f" + i).append(5);
        }
        FileSourceStack.deploy(rest, c.name, c.config);
        rest.awaitRunning(c.name, 3, WAIT);
        assertThat(c.await(30)).hasSize(30).doesNotHaveDuplicates();
        Map<String, String> two = new HashMap<>(c.config.config());
        two.put("tasks.max", "2");
        rest.configureConnector(c.name, two);
        rest.awaitRunning(c.name, 2, WAIT);
        for (int i = 0; i < 6; i++) {
            write(c.logs.resolve("f" + i + ".log"), "after f" + i + "\n");
        }
        List<String> all = c.await(36);
        assertThat(all).hasSize(36).doesNotHaveDuplicates();
    }

    @Test
    void startAtEndSkipsExistingLinesButNotNewFiles() throws Exception {
        Case c = new Case("end", Map.of("file.start.position", "end"));
        new FileAppender(c.logs.resolve("old.log"), "old").append(10);
        c.deploy();
        Thread.sleep(1500);
        new FileAppender(c.logs.resolve("old.log"), "more").append(2);
        new FileAppender(c.logs.resolve("new.log"), "new").append(3);
        assertThat(c.await(5)).containsExactlyInAnyOrder("more 1", "more 2", "new 1", "new 2", "new 3");
    }

    @Test
    void globsExcludesAndSymlinksOutsideTheRootsAreRespected() throws Exception {
        Case c = new Case("globs", Map.of("file.include", "**/*.log*"));
        Path outside = stack.newDir("outside-globs");
        write(outside.resolve("secret.log"), "secret\n");
        Files.createSymbolicLink(c.logs.resolve("link.log"), outside.resolve("secret.log"));
        Files.createDirectories(c.logs.resolve("deep/er"));
        write(c.logs.resolve("deep/er/app.log"), "deep\n");
        write(c.logs.resolve("app.log.1.gz"), "compressed\n");
        write(c.logs.resolve("notes.txt"), "not a log\n");
        c.deploy();
        Thread.sleep(1500);
        assertThat(c.await(1)).containsExactly("deep");
    }

    @Test
    void deletedOpenFileIsReadToItsEnd() throws Exception {
        Case c = new Case("deleted", Map.of("line.partial.timeout.ms", "500"));
        Path log = c.logs.resolve("app.log");
        FileAppender app = new FileAppender(log, "d");
        app.append(5);
        c.deploy();
        assertThat(c.await(5)).hasSize(5);
        try (var keep = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            Files.delete(log);
            keep.write(java.nio.ByteBuffer.wrap("d 6\nd 7\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.await(7)).containsExactlyElementsOf(seq("d", 1, 7));
        }
    }
}
