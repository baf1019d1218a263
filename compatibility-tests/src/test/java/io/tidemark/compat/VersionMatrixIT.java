/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.tidemark.stack.LaunchClasspath;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.jmx.JvmMetrics;
import io.tidemark.stack.mongo.MongoServerProcess;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectorStatus;
import io.tidemark.stack.s3.S3ProxyServer;
import io.tidemark.stack.verify.TopicVerifier;
import io.tidemark.stack.verify.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The version matrix: the three Hub archives, built once and installed into a plugin.path as a user would, run
 * in real Connect worker JVMs of every Kafka version of {@code compat.kafka.versions} (one worker per version,
 * reused by the three connectors, all against one broker of the build's Kafka version). Per supported version and
 * connector, through the REST API only: deploy, data flows end to end, stop, offsets GET, resume, and the data
 * written while stopped arrives exactly once. A worker older than 3.6 must fail each connector at start with the
 * message naming the version. The results and times go to {@code target/version-matrix.md}.
 */
class VersionMatrixIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> MODULES =
            List.of("file-source-connector", "mongo-trigger-connector", "s3-checkpoint-sink");
    private static final Path EXAMPLES = ExampleConfigs.dir("connectors");

    private static LocalStack stack;
    private static Path pluginPath;
    private static S3ProxyServer s3;
    private static MongoServerProcess mongo;
    private static MongoClient mongoClient;
    private static final Map<String, String> RESULTS = new LinkedHashMap<>();

    static Path root() {
        return ExampleConfigs.root();
    }

    /** The versions under test: compat.kafka.versions, plus the build's own. */
    static List<String> versions() {
        List<String> out = new ArrayList<>();
        for (String v : System.getProperty("compat.kafka.versions", "").split(",")) {
            if (!v.isBlank()) {
                out.add(v.trim());
            }
        }
        if (!out.contains(LaunchClasspath.kafkaVersion())) {
            out.add(LaunchClasspath.kafkaVersion());
        }
        assertThat(out).as("compat.kafka.versions").hasSizeGreaterThan(1);
        return out;
    }

    /** Before Kafka Connect 3.6. */
    static boolean tooOld(String version) {
        String[] p = version.split("\\.");
        int major = Integer.parseInt(p[0]);
        int minor = Integer.parseInt(p[1]);
        return major < 3 || (major == 3 && minor < 6);
    }

    @BeforeAll
    static void installTheHubArchivesAndStartTheSharedServices() {
        stack = LocalStack.create("version-matrix");
        pluginPath = stack.newDir("plugin-path");
        for (String module : MODULES) {
            List<Path> zips = PluginDirs.hubZips(root().resolve(module));
            assertThat(zips).as("Hub archive of " + module + " (mvn package)").hasSize(1);
            PluginDirs.unzipHubZip(zips.get(0), pluginPath);
        }
        stack.startKafka();
        s3 = stack.startS3("compat");
        mongo = stack.startMongoServerProcess();
        mongoClient = stack.register(MongoClients.create(mongo.uri()));
    }

    @AfterAll
    static void writeTheMatrixAndStop() throws IOException {
        StringBuilder md =
                new StringBuilder("| Kafka Connect worker | connector | result | seconds |\n|---|---|---|---|\n");
        RESULTS.forEach((k, v) -> md.append(k).append(v).append('\n'));
        System.out.println(md);
        String report = System.getProperty("compat.report");
        if (report != null) {
            Files.writeString(Path.of(report), md.toString());
        }
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> everyConnectorOnEveryWorkerVersion() {
        return versions().stream().map(v -> tooOld(v) ? tooOldWorker(v) : supportedWorker(v));
    }

    // ------------------------------------------------------------------ one worker per version

    private static final class WorkerHolder {
        ConnectWorker worker;

        ConnectWorker get() {
            assertThat(worker).as("the worker did not start").isNotNull();
            return worker;
        }
    }

    private DynamicContainer supportedWorker(String version) {
        WorkerHolder w = new WorkerHolder();
        return DynamicContainer.dynamicContainer(
                "Kafka Connect " + version,
                Stream.of(
                        DynamicTest.dynamicTest("worker starts", () -> w.worker = startWorker(version)),
                        DynamicTest.dynamicTest(
                                "file source: deploy, lines flow, stop, offsets, resume",
                                () -> timed(version, "file source", () -> fileSource(w.get(), version))),
                        DynamicTest.dynamicTest(
                                "MongoDB trigger source: deploy, events flow, stop, offsets, resume",
                                () -> timed(version, "MongoDB trigger source", () -> mongoTrigger(w.get(), version))),
                        DynamicTest.dynamicTest(
                                "S3 checkpoint sink: deploy, objects written, stop, offsets, resume",
                                () -> timed(version, "S3 checkpoint sink", () -> s3Sink(w.get(), version))),
                        DynamicTest.dynamicTest("worker stops", () -> stopWorker(w))));
    }

    private DynamicContainer tooOldWorker(String version) {
        WorkerHolder w = new WorkerHolder();
        return DynamicContainer.dynamicContainer(
                "Kafka Connect " + version + " (too old)",
                Stream.of(
                        DynamicTest.dynamicTest("worker starts", () -> w.worker = startWorker(version)),
                        DynamicTest.dynamicTest(
                                "file source fails at start naming the worker version",
                                () -> timed(
                                        version,
                                        "file source (too old)",
                                        () -> refusesToStart(
                                                w.get(),
                                                version,
                                                "file source",
                                                fileSourceConfig("file-too-old-" + tag(version), version)))),
                        DynamicTest.dynamicTest(
                                "MongoDB trigger source fails at start naming the worker version",
                                () -> timed(
                                        version,
                                        "MongoDB trigger source (too old)",
                                        () -> refusesToStart(
                                                w.get(),
                                                version,
                                                "MongoDB trigger source",
                                                mongoConfig("mongo-too-old-" + tag(version), version)))),
                        DynamicTest.dynamicTest(
                                "S3 checkpoint sink fails at start naming the worker version",
                                () -> timed(
                                        version,
                                        "S3 checkpoint sink (too old)",
                                        () -> refusesToStart(
                                                w.get(),
                                                version,
                                                "S3 checkpoint sink",
                                                s3Config("s3-too-old-" + tag(version), version)))),
                        DynamicTest.dynamicTest("worker stops", () -> stopWorker(w))));
    }

    private static ConnectWorker startWorker(String version) {
        return stack.startWorker(WorkerOptions.defaults()
                .kafkaVersion(version)
                .groupId("compat-" + tag(version))
                .pluginPath(pluginPath)
                .exactlyOnceSourceSupport("enabled")
                .offsetFlushIntervalMs(1000)
                .heap("-Xmx384m"));
    }

    private static void stopWorker(WorkerHolder w) {
        if (w.worker != null) {
            w.worker.stop();
        }
    }

    private static void timed(String version, String connector, Runnable scenario) {
        long start = System.nanoTime();
        String result = "FAIL";
        try {
            scenario.run();
            result = "pass";
        } finally {
            RESULTS.put(
                    "| " + version + " | " + connector + " | ",
                    result + " | " + String.format("%.1f", (System.nanoTime() - start) / 1e9) + " |");
        }
    }

    private static String tag(String version) {
        return version.replace('.', '-');
    }

    // ------------------------------------------------------------------ too old

    private static void refusesToStart(
            ConnectWorker worker, String version, String plugin, Map<String, String> config) {
        ConnectRestClient rest = worker.rest();
        String name = plugin.replace(' ', '-') + "-too-old-" + tag(version);
        rest.configureConnector(name, config);
        ConnectorStatus status = rest.awaitConnectorState(name, "FAILED", WAIT);
        assertThat(status.raw().path("connector").path("trace").asText())
                .as(status.raw().toPrettyString())
                .contains("Tidemark " + plugin + " needs Kafka Connect 3.6 or later; this worker runs Kafka " + version)
                .contains("Upgrade the worker");
        rest.deleteConnector(name);
    }

    // ------------------------------------------------------------------ file source

    private static Map<String, String> fileSourceConfig(String name, String version) {
        Path logDir = stack.newDir(name + "-logs");
        Path stateDir = stack.newDir(name + "-state");
        Map<String, String> c = example(
                "file-source.json", Map.of("DEMO_LOG_DIR", logDir.toString(), "STATE_DIR", stateDir.toString()));
        c.put("topic", "compat-" + tag(version) + "-file");
        return c;
    }

    private static void fileSource(ConnectWorker worker, String version) {
        ConnectRestClient rest = worker.rest();
        String name = "file-" + tag(version);
        Map<String, String> config = fileSourceConfig(name, version);
        String topic = config.get("topic");
        Path log = Path.of(config.get("file.roots")).resolve("app.log");
        createTopic(topic);
        append(log, 1, 100);

        rest.configureConnector(name, config);
        rest.awaitRunning(name, 1, WAIT);
        awaitValues(topic, lines(1, 100));

        if (tooOldForPluginMetrics(version)) {
            // before Kafka 4.1 (no Connect plugin metrics) the task's gauges are on the platform MBean server
            try (JvmMetrics jmx = JvmMetrics.attach(worker.pid())) {
                String mbean = "io.tidemark:type=plugins,connector=" + name + ",task=0";
                await().atMost(WAIT).untilAsserted(() -> assertThat(jmx.attribute(mbean, "files-tracked"))
                        .as(mbean + " files-tracked")
                        .hasValueSatisfying(
                                v -> assertThat(((Number) v).longValue()).isEqualTo(1L)));
            }
        }

        rest.stopConnector(name);
        rest.awaitConnectorState(name, "STOPPED", WAIT);
        JsonNode offsets = rest.connectorOffsets(name).path("offsets");
        assertThat(offsets).as("GET /connectors/%s/offsets: %s", name, offsets).hasSize(1);
        append(log, 101, 150); // written while stopped

        rest.resumeConnector(name);
        rest.awaitRunning(name, 1, WAIT);
        awaitValues(topic, lines(1, 150));
        rest.deleteConnector(name);
    }

    private static boolean tooOldForPluginMetrics(String version) {
        String[] p = version.split("\\.");
        int major = Integer.parseInt(p[0]);
        return major < 4 || (major == 4 && Integer.parseInt(p[1]) < 1);
    }

    private static List<String> lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line-" + i).collect(Collectors.toList());
    }

    private static void append(Path file, int from, int to) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    String.join("\n", lines(from, to)) + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the topic holds exactly {@code expected}, in order (read_committed). */
    private static void awaitValues(String topic, List<String> expected) {
        TopicVerifier verifier = new TopicVerifier(stack.kafka().bootstrapServers(), topic);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(values(verifier)).hasSizeGreaterThanOrEqualTo(expected.size()));
        assertThat(values(verifier)).containsExactlyElementsOf(expected);
    }

    private static List<String> values(TopicVerifier verifier) {
        return verifier.readAll().stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------ MongoDB trigger source

    private static void mongoTrigger(ConnectWorker worker, String version) {
        ConnectRestClient rest = worker.rest();
        String name = "mongo-" + tag(version);
        String topic = "compat-" + tag(version) + "-mongo";
        String collection = "c_" + tag(version).replace('-', '_');
        MongoCollection<Document> docs = mongoClient.getDatabase("compat").getCollection(collection);
        docs.insertOne(new Document("_id", 0).append("seq", 0)); // the collection exists before the watch
        Map<String, String> config = mongoConfig(name, version);

        rest.configureConnector(name, config);
        rest.awaitRunning(name, 1, WAIT);
        await().atMost(WAIT).until(() -> worker.logTail(2000).contains("Starting watch from NOW"));
        insert(docs, 1, 20);
        TopicVerifier verifier = new TopicVerifier(stack.kafka().bootstrapServers(), topic);
        awaitSeqs(verifier, 20);

        rest.stopConnector(name);
        rest.awaitConnectorState(name, "STOPPED", WAIT);
        JsonNode offsets = rest.connectorOffsets(name).path("offsets");
        assertThat(offsets).as("GET /connectors/%s/offsets: %s", name, offsets).hasSize(1);
        assertThat(offsets.get(0).path("offset").path("token").asText()).contains("_data");
        insert(docs, 21, 30); // while stopped: resumed from the stored token

        rest.resumeConnector(name);
        rest.awaitRunning(name, 1, WAIT);
        awaitSeqs(verifier, 30);
        rest.deleteConnector(name);
    }

    private static Map<String, String> mongoConfig(String name, String version) {
        String topic = "compat-" + tag(version) + "-mongo";
        Map<String, String> config = example(
                "mongo-trigger-source.json",
                Map.of(
                        "MONGODB_URI",
                        mongo.uri(),
                        "MONGODB_DATABASE",
                        "compat",
                        "MONGODB_COLLECTION",
                        "c_" + tag(version).replace('-', '_'),
                        "STATE_DIR",
                        stack.newDir(name + "-state").toString()));
        config.put("triggers", "[{\"name\": \"inserts\", \"operations\": [\"insert\"], \"topic\": \"" + topic + "\"}]");
        config.put("unmatched.action", "drop");
        config.remove("unmatched.topic");
        config.put("heartbeat.interval.ms", "500");
        config.put("heartbeat.topic", "compat-" + tag(version) + "-mongo-heartbeats");
        return config;
    }

    private static void insert(MongoCollection<Document> docs, int from, int to) {
        for (int i = from; i <= to; i++) {
            docs.insertOne(new Document("_id", i).append("seq", i));
        }
    }

    /** Waits until the topic holds the inserts 1..n, each once. */
    private static void awaitSeqs(TopicVerifier verifier, int n) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(verifier.verify(TopicVerifier.jsonField("fullDocument.seq"))
                        .distinct())
                .isEqualTo(n));
        TopicVerifier.Result r = verifier.verify(TopicVerifier.jsonField("fullDocument.seq"));
        assertThat(r.missing(1, n)).isEmpty();
        assertThat(r.duplicates()).isZero();
    }

    // ------------------------------------------------------------------ S3 checkpoint sink

    private static void s3Sink(ConnectWorker worker, String version) {
        ConnectRestClient rest = worker.rest();
        String name = "s3-" + tag(version);
        String topic = "compat-" + tag(version) + "-s3";
        String prefix = "compat/" + tag(version);
        createTopic(topic);
        produce(topic, 0, 100);
        Map<String, String> config = s3Config(name, version);

        rest.configureConnector(name, config);
        rest.awaitRunning(name, 1, WAIT);
        awaitRecordsInS3(prefix, 100);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sinkOffset(rest, name)).isEqualTo(100L));

        rest.stopConnector(name);
        rest.awaitConnectorState(name, "STOPPED", WAIT);
        assertThat(sinkOffset(rest, name)).isEqualTo(100L);
        produce(topic, 100, 200); // while stopped

        rest.resumeConnector(name);
        rest.awaitRunning(name, 1, WAIT);
        awaitRecordsInS3(prefix, 200);
        rest.deleteConnector(name);
    }

    private static Map<String, String> s3Config(String name, String version) {
        Map<String, String> config = example(
                "s3-checkpoint-sink.json",
                Map.of(
                        "S3_ENDPOINT", s3.endpoint().toString(),
                        "S3_ACCESS_KEY", s3.accessKey(),
                        "S3_SECRET_KEY", s3.secretKey(),
                        "S3_BUCKET", s3.bucket(),
                        "STATE_DIR", stack.newDir(name + "-state").toString()));
        config.remove("topics.regex");
        config.put("topics", "compat-" + tag(version) + "-s3");
        config.put("tasks.max", "1");
        config.put("s3.prefix", "compat/" + tag(version));
        config.put("chunk.max.records", "50");
        return config;
    }

    /** GET /connectors/NAME/offsets of a sink: the committed offset of partition 0 (-1 if none). */
    private static long sinkOffset(ConnectRestClient rest, String name) {
        JsonNode offsets = rest.connectorOffsets(name).path("offsets");
        for (JsonNode o : offsets) {
            if (o.path("partition").path("kafka_partition").asInt(-1) == 0) {
                return o.path("offset").path("kafka_offset").asLong(-1);
            }
        }
        return -1;
    }

    private static void produce(String topic, int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    /** Waits until the data objects under {@code prefix} (manifests aside) hold {@code records} lines. */
    private static void awaitRecordsInS3(String prefix, int records) {
        try (S3Client client = s3.client()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(dataLines(client, prefix))
                    .as("records in s3://%s/%s", s3.bucket(), prefix)
                    .isEqualTo(records));
        }
    }

    private static long dataLines(S3Client client, String prefix) {
        return S3DataObjects.lines(client, s3.bucket(), prefix).size();
    }

    // ------------------------------------------------------------------ shared

    /** A config-examples connector config with its placeholders filled in. */
    private static Map<String, String> example(String file, Map<String, String> values) {
        return ExampleConfigs.connector(EXAMPLES.resolve(file), values);
    }

    private static void createTopic(String topic) {
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            if (!t.exists(topic)) {
                t.create(topic, 1);
            }
        }
    }
}
