/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.offsets.PositionSource;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.checkpoint.Position;
import io.tidemark.mongotrigger.checkpoint.ResumePoint;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class PositionReconcilerTest {

    static final String KEY = "sys/checkpoints/trigger_evaluator";
    final InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("mongo-trigger", 1));
    final LocalCheckpoint local = new LocalCheckpoint(store, KEY);

    static BsonDocument token(String hex) {
        return new BsonDocument("_data", new BsonString(hex));
    }

    /** An offset a task wrote (stamped). */
    static Map<String, Object> taskOffset(String hex, long seq) {
        return OffsetShape.offset(token(hex), seq, 1L);
    }

    /** An offset an operator PATCHed (no signature). */
    static Map<String, Object> operatorOffset(String hex) {
        return Map.of("token", token(hex).toJson());
    }

    ResumePoint resolve(Map<String, Object> connect) {
        return resolve(connect, CorruptRecordPolicy.TREAT_AS_MISSING);
    }

    ResumePoint resolve(Map<String, Object> connect, CorruptRecordPolicy policy) {
        return PositionReconciler.resolve(connect, local, policy, 100L);
    }

    Position stored() {
        return LocalCheckpoint.position(local.read()).orElseThrow();
    }

    @Test
    void laggingConnectOffsetNeverWinsOverANewerLocalOne() {
        local.write(new Position(token("02"), 20), 1L);
        ResumePoint lagging = resolve(taskOffset("01", 10));
        assertThat(lagging.source()).isEqualTo(PositionSource.LOCAL);
        assertThat(lagging.position()).contains(new Position(token("02"), 20));
        assertThat(lagging.nextSeq()).isEqualTo(21);

        ResumePoint newer = resolve(taskOffset("03", 30));
        assertThat(newer.source()).isEqualTo(PositionSource.CONNECT);
        assertThat(newer.position()).contains(new Position(token("03"), 30));
        assertThat(newer.nextSeq()).isEqualTo(31);
    }

    @Test
    void aTieGoesToConnect() {
        local.write(new Position(token("01"), 10), 1L);
        assertThat(resolve(taskOffset("01", 10)).source()).isEqualTo(PositionSource.CONNECT);
    }

    @Test
    void emptyLocalStoreResumesFromConnect() {
        ResumePoint r = resolve(taskOffset("05", 5));
        assertThat(r.source()).isEqualTo(PositionSource.CONNECT);
        assertThat(r.position()).contains(new Position(token("05"), 5));
        assertThat(local.read()).isInstanceOf(LocalCheckpoint.State.Missing.class); // written at the next ack only
    }

    @Test
    void localAloneWins() {
        local.write(new Position(token("07"), 7), 1L);
        ResumePoint r = resolve(null);
        assertThat(r.source()).isEqualTo(PositionSource.LOCAL);
        assertThat(r.position()).contains(new Position(token("07"), 7));
    }

    @Test
    void nothingAnywhereIsNone() {
        ResumePoint r = resolve(null);
        assertThat(r.source()).isEqualTo(PositionSource.NONE);
        assertThat(r.position()).isEmpty();
        assertThat(r.nextSeq()).isEqualTo(1);
    }

    @Test
    void unsignedConnectOffsetIsAnOperatorPatchThatWinsAndIsCopiedToTheStore() {
        local.write(new Position(token("09"), 90), 1L);

        ResumePoint r = resolve(operatorOffset("03"));

        assertThat(r.source()).isEqualTo(PositionSource.OPERATOR_RESET);
        assertThat(r.position()).contains(new Position(token("03"), 0));
        assertThat(r.nextSeq()).isEqualTo(91);
        assertThat(stored()).isEqualTo(new Position(token("03"), 0));
    }

    @Test
    void anEditedTaskOffsetIsAnOperatorPatchToo() {
        local.write(new Position(token("09"), 90), 1L);
        Map<String, Object> edited = new java.util.HashMap<>(taskOffset("09", 90));
        edited.put("token", token("04").toJson()); // signature no longer matches

        assertThat(resolve(edited).position()).contains(new Position(token("04"), 0));
    }

    @Test
    void operatorPatchWinsOverNewerLocalAndIsCopiedToTheStore() {
        local.write(new Position(token("09"), 90), 1L);
        local.markOperatorChange("PATCH");

        ResumePoint r = resolve(operatorOffset("03"));

        assertThat(r.source()).isEqualTo(PositionSource.OPERATOR_RESET);
        assertThat(r.position()).contains(new Position(token("03"), 0));
        assertThat(r.nextSeq()).isEqualTo(91);
        assertThat(local.operatorChange()).isEmpty();
        assertThat(local.read()).isInstanceOfSatisfying(LocalCheckpoint.State.Present.class, p -> assertThat(
                        p.checkpoint().tokenDocument())
                .isEqualTo(token("03")));
        // the next start does not see the marker again: local (seq 0) vs a newer Connect offset
        assertThat(resolve(taskOffset("04", 92)).source()).isEqualTo(PositionSource.CONNECT);
    }

    @Test
    void operatorMarkerMakesEvenASignedConnectOffsetWin() {
        // an operator PATCHed an offset copied from GET /offsets, signature included
        local.write(new Position(token("09"), 90), 1L);
        local.markOperatorChange("PATCH");

        ResumePoint r = resolve(taskOffset("03", 30));

        assertThat(r.source()).isEqualTo(PositionSource.OPERATOR_RESET);
        assertThat(stored()).isEqualTo(new Position(token("03"), 30));
    }

    @Test
    void operatorDeleteWinsAndClearsTheLocalCheckpoint() {
        local.write(new Position(token("09"), 90), 1L);
        local.markOperatorChange("DELETE");

        ResumePoint r = resolve(null);

        assertThat(r.source()).isEqualTo(PositionSource.NONE);
        assertThat(r.position()).isEmpty();
        assertThat(local.read()).isInstanceOf(LocalCheckpoint.State.Missing.class);
        assertThat(local.operatorChange()).isEmpty();
    }

    @Test
    void corruptLocalRecordFailsClosedWhenConfigured() {
        store.putRaw(KEY, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> resolve(taskOffset("01", 1), CorruptRecordPolicy.FAIL_CLOSED))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(KEY)
                .hasMessageContaining("checkpoint.corrupt.policy");
    }

    @Test
    void aCorruptRecordIsNamedOnceInTheFailClosedMessage() {
        store.putRaw(KEY, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> resolve(null, CorruptRecordPolicy.FAIL_CLOSED))
                .isInstanceOf(CorruptRecordException.class)
                .satisfies(e -> {
                    String phrase = "checkpoint record '" + KEY + "' is corrupt: ";
                    assertThat(e.getMessage()).startsWith(phrase + "not JSON");
                    assertThat(e.getMessage().split(java.util.regex.Pattern.quote(phrase), -1))
                            .as("'%s' appears once in: %s", phrase, e.getMessage())
                            .hasSize(2);
                });
    }

    @Test
    void anOperatorOffsetReplacesACorruptLocalRecordEvenWhenFailingClosed() {
        store.putRaw(KEY, "garbage".getBytes(StandardCharsets.UTF_8));
        ResumePoint r = resolve(operatorOffset("03"), CorruptRecordPolicy.FAIL_CLOSED);
        assertThat(r.source()).isEqualTo(PositionSource.OPERATOR_RESET);
        assertThat(stored()).isEqualTo(new Position(token("03"), 0));
    }
}
