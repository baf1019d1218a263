/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.jmx.JvmMetrics;
import io.tidemark.stack.mongo.MongoServerProcess;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.s3.S3ProxyServer;
import io.tidemark.stack.verify.TopicVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The production examples of config-examples, deployed as a user copies them: a worker of Kafka Connect 3.6 (not the
 * build's version) started from {@code production/connect-distributed.properties}, the three Hub archives in its
 * plugin.path, secrets in a properties file read through the worker's FileConfigProvider, and every connector file of
 * {@code production/} PUT through the REST API with only its {@code ${NAME}} placeholders filled in. Lines written to
 * files and documents written to MongoDB must reach their topics, and the sink must put each of them into S3 exactly
 * once, without the heartbeat topic, as a bucket listing shows.
 */
class ProductionExamplesIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String WORKER_VERSION = "3.6.2";
    private static final Path PRODUCTION = ExampleConfigs.dir("production");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 300;
    private static final int ORDERS = 40;
    private static final int PAID = 15;

    private static LocalStack stack;
    private static ConnectWorker worker;
    private static S3ProxyServer s3;
    private static MongoServerProcess mongo;
    private static MongoClient mongoClient;
    private static Map<String, String> placeholders;

    @BeforeAll
    static void startAWorkerFromTheProductionWorkerProperties() throws IOException {
        stack = LocalStack.create("production-examples");
        Path pluginPath = stack.newDir("plugin-path");
        for (String module : List.of("file-source-connector", "mongo-trigger-connector", "s3-checkpoint-sink")) {
            List<Path> zips = PluginDirs.hubZips(ExampleConfigs.root().resolve(module));
            assertThat(zips).as("Hub archive of " + module + " (mvn package)").hasSize(1);
            PluginDirs.unzipHubZip(zips.get(0), pluginPath);
        }
        stack.startKafka();
        s3 = stack.startS3("archive");
        mongo = stack.startMongoServerProcess();
        mongoClient = stack.register(MongoClients.create(mongo.uri()));

        Path secrets = stack.newDir("secrets").resolve("tidemark-secrets.properties");
        Files.writeString(
                secrets,
                "mongodb.uri=" + mongo.uri() + "\naws.access.key.id=" + s3.accessKey() + "\naws.secret.access.key="
                        + s3.secretKey() + "\n");

        Map<String, String> worker = ExampleConfigs.workerProperties(
                PRODUCTION.resolve("connect-distributed.properties"),
                Map.of(
                        "BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                        "WORKER_HOST", "127.0.0.1",
                        "PLUGIN_PATH", pluginPath.toString()));
        // The REST listener is the one setting the test owns: the stack gives each worker a free port.
        worker.remove("listeners");
        worker.remove("rest.advertised.host.name");
        ProductionExamplesIT.worker = stack.startWorker(WorkerOptions.defaults()
                .kafkaVersion(WORKER_VERSION)
                .heap("-Xmx512m")
                .properties(worker));

        Path state = stack.newDir("state");
        placeholders = new HashMap<>();
        placeholders.put("LOG_DIR", stack.newDir("logs").toString());
        // the worker runs on this machine and sets no file.host.id: its host id is the host name
        placeholders.put("FILE_HOST", InetAddress.getLocalHost().getHostName());
        placeholders.put("STATE_DIR", state.toString());
        placeholders.put("SECRETS_FILE", secrets.toString());
        placeholders.put("MONGODB_DATABASE", "shop");
        placeholders.put("MONGODB_COLLECTION", "orders");
        placeholders.put("S3_BUCKET", s3.bucket());
        placeholders.put("S3_REGION", "us-east-1");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyProductionExampleDeploysAsShippedAndItsDataReachesS3ExactlyOnce() throws IOException {
        ConnectRestClient rest = worker.rest();
        Set<String> deployed = new TreeSet<>();

        // file source: lines of a log file and of its numbered rotation
        Path logs = Path.of(placeholders.get("LOG_DIR"));
        Files.writeString(logs.resolve("app.log.1"), lines(1, LINES / 2));
        Files.writeString(logs.resolve("app.log"), lines(LINES / 2 + 1, LINES));
        deployed.add(deploy(rest, "file-source.json", Map.of()));
        rest.awaitRunning("file-source", 1, WAIT);
        awaitValues("app-logs", LINES);

        // MongoDB trigger source: inserts and the updates that mark orders paid
        deployed.add(deploy(rest, "mongo-trigger-source.json", Map.of()));
        rest.awaitRunning("mongo-trigger-source", 1, WAIT);
        await().atMost(WAIT).until(() -> worker.logTail(4000).contains("Starting watch from NOW"));
        MongoCollection<Document> orders = mongoClient.getDatabase("shop").getCollection("orders");
        for (int i = 1; i <= ORDERS; i++) {
            orders.insertOne(new Document("_id", i).append("status", "new"));
        }
        for (int i = 1; i <= PAID; i++) {
            orders.updateOne(Filters.eq("_id", i), Updates.set("status", "paid"));
        }
        orders.updateOne(Filters.eq("_id", ORDERS), Updates.set("status", "shipped")); // matches no trigger
        awaitValues("orders.created", ORDERS);
        awaitValues("orders.paid", PAID);
        assertThat(rest.connectorConfig("mongo-trigger-source").get("connection.uri"))
                .as("GET /connectors/mongo-trigger-source/config: the secret stays a reference")
                .startsWith("${file:")
                .doesNotContain(mongo.uri());

        // S3 sink: AWS's endpoint replaced by s3proxy's, nothing else changed
        deployed.add(deploy(
                rest,
                "s3-checkpoint-sink.json",
                Map.of("s3.endpoint", s3.endpoint().toString(), "s3.path.style.access", "true")));
        rest.awaitRunning("s3-checkpoint-sink", 2, WAIT);
        assertThat(rest.connectorConfig("s3-checkpoint-sink").get("aws.secret.access.key"))
                .startsWith("${file:");
        // Record-time rotation keeps the last chunk of each partition open until a record of the next hour
        // arrives; a stop seals and uploads it, as the example's README says. Stop once the tasks have read
        // every record (Connect's own sink task metrics, over JMX).
        try (JvmMetrics jmx = JvmMetrics.attach(worker.pid())) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(sinkRecordsRead(jmx)).isEqualTo(LINES + ORDERS + PAID));
        }
        rest.stopConnector("s3-checkpoint-sink");
        rest.awaitConnectorState("s3-checkpoint-sink", "STOPPED", WAIT);

        Map<String, Long> perTopic = new TreeMap<>();
        Set<String> positions = new TreeSet<>();
        try (S3Client client = s3.client()) {
            // the tasks seal and upload their open chunks while they stop, after the connector reports STOPPED
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(S3DataObjects.lines(client, s3.bucket(), "kafka-archive"))
                            .as(() -> "records in s3; the worker's warnings:\n" + warnings(worker.logTail(3000)))
                            .hasSizeGreaterThanOrEqualTo(LINES + ORDERS + PAID));
            for (String line : S3DataObjects.lines(client, s3.bucket(), "kafka-archive")) {
                JsonNode record = JSON.readTree(line);
                String position = record.path("topic").asText() + "/"
                        + record.path("partition").asInt() + "/"
                        + record.path("offset").asLong();
                assertThat(positions.add(position))
                        .as("%s written twice to S3", position)
                        .isTrue();
                perTopic.merge(record.path("topic").asText(), 1L, Long::sum);
            }
        }
        assertThat(perTopic)
                .as(() -> "records per topic in the bucket listing (no heartbeats); the worker's warnings:\n"
                        + warnings(worker.logTail(3000)))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("app-logs", (long) LINES, "orders.created", (long) ORDERS, "orders.paid", (long) PAID));

        try (Stream<Path> files = Files.list(PRODUCTION)) {
            assertThat(deployed)
                    .as("every connector file of config-examples/production is deployed by this test")
                    .containsExactlyInAnyOrderElementsOf(
                            files.map(p -> p.getFileName().toString())
                                    .filter(n -> n.endsWith(".json"))
                                    .collect(Collectors.toList()));
        }
    }

    /** PUTs a production example with its placeholders filled in (plus {@code overrides}), returns its file name. */
    private static String deploy(ConnectRestClient rest, String file, Map<String, String> overrides) {
        Map<String, String> config = ExampleConfigs.connector(PRODUCTION.resolve(file), placeholders);
        config.putAll(overrides);
        String name = file.replaceAll("\\.json$", "");
        rest.configureConnector(name, new LinkedHashMap<>(config));
        return file;
    }

    /** Connect's sink-record-read-total of the sink's two tasks. */
    private static long sinkRecordsRead(JvmMetrics jmx) {
        long sum = 0;
        for (int task = 0; task < 2; task++) {
            sum += jmx.attribute(
                            "kafka.connect:type=sink-task-metrics,connector=s3-checkpoint-sink,task=" + task,
                            "sink-record-read-total")
                    .map(v -> ((Number) v).longValue())
                    .orElse(0L);
        }
        return sum;
    }

    private static String warnings(String log) {
        return log.lines()
                .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("s3-checkpoint-sink"))
                .collect(Collectors.joining("\n"));
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line-" + i + "\n").collect(Collectors.joining());
    }

    /** Waits until every partition of the topic together holds {@code n} distinct records, none twice. */
    private static void awaitValues(String topic, int n) {
        TopicVerifier verifier = new TopicVerifier(stack.kafka().bootstrapServers(), topic);
        await().atMost(WAIT).untilAsserted(() -> assertThat(verifier.readAll()).hasSizeGreaterThanOrEqualTo(n));
        List<String> values =
                verifier.readAll().stream().map(ConsumerRecord::value).collect(Collectors.toList());
        assertThat(values).as(topic).hasSize(n).doesNotHaveDuplicates();
    }

    static {
        // fail early with a clear message when the examples directory moved
        if (!Files.isDirectory(PRODUCTION)) {
            throw new UncheckedIOException(new IOException("no config-examples production directory at " + PRODUCTION));
        }
    }
}
