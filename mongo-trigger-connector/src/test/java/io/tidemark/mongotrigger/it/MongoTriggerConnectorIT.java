/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.jmx.JvmMetrics;
import io.tidemark.stack.jmx.PrometheusAgent;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectorStatus;
import io.tidemark.stack.rest.ValidationResult;
import io.tidemark.stack.verify.TopicVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector in a real Connect worker JVM, driven through the REST API, against mongo-java-server
 * in its own JVM (collection-level change streams). One stack for the class; each test has its own
 * collection, connector name and topics.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoTriggerConnectorIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    TriggerStack s;
    /** The Prometheus JMX exporter with the rules from config-examples, as an operator runs it. */
    final PrometheusAgent prometheus = PrometheusAgent.of(
            Path.of("target", "it-lib", "jmx_prometheus_javaagent.jar"),
            Path.of("..", "config-examples", "src", "main", "resources", "monitoring", "prometheus-jmx-exporter.yml"));

    @BeforeAll
    void start(LocalStack stack) {
        s = new TriggerStack(
                stack, WorkerOptions.defaults().offsetFlushIntervalMs(1000).jvmArg(prometheus.jvmArg()));
    }

    MongoCollection<Document> coll(String name) {
        MongoCollection<Document> c = s.client.getDatabase("syntrix").getCollection(name);
        c.insertOne(new Document("_id", "init").append("database", "none")); // collection exists before the watch
        // mongo-java-server reports no operationTime, so a start from now starts at the beginning of the second of
        // its clock (a little early, never late): keep the init document out of the connector's first second
        try {
            Thread.sleep(1_050 - System.currentTimeMillis() % 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return c;
    }

    static String triggers(String prefix) {
        return "[{\"name\": \"tenant-a-big\", \"operations\": [\"insert\"], \"condition\": {\"total\": {\"$gte\": 100}},"
                + " \"topic\": \"" + prefix + ".big\"},"
                + " {\"name\": \"deletes\", \"operations\": [\"delete\"], \"topic\": \"" + prefix + ".deletes\"}]";
    }

    @Test
    void validateThroughRestNamesBadTriggersAndAnUnreachableServer() {
        ConnectRestClient rest = s.worker.rest();
        Map<String, String> bad = s.config(
                "syntrix",
                "v",
                "triggers",
                "[{\"name\": \"oops\", \"condition\": {\"x\": {\"$regex\": \"a\"}}, \"topic\": \"t\"}]");
        ValidationResult r = rest.validateConnectorConfig(TriggerStack.CONNECTOR, bad);
        assertThat(r.errorsFor("triggers")).singleElement().asString().startsWith("trigger 'oops': invalid condition");

        Map<String, String> unreachable = s.config(
                "syntrix",
                "v",
                "triggers",
                triggers("v"),
                "connection.uri",
                "mongodb://127.0.0.1:1",
                "connection.validate.timeout.ms",
                "500");
        assertThat(rest.validateConnectorConfig(TriggerStack.CONNECTOR, unreachable)
                        .errorsFor("connection.uri"))
                .singleElement()
                .asString()
                .contains("Cannot reach MongoDB");

        ValidationResult ok = rest.validateConnectorConfig(
                TriggerStack.CONNECTOR, s.config("syntrix", "v", "triggers", triggers("v"), "name", "v"));
        assertThat(ok.errors()).allSatisfy((k, v) -> assertThat(v).as(k).isEmpty());
        assertThat(ok.isValid()).isTrue();
    }

    @Test
    void missingCheckpointWithoutStartFromNowFailsTheTask() {
        coll("failfast");
        s.worker.rest().configureConnector("failfast", s.config("syntrix", "failfast", "triggers", triggers("ff")));
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectorStatus st = s.worker.rest().connectorStatus("failfast");
            assertThat(st.tasks()).singleElement().satisfies(t -> {
                assertThat(t.state()).isEqualTo("FAILED");
                assertThat(t.trace()).contains("No checkpoint to resume from").contains("start.from.now=true");
            });
        });
        s.worker.rest().deleteConnector("failfast");
    }

    @Test
    void triggersLogicalDatabaseFilterCheckpointAndOperatorReset() {
        MongoCollection<Document> docs = coll("orders");
        ConnectRestClient rest = s.worker.rest();
        rest.configureConnector(
                "orders",
                s.config(
                        "syntrix",
                        "orders",
                        "triggers",
                        triggers("orders"),
                        "start.from.now",
                        "true",
                        "logical.database",
                        "tenant-a",
                        "logical.database.unresolved.action",
                        "include",
                        "heartbeat.interval.ms",
                        "500"));
        s.awaitRunning("orders");
        await().atMost(WAIT)
                .until(() -> s.worker.logTail(400).contains("AUDIT: Starting watch from NOW (checkpoint missing)"));
        // the first heartbeat stores a position before any event arrives (mongo-java-server: after the first event)
        for (int i = 1; i <= 40; i++) {
            docs.insertOne(new Document("_id", i)
                    .append("database", i % 2 == 0 ? "tenant-a" : "tenant-b")
                    .append("total", i * 5));
        }
        docs.deleteOne(new Document("_id", 2));

        // tenant-a inserts with total >= 100: ids 20..40 even = 11 records
        TopicVerifier big = new TopicVerifier(s.bootstrap(), "orders.big");
        await().atMost(WAIT).untilAsserted(() -> assertThat(big.readAll()).hasSize(11));
        List<ConsumerRecord<String, String>> bigRecords = big.readAll();
        assertThat(bigRecords).extracting(ConsumerRecord::key).startsWith("{\"_id\": 20}", "{\"_id\": 22}");
        ConsumerRecord<String, String> first = bigRecords.get(0);
        assertThat(first.value())
                .contains("\"trigger\": \"tenant-a-big\"")
                .contains("\"logicalDatabase\": \"tenant-a\"")
                .contains("\"operation\": \"insert\"")
                .contains("\"fullDocument\"");
        assertThat(new String(first.headers().lastHeader("tidemark.trigger").value()))
                .isEqualTo("tenant-a-big");
        assertThat(first.headers().lastHeader("tidemark.resume.token")).isNotNull();
        // the delete carries no document: its logical database is unknown, and 'include' lets it through
        TopicVerifier deletes = new TopicVerifier(s.bootstrap(), "orders.deletes");
        await().atMost(WAIT).untilAsserted(() -> assertThat(deletes.readAll())
                .singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo("{\"_id\": 2}")));

        // Connect's offsets: one partition, the seed's consumer id, a stamped {token, updatedAt}
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode offsets = rest.connectorOffsets("orders").path("offsets");
            assertThat(offsets).hasSize(1);
            assertThat(offsets.get(0).path("partition").path("consumer").asText())
                    .isEqualTo("trigger-evaluator");
            assertThat(offsets.get(0).path("offset").path("token").asText()).contains("_data");
            assertThat(offsets.get(0).path("offset").has("updatedAt")).isTrue();
        });

        // operator reset to the token of the 3rd big record: the records after it are delivered again
        String token = new String(
                bigRecords.get(2).headers().lastHeader("tidemark.resume.token").value());
        rest.stopConnector("orders");
        rest.awaitConnectorState("orders", "STOPPED", WAIT);
        rest.alterConnectorOffsets(
                "orders",
                ConnectRestClient.offsetsBody(Map.of("consumer", "trigger-evaluator"), Map.of("token", token)));
        rest.resumeConnector("orders");
        s.awaitRunning("orders");
        await().atMost(WAIT).untilAsserted(() -> assertThat(big.readAll()).hasSize(11 + 8));
        assertThat(big.readAll().subList(11, 19))
                .extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(bigRecords.subList(3, 11).stream()
                        .map(ConsumerRecord::key)
                        .toList());
        rest.deleteConnector("orders");
    }

    @Test
    void jmxMetricsCountTriggerEventsAndTheReconnectsWhileMongoIsDown() throws Exception {
        MongoCollection<Document> docs = coll("metrics");
        ConnectRestClient rest = s.worker.rest();
        rest.configureConnector(
                "metrics",
                s.config(
                        "syntrix",
                        "metrics",
                        "start.from.now",
                        "true",
                        "triggers",
                        "[{\"name\": \"all\", \"operations\": [\"insert\"], \"topic\": \"metrics.all\"}]"));
        s.awaitRunning("metrics");
        for (int i = 1; i <= 20; i++) {
            docs.insertOne(new Document("_id", i).append("seq", i).append("database", "x"));
        }
        TopicVerifier all = new TopicVerifier(s.bootstrap(), "metrics.all");
        await().atMost(WAIT).untilAsserted(() -> assertThat(all.readAll()).hasSize(20));
        String task = "kafka.connect:type=plugins,connector=metrics,task=0";
        try (JvmMetrics jmx = JvmMetrics.attach(s.worker.pid())) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(jmx.attribute(task + ",trigger=all", "trigger-events-total"))
                            .as("%s", jmx.attributes(task))
                            .contains(20.0));
            assertThat(jmx.attribute(task, "events-read-total")).contains(20.0);
            assertThat(jmx.attribute(task, "stream-reconnects-total")).contains(0.0);
            // the server's oplog (mongo-java-server keeps one since the collection was created) and the committed
            // checkpoint inside it: the window covers the headroom, both known
            await().atMost(WAIT).untilAsserted(() -> {
                double window = (Double) jmx.attribute(task, "oplog-window-ms").orElseThrow();
                double headroom = (Double)
                        jmx.attribute(task, "checkpoint-oplog-headroom-ms").orElseThrow();
                assertThat(window).as("oplog-window-ms").isNotNegative();
                assertThat(headroom)
                        .as("checkpoint-oplog-headroom-ms")
                        .isNotNegative()
                        .isLessThanOrEqualTo(window);
            });

            s.mongo.kill9();
            await().atMost(WAIT).untilAsserted(() -> assertThat((Double)
                            jmx.attribute(task, "stream-reconnects-total").orElseThrow())
                    .isPositive());
            s.mongo.restart();
            try (MongoClient again = MongoClients.create(s.mongo.uri())) {
                MongoCollection<Document> after = again.getDatabase("syntrix").getCollection("metrics");
                for (int i = 21; i <= 25; i++) {
                    after.insertOne(new Document("_id", i).append("seq", i).append("database", "x"));
                }
            }
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(jmx.attribute(task + ",trigger=all", "trigger-events-total"))
                            .contains(25.0));
        }
        assertThat(all.verify(TopicVerifier.jsonField("fullDocument.seq")).missing(1, 25))
                .isEmpty();
        assertThat(s.awaitRunning("metrics").toString()).doesNotContain("FAILED");
        rest.deleteConnector("metrics");
    }

    @Test
    void killNineResumesFromTheLocalCheckpointWithoutLoss() {
        MongoCollection<Document> docs = coll("crash");
        ConnectRestClient rest = s.worker.rest();
        rest.configureConnector(
                "crash",
                s.config(
                        "syntrix",
                        "crash",
                        "start.from.now",
                        "true",
                        "triggers",
                        "[{\"name\": \"all\", \"operations\": [\"insert\"], \"topic\": \"crash.all\"}]",
                        "checkpoint.flush.interval.ms",
                        "100"));
        s.awaitRunning("crash");
        for (int i = 1; i <= 200; i++) {
            docs.insertOne(new Document("_id", i).append("seq", i).append("database", "x"));
        }
        TopicVerifier all = new TopicVerifier(s.bootstrap(), "crash.all");
        await().atMost(WAIT).untilAsserted(() -> assertThat(all.readAll()).hasSizeGreaterThanOrEqualTo(200));
        s.worker.kill9(); // Connect's offsets flush every second; the local checkpoint every 100 ms
        for (int i = 201; i <= 300; i++) {
            docs.insertOne(new Document("_id", i).append("seq", i).append("database", "x"));
        }
        s.worker.restart();
        s.awaitRunning("crash");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                        all.verify(TopicVerifier.jsonField("fullDocument.seq")).distinct())
                .isEqualTo(300));
        TopicVerifier.Result r = all.verify(TopicVerifier.jsonField("fullDocument.seq"));
        assertThat(r.missing(1, 300)).isEmpty();
        assertThat(r.duplicates()).isZero(); // everything was acknowledged and checkpointed before the kill
        rest.deleteConnector("crash");
    }
}
