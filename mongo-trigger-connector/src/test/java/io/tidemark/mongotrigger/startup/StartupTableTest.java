/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.startup;

import static io.tidemark.mongotrigger.checkpoint.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.offsets.PositionSource;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.checkpoint.Position;
import io.tidemark.mongotrigger.checkpoint.ResumePoint;
import io.tidemark.mongotrigger.checkpoint.StartPoint;
import io.tidemark.mongotrigger.connect.OffsetShape;
import io.tidemark.mongotrigger.connect.PositionReconciler;
import io.tidemark.mongotrigger.stream.StartPosition;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

/** The startup table (checkpoint present, missing, corrupt; start settings), one test per row, through the reconciler and the planner. */
class StartupTableTest {

    static final String KEY = "sys/checkpoints/trigger_evaluator";
    final InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("mongo-trigger", 1));
    final LocalCheckpoint local = new LocalCheckpoint(store, KEY);
    final List<String> audit = new ArrayList<>();

    StartPosition start(boolean startFromNow, CorruptRecordPolicy policy) {
        ResumePoint r = PositionReconciler.resolve(null, local, policy, 1_700_000_000L);
        return StartupPlanner.plan(r, new StartupSettings(startFromNow, Optional.empty()), KEY, audit::add);
    }

    @Test
    void checkpointExistsResumesFromStoredToken() {
        local.write(new Position(token("8200AA"), 7), 1_700_000_000L);

        StartPosition p = start(false, CorruptRecordPolicy.TREAT_AS_MISSING);

        assertThat(p).isEqualTo(StartPosition.after(token("8200AA")));
        assertThat(audit).isEmpty();
        // the stored record has the seed's schema
        assertThat(new String(store.get(KEY).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("{\"token\":\"{\\\"_data\\\": \\\"8200AA\\\"}\",\"updatedAt\":1700000000}");
    }

    @Test
    void missingWithStartFromNowStartsFromNowAndAudits() {
        StartPosition p = start(true, CorruptRecordPolicy.TREAT_AS_MISSING);

        assertThat(p).isEqualTo(StartPosition.now());
        assertThat(audit).containsExactly("AUDIT: Starting watch from NOW (checkpoint missing)");
    }

    @Test
    void missingWithoutStartFromNowFailsFast() {
        assertThatThrownBy(() -> start(false, CorruptRecordPolicy.TREAT_AS_MISSING))
                .isInstanceOf(CheckpointMissingException.class)
                .hasMessageContaining(KEY)
                .hasMessageContaining("start.from.now=true");
        assertThat(audit).isEmpty();
    }

    @Test
    void corruptedIsTreatedAsMissingThenStartFromNow() {
        store.putRaw(KEY, "{\"token\": 12".getBytes(StandardCharsets.UTF_8));

        StartPosition p = start(true, CorruptRecordPolicy.TREAT_AS_MISSING);

        assertThat(p).isEqualTo(StartPosition.now());
        assertThat(audit).contains("AUDIT: Starting watch from NOW (checkpoint missing)");
    }

    @Test
    void corruptedIsTreatedAsMissingThenFailsFastWithoutStartFromNow() {
        store.putRaw(KEY, "{\"token\": \"\", \"updatedAt\": 1}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> start(false, CorruptRecordPolicy.TREAT_AS_MISSING))
                .isInstanceOf(CheckpointMissingException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void corruptedWithFailClosedPolicyStops() {
        store.putRaw(KEY, new byte[] {(byte) 0xff, 0x00});

        assertThatThrownBy(() -> start(true, CorruptRecordPolicy.FAIL_CLOSED))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(KEY)
                .hasMessageContaining("checkpoint.corrupt.policy");
        assertThat(audit).isEmpty();
    }

    @Test
    void corruptedLocalButConnectOffsetPresentResumesFromConnect() {
        store.putRaw(KEY, "garbage".getBytes(StandardCharsets.UTF_8));

        ResumePoint r = PositionReconciler.resolve(
                OffsetShape.offset(token("8200BB"), 3, 1L), local, CorruptRecordPolicy.TREAT_AS_MISSING, 1L);

        assertThat(r.source()).isEqualTo(PositionSource.CONNECT);
        assertThat(r.localCorrupt()).isTrue();
        assertThat(StartupPlanner.plan(r, new StartupSettings(false, Optional.empty()), KEY, audit::add))
                .isEqualTo(StartPosition.after(token("8200BB")));
    }

    @Test
    void missingWithOperationTimeStartsThereAndAudits() {
        ResumePoint r = PositionReconciler.resolve(null, local, CorruptRecordPolicy.TREAT_AS_MISSING, 1L);

        StartPosition p = StartupPlanner.plan(
                r, new StartupSettings(true, Optional.of(new BsonTimestamp(1700000000, 2))), KEY, audit::add);

        assertThat(p).isEqualTo(StartPosition.at(new BsonTimestamp(1700000000, 2)));
        assertThat(audit).containsExactly("AUDIT: Starting watch at operation time 1700000000:2 (checkpoint missing)");
    }

    @Test
    void missingWithARecordedStartingPointResumesThereAndAuditsIt() {
        local.writeStart(
                new StartPoint(new BsonTimestamp(1700000000, 5), 1_700_000_000L, "the server's operationTime"));

        StartPosition p = start(true, CorruptRecordPolicy.TREAT_AS_MISSING);

        assertThat(p).isEqualTo(StartPosition.at(new BsonTimestamp(1700000000, 5)));
        assertThat(audit)
                .containsExactly("AUDIT: Resuming watch from the recorded starting point, operation time"
                        + " 1700000000:5 (decided at 2023-11-14T22:13:20Z from the server's operationTime)"
                        + " (checkpoint missing: no position was committed since the first start from now)");
    }

    @Test
    void aRecordedStartingPointIsResumedEvenWithoutStartFromNow() {
        local.writeStart(new StartPoint(new BsonTimestamp(1700000000, 5), 1L, "the server's operationTime"));

        assertThat(start(false, CorruptRecordPolicy.TREAT_AS_MISSING))
                .isEqualTo(StartPosition.at(new BsonTimestamp(1700000000, 5)));
    }

    @Test
    void aStoredPositionWinsOverARecordedStartingPoint() {
        local.writeStart(new StartPoint(new BsonTimestamp(1700000000, 5), 1L, "the server's operationTime"));
        local.write(new Position(token("8200AA"), 7), 1_700_000_000L);

        assertThat(start(true, CorruptRecordPolicy.TREAT_AS_MISSING)).isEqualTo(StartPosition.after(token("8200AA")));
        assertThat(local.readStart()).isEmpty(); // the batch that wrote the position deleted it
        assertThat(audit).isEmpty();
    }
}
