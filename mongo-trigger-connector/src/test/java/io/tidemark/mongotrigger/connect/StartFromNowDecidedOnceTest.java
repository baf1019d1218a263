/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static io.tidemark.mongotrigger.stream.ScriptedChangeStreamSource.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.mongotrigger.audit.AuditLog;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.checkpoint.StartPoint;
import io.tidemark.mongotrigger.stream.StartPosition;
import io.tidemark.store.InMemoryCheckpointStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * start.from.now decides "now" once: the first start records the server's operation time before the
 * stream opens, and every later start resumes there until a position is committed. The scripted server
 * gives no post-batch tokens (like mongo-java-server), so no heartbeat can store a position before the
 * first event. A crash is a new task over the same store without {@code stop()}.
 */
class StartFromNowDecidedOnceTest {

    static final String KEY = "sys/checkpoints/trigger_evaluator";
    final TestHarness h = new TestHarness();
    /** Tasks "killed": never stopped while the test runs, so nothing of theirs reaches the store on the way out. */
    final List<MongoTriggerSourceTask> killed = new ArrayList<>();

    @AfterEach
    void stop() {
        if (h.task != null) {
            h.stop();
        }
        killed.forEach(MongoTriggerSourceTask::stop);
    }

    /** The worker dies: the task is abandoned, the next start opens the store as it was committed. */
    void kill() {
        killed.add(h.task);
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

    static Map<String, String> fromNow(String... kv) {
        List<String> all = new ArrayList<>(List.of("start.from.now", "true"));
        all.addAll(List.of(kv));
        return TestHarness.props(all.toArray(String[]::new));
    }

    /** Polls {@code n} times, collecting the change records' ids. */
    List<Integer> drain(int n) throws InterruptedException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<SourceRecord> r = h.task.poll();
            if (r != null) {
                out.addAll(ids(r));
            }
        }
        return out;
    }

    @Test
    void firstStartRecordsTheServersOperationTimeAndOpensThere() throws Exception {
        h.server.insert(1, "a"); // before the start: not delivered
        h.start(fromNow());
        assertThat(local().readStart()).isEmpty(); // decided when the stream opens, not at start()

        assertThat(drain(2)).isEmpty();

        StartPoint recorded = local().readStart().orElseThrow();
        assertThat(recorded.operationTime()).isEqualTo(new BsonTimestamp(1_700_000_001, 0));
        assertThat(recorded.decidedAtSeconds()).isEqualTo(1_700_000_000L);
        assertThat(h.server.opens()).containsExactly(StartPosition.at(recorded.operationTime()));
        assertThat(h.audit)
                .containsExactly(
                        AuditLog.START_FROM_NOW,
                        "AUDIT: Recorded the starting point operation time 1700000001:0 (decided at"
                                + " 2023-11-14T22:13:20Z from the scripted server's clock) under " + KEY
                                + ".start: until a position is committed, every start resumes from it");
    }

    @Test
    void resumesFromTheRecordedStartingPointAfterACrashBeforeTheFirstEvent() throws Exception {
        h.start(fromNow());
        assertThat(drain(2)).isEmpty();
        // idle long past the heartbeat interval: no position to store, and the starting point stays
        h.clock.millis += 10_000;
        assertThat(drain(3)).isEmpty();
        assertThat(local().readStart()).isPresent();

        // the worker dies; writes go on while it is down
        kill();
        h.server.insert(2, "a");
        h.server.insert(3, "a");
        h.start(fromNow());
        assertThat(ids(h.poll(3))).containsExactly(2, 3);

        assertThat(h.server.operationTimeCalls()).isEqualTo(1);
        // one start from now, one recorded starting point, then a resume from it (not a second "from NOW")
        assertThat(h.audit).hasSize(3);
        assertThat(h.audit.get(0)).isEqualTo(AuditLog.START_FROM_NOW);
        assertThat(h.audit.get(2))
                .startsWith(AuditLog.RESUME_FROM_START_POINT + ", operation time 1700000000:0")
                .contains("checkpoint missing");
    }

    @Test
    void resumesFromTheRecordedStartingPointAfterACrashBeforeTheFirstCommittedTransaction() throws Exception {
        Map<String, String> props = fromNow("exactly.once.support", "required");
        h.start(props);
        assertThat(drain(1)).isEmpty();
        h.server.insert(1, "a");
        h.server.insert(2, "a");
        List<SourceRecord> inTransaction = h.poll(2);
        assertThat(ids(inTransaction)).containsExactly(1, 2);
        // acknowledged, but the worker dies before the transaction commits: Connect keeps no offset
        for (SourceRecord r : inTransaction) {
            h.task.commitRecord(r, null);
        }
        h.task.flushCheckpoint();
        assertThat(local().read()).isInstanceOf(LocalCheckpoint.State.Missing.class);

        kill();
        h.server.insert(3, "a");
        h.start(props);
        // the aborted transaction's records come again, and what was written while down
        assertThat(drain(3)).containsExactly(1, 2, 3);
        assertThat(h.audit).last().asString().startsWith(AuditLog.RESUME_FROM_START_POINT);
    }

    @Test
    void theFirstCommittedPositionReplacesTheStartingPoint() throws Exception {
        h.start(fromNow());
        assertThat(drain(1)).isEmpty();
        h.server.insert(1, "a");
        List<SourceRecord> records = h.poll(2);
        h.ack(records);
        h.task.flushCheckpoint();

        assertThat(local().readStart()).isEmpty();
        assertThat(LocalCheckpoint.position(local().read()).orElseThrow().token())
                .isEqualTo(token(0));

        h.stop();
        h.server.insert(2, "a");
        h.start(fromNow());
        assertThat(ids(h.poll(3))).containsExactly(2);
        assertThat(h.server.opens()).last().isEqualTo(StartPosition.after(token(0)));
        assertThat(h.audit).hasSize(2); // nothing audited at the restart
    }

    @Test
    void anOperatorResetClearsTheStartingPointAndTheNextStartDecidesAgain() throws Exception {
        h.start(fromNow());
        assertThat(drain(1)).isEmpty();
        h.stop();
        h.server.insert(1, "a");
        // DELETE /connectors/NAME/offsets: alterOffsets() leaves its marker in the store
        h.store = InMemoryCheckpointStore.reopen(h.store, h.store.identity());
        local().markOperatorChange("offsets reset through the REST API");

        h.start(fromNow());
        assertThat(local().readStart()).isEmpty();
        assertThat(h.audit).last().isEqualTo(AuditLog.START_FROM_NOW);
        assertThat(drain(2)).isEmpty(); // event 1 came before the new "now"
        assertThat(local().readStart().orElseThrow().operationTime()).isEqualTo(new BsonTimestamp(1_700_000_001, 0));
        assertThat(h.server.operationTimeCalls()).isEqualTo(2);
    }

    @Test
    void aCorruptStartingPointIsTreatedAsMissingByDefault() throws Exception {
        h.store.putRaw(KEY + ".start", "{broken".getBytes(StandardCharsets.UTF_8));
        h.start(fromNow());
        assertThat(h.audit).contains(AuditLog.START_FROM_NOW);
        assertThat(drain(1)).isEmpty();
        assertThat(local().readStart()).isPresent(); // decided again, and recorded over the corrupt record
    }

    @Test
    void aCorruptStartingPointFailsClosedWhenConfigured() {
        h.store.putRaw(KEY + ".start", "{broken".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> h.start(fromNow("checkpoint.corrupt.policy", "fail")))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("checkpoint record '" + KEY + ".start' is corrupt: not JSON")
                .hasMessageContaining("checkpoint.corrupt.policy=fail");
        h.task = null;
    }
}
