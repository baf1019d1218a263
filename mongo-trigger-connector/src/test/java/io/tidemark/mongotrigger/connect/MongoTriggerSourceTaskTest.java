/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static io.tidemark.mongotrigger.stream.ScriptedChangeStreamSource.commandError;
import static io.tidemark.mongotrigger.stream.ScriptedChangeStreamSource.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.metrics.StoreMetrics;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import io.tidemark.mongotrigger.stream.StartPosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MongoTriggerSourceTaskTest {

    static final String KEY = "sys/checkpoints/trigger_evaluator";
    final TestHarness h = new TestHarness();

    @AfterEach
    void stop() {
        if (h.task != null) {
            h.stop();
        }
    }

    LocalCheckpoint local() {
        return new LocalCheckpoint(h.store, KEY);
    }

    static List<Integer> ids(List<SourceRecord> records) {
        List<Integer> out = new ArrayList<>();
        for (SourceRecord r : records) {
            if (!r.topic().startsWith("__")) {
                out.add(BsonDocument.parse((String) r.key()).getInt32("_id").getValue());
            }
        }
        return out;
    }

    @Test
    void missingCheckpointWithoutStartFromNowFailsAtStart() {
        assertThatThrownBy(() -> h.start(TestHarness.props()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("No checkpoint to resume from")
                .hasMessageContaining(KEY);
        h.task = null;
    }

    @Test
    void missingCheckpointWithStartFromNowAuditsAndStoresAPositionBeforeTheFirstEvent() throws Exception {
        h.server.postBatchTokens(true);
        h.server.insert(1, "a"); // history before the start: not delivered
        h.start(TestHarness.props("start.from.now", "true"));
        assertThat(h.audit).containsExactly("AUDIT: Starting watch from NOW (checkpoint missing)");

        List<SourceRecord> hb = h.poll(3);
        assertThat(hb).singleElement().satisfies(r -> assertThat(r.topic())
                .isEqualTo("__tidemark_mongo_trigger_heartbeats"));
        h.ack(hb);
        h.task.flushCheckpoint();
        assertThat(local().read()).isInstanceOfSatisfying(LocalCheckpoint.State.Present.class, p -> assertThat(
                        p.checkpoint().tokenDocument())
                .isEqualTo(token(0)));

        // the first poll recorded the starting point (a second AUDIT line); a restart now resumes from the
        // stored position, with no further AUDIT line
        assertThat(h.audit).hasSize(2);
        h.stop();
        h.server.insert(2, "a");
        h.start(TestHarness.props("start.from.now", "true"));
        assertThat(h.audit).hasSize(2);
        assertThat(ids(h.poll(3))).containsExactly(2);
    }

    @Test
    void recordsPerTriggerWithHeadersStampedOffsetsAndStructValues() throws Exception {
        h.server.insert(0, "a");
        h.start(TestHarness.props(
                "start.from.now",
                "false",
                "start.at.operation.time",
                "1700000000:0",
                "output.format",
                "struct",
                "triggers",
                "[{\"name\": \"a-docs\", \"condition\": {\"database\": \"a\"}, \"topic\": \"ta\"},"
                        + "{\"name\": \"inserts\", \"operations\": [\"insert\"], \"topic\": \"ti\"}]"));

        List<SourceRecord> records = h.poll(3);

        assertThat(records).extracting(SourceRecord::topic).containsExactly("ta", "ti");
        SourceRecord first = records.get(0);
        assertThat(first.key()).isEqualTo("{\"_id\": 0}");
        assertThat(first.sourcePartition()).isEqualTo(Map.of("consumer", "trigger-evaluator"));
        assertThat(first.sourceOffset()).containsKeys("token", "updatedAt", "tidemark.seq", "tidemark.sig");
        assertThat(first.sourceOffset().get("token")).isEqualTo(token(0).toJson());
        Struct value = (Struct) first.value();
        assertThat(value.getString("operation")).isEqualTo("insert");
        assertThat(value.getString("trigger")).isEqualTo("a-docs");
        assertThat(value.getString("logicalDatabase")).isEqualTo("a");
        assertThat(value.getStruct("namespace").getString("db")).isEqualTo("app");
        assertThat(first.headers().lastWithName(EventRecords.TRIGGER_HEADER).value())
                .isEqualTo("a-docs");
        assertThat(first.headers().lastWithName(EventRecords.TOKEN_HEADER).value())
                .isEqualTo(token(0).toJson());
        assertThat(h.audit)
                .containsExactly("AUDIT: Starting watch at operation time 1700000000:0 (checkpoint missing)");
    }

    @Test
    void metricsCountEventsPerTriggerFilteredEventsHeartbeatsAndTheLag() throws Exception {
        h.server.insert(0, "a");
        h.server.insert(1, "b");
        h.server.insert(2, "a");
        h.clock.millis = 1_700_000_012_000L; // the third event (cluster time ...002 s) is read 10 s after it
        h.start(TestHarness.props(
                "start.from.now",
                "false",
                "start.at.operation.time",
                "1700000000:0",
                "heartbeat.interval.ms",
                "0",
                "triggers",
                "[{\"name\": \"a-docs\", \"condition\": {\"database\": \"a\"}, \"topic\": \"ta\"}]"));

        List<SourceRecord> records = h.poll(3);

        assertThat(records).hasSize(2);
        assertThat(h.metric(MongoTriggerMetrics.EVENTS_READ)).isEqualTo(3.0);
        assertThat(h.metric(MongoTriggerMetrics.TRIGGER_EVENTS, "trigger", "a-docs"))
                .isEqualTo(2.0);
        assertThat(h.metric(MongoTriggerMetrics.EVENTS_FILTERED)).isEqualTo(1.0);
        assertThat(h.metric(MongoTriggerMetrics.LAST_EVENT_LAG)).isEqualTo(10_000.0);
        assertThat(h.metric(MongoTriggerMetrics.RECONNECTS)).isEqualTo(0.0);
        h.ack(records);
        h.task.flushCheckpoint();
        assertThat((Double) h.metric(StoreMetrics.COMMITS)).isPositive();
        h.stop();
        assertThat(h.metric(MongoTriggerMetrics.EVENTS_READ)).isNull();
    }

    @Test
    void localCheckpointAdvancesOnlyAfterKafkaAcknowledged() throws Exception {
        h.start(TestHarness.props("start.from.now", "true", "heartbeat.interval.ms", "0"));
        h.poll(1);
        for (int i = 0; i < 3; i++) {
            h.server.insert(i, "a");
        }
        List<SourceRecord> records = h.poll(3);
        assertThat(ids(records)).containsExactly(0, 1, 2);

        h.task.flushCheckpoint();
        assertThat(local().read()).isInstanceOf(LocalCheckpoint.State.Missing.class);

        h.task.commitRecord(records.get(1), null); // dropped by a transform: done, but record 0 is not acked
        h.task.flushCheckpoint();
        assertThat(local().read()).isInstanceOf(LocalCheckpoint.State.Missing.class);

        h.ack(records.subList(0, 1));
        h.task.flushCheckpoint();
        assertThat(((LocalCheckpoint.State.Present) local().read()).checkpoint().tokenDocument())
                .isEqualTo(token(1));
        // the stored value has exactly the seed's schema
        assertThat(new String(h.store.get(KEY).orElseThrow(), StandardCharsets.UTF_8))
                .matches("\\{\"token\":\"\\{\\\\\"_data\\\\\": \\\\\"820000000000000001\\\\\"}\",\"updatedAt\":\\d+}");
    }

    @Test
    void withExactlyOnceRequiredTheLocalCheckpointWaitsForTheTransactionCommit() throws Exception {
        h.start(TestHarness.props(
                "start.from.now", "true", "heartbeat.interval.ms", "0", "exactly.once.support", "required"));
        h.poll(1);
        for (int i = 0; i < 2; i++) {
            h.server.insert(i, "a");
        }
        List<SourceRecord> records = h.poll(2);
        h.ack(records);
        h.task.flushCheckpoint();
        // Acknowledged inside a transaction that may still abort: nothing reaches the local store yet.
        assertThat(local().read()).isInstanceOf(LocalCheckpoint.State.Missing.class);

        h.task.commit();
        h.task.flushCheckpoint();
        assertThat(((LocalCheckpoint.State.Present) local().read()).checkpoint().tokenDocument())
                .isEqualTo(token(1));
    }

    @Test
    void newerLocalCheckpointWinsOverConnectOffsetsAtStart() throws Exception {
        h.start(TestHarness.props("start.from.now", "true", "heartbeat.interval.ms", "0"));
        h.poll(1);
        for (int i = 0; i < 4; i++) {
            h.server.insert(i, "a");
        }
        List<SourceRecord> records = h.poll(3);
        // Kafka acknowledged all four, the local store has them, but Connect only flushed offsets of the first
        h.ack(records);
        h.task.flushCheckpoint();
        h.connectOffsets.put(
                Map.of("consumer", "trigger-evaluator"),
                new java.util.HashMap<>(records.get(0).sourceOffset()));
        h.stop();

        h.server.insert(4, "a");
        h.start(TestHarness.props());
        assertThat(ids(h.poll(3))).containsExactly(4);
        assertThat(h.server.opens()).last().isEqualTo(StartPosition.after(token(3)));
    }

    @Test
    void operatorWrittenOffsetWinsOverTheLocalCheckpoint() throws Exception {
        h.start(TestHarness.props("start.from.now", "true", "heartbeat.interval.ms", "0"));
        h.poll(1);
        for (int i = 0; i < 4; i++) {
            h.server.insert(i, "a");
        }
        h.ack(h.poll(3));
        h.task.flushCheckpoint();
        h.stop();
        // PATCH /connectors/NAME/offsets with an earlier token (no task signature)
        h.connectOffsets.put(Map.of("consumer", "trigger-evaluator"), Map.of("token", token(1).toJson()));

        h.start(TestHarness.props());

        assertThat(ids(h.poll(3))).containsExactly(2, 3);
        assertThat(h.server.opens()).last().isEqualTo(StartPosition.after(token(1)));
        assertThat(local().operatorChange()).isEmpty();
    }

    @Test
    void corruptLocalCheckpointIsTreatedAsMissingByDefault() {
        h.store.putRaw(KEY, "{broken".getBytes(StandardCharsets.UTF_8));
        h.start(TestHarness.props("start.from.now", "true"));
        assertThat(h.audit).contains("AUDIT: Starting watch from NOW (checkpoint missing)");
    }

    @Test
    void corruptLocalCheckpointFailsClosedWhenConfigured() {
        h.store.putRaw(KEY, "{broken".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(
                        () -> h.start(TestHarness.props("start.from.now", "true", "checkpoint.corrupt.policy", "fail")))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(KEY);
        h.task = null;
    }

    @Test
    void heartbeatsCarryPostBatchTokensOfAFilteredStreamIntoTheCheckpoint() throws Exception {
        h.server.postBatchTokens(true);
        h.server.insert(0, "a");
        h.connectOffsets.put(Map.of("consumer", "trigger-evaluator"), Map.of("token", token(0).toJson()));
        h.start(TestHarness.props("logical.database", "mine"));
        h.server.insert(1, "other-tenant");
        h.server.invisible(100);

        assertThat(h.poll(3)).isEmpty();
        h.clock.millis += 1_000;
        List<SourceRecord> hb = h.poll(3);
        assertThat(hb).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("__tidemark_mongo_trigger_heartbeats");
            assertThat(r.sourceOffset().get("token")).isEqualTo(token(101).toJson());
        });
        h.ack(hb);
        h.task.flushCheckpoint();
        assertThat(((LocalCheckpoint.State.Present) local().read()).checkpoint().tokenDocument())
                .isEqualTo(token(101));
        // nothing new: no further heartbeat
        h.clock.millis += 5_000;
        assertThat(h.poll(2)).isEmpty();
    }

    @Test
    void stepdownIsRetriedAndResumesWithoutGapsOrDuplicates() throws Exception {
        h.start(TestHarness.props(
                "start.from.now", "true", "heartbeat.interval.ms", "0", "retry.backoff.initial.ms", "50"));
        h.poll(1);
        for (int i = 0; i < 3; i++) {
            h.server.insert(i, "a");
        }
        List<SourceRecord> all = new ArrayList<>(h.poll(2));
        h.server.failNext(commandError(189, "PrimarySteppedDown", "stepped down"));
        h.server.insert(3, "a");
        assertThatThrownBy(() -> h.task.poll())
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("189");
        h.server.insert(4, "a");
        h.clock.millis += 1_000;
        all.addAll(h.poll(3));
        assertThat(ids(all)).containsExactly(0, 1, 2, 3, 4);
        assertThat(h.server.opens()).last().isEqualTo(StartPosition.after(token(2)));
    }

    @Test
    void historyLostFailsTheTaskWithInstructions() throws Exception {
        for (int i = 0; i < 10; i++) {
            h.server.insert(i, "a");
        }
        h.server.truncateBefore(5);
        h.connectOffsets.put(Map.of("consumer", "trigger-evaluator"), Map.of("token", token(1).toJson()));
        h.start(TestHarness.props());
        assertThatThrownBy(() -> h.task.poll())
                .isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("code 286")
                .hasMessageContaining("DELETE /connectors/trigger-test/offsets")
                .hasMessageContaining("stream.history.lost.action=restart_from_now");
    }

    @Test
    void historyLostRestartsFromNowWhenOptedIn() throws Exception {
        for (int i = 0; i < 10; i++) {
            h.server.insert(i, "a");
        }
        h.server.truncateBefore(5);
        h.connectOffsets.put(Map.of("consumer", "trigger-evaluator"), Map.of("token", token(1).toJson()));
        h.start(TestHarness.props("stream.history.lost.action", "restart_from_now"));
        assertThat(h.poll(2)).isEmpty();
        assertThat(h.audit)
                .singleElement()
                .asString()
                .startsWith("AUDIT: Starting watch from NOW (resume position lost");
        h.server.insert(10, "a");
        assertThat(ids(h.poll(3))).containsExactly(10);
    }

    @Test
    void deploymentWideWatchFiltersByLogicalDatabaseIncludingDeletes() throws Exception {
        h.start(TestHarness.props(
                "start.from.now",
                "true",
                "heartbeat.interval.ms",
                "0",
                "logical.database",
                "tenant-a",
                "logical.database.unresolved.action",
                "drop"));
        h.poll(1);
        h.server.write(
                "insert",
                "db1",
                "users",
                new BsonDocument("_id", new BsonInt32(1)).append("database", new BsonString("tenant-a")));
        h.server.write(
                "insert",
                "db2",
                "orders",
                new BsonDocument("_id", new BsonInt32(2)).append("database", new BsonString("tenant-b")));
        h.server.write(t -> new ChangeEvent(
                t,
                "delete",
                "db2",
                "orders",
                BsonDocument.parse("{\"_id\": 3}"),
                null,
                BsonDocument.parse("{\"_id\": 3, \"database\": \"tenant-a\"}"),
                null,
                null));
        h.server.write(t -> new ChangeEvent(
                t,
                "delete",
                "db2",
                "orders",
                BsonDocument.parse("{\"_id\": 4}"),
                null,
                BsonDocument.parse("{\"_id\": 4, \"database\": \"tenant-b\"}"),
                null,
                null));
        h.server.write(t -> new ChangeEvent(
                t, "delete", "db1", "users", BsonDocument.parse("{\"_id\": 5}"), null, null, null, null));

        List<SourceRecord> records = h.poll(3);

        assertThat(ids(records)).containsExactly(1, 3);
        assertThat(records.get(1)
                        .headers()
                        .lastWithName(EventRecords.LOGICAL_DATABASE_HEADER)
                        .value())
                .isEqualTo("tenant-a");
        assertThat((String) records.get(1).value())
                .contains("\"operation\": \"delete\"")
                .contains("\"db\": \"db2\"");
    }

    @Test
    void unmatchedEventsAreRoutedWhenConfigured() throws Exception {
        h.start(TestHarness.props(
                "start.from.now",
                "true",
                "heartbeat.interval.ms",
                "0",
                "triggers",
                "[{\"name\": \"big\", \"condition\": {\"n\": {\"$gt\": 10}}, \"topic\": \"big\"}]",
                "unmatched.action",
                "route",
                "unmatched.topic",
                "rest"));
        h.poll(1);
        h.server.write("insert", "d", "c", BsonDocument.parse("{\"_id\": 1, \"n\": 50}"));
        h.server.write("insert", "d", "c", BsonDocument.parse("{\"_id\": 2, \"n\": 5}"));
        assertThat(h.poll(3)).extracting(SourceRecord::topic).containsExactly("big", "rest");
    }
}
