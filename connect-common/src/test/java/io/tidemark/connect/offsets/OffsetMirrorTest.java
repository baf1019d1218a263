/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OffsetMirrorTest {

    private static final Map<String, Object> FILE_A = Map.of("file.id", "a");
    private static final Map<String, Object> FILE_B = Map.of("file.id", "b");

    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("test-connector", 1));
    private OffsetMirror mirror = open(CorruptRecordPolicy.FAIL_CLOSED);

    private OffsetMirror open(CorruptRecordPolicy policy) {
        // A long interval: tests decide when to flush.
        return OffsetMirror.open(store, new MirrorOptions(Duration.ofHours(1), 1_000_000, policy));
    }

    @AfterEach
    void close() {
        mirror.close();
    }

    private static Map<String, Object> pos(long bytes, long seq) {
        return OffsetMirror.stamp(Map.of("pos", bytes), seq);
    }

    /** Acknowledges, commits and reopens, as a restart of the task would. */
    private void persistLocally(Map<String, Object> partition, Map<String, Object> offset) {
        mirror.acknowledged(partition, offset);
        mirror.flush();
        mirror.close();
        mirror = open(CorruptRecordPolicy.FAIL_CLOSED);
    }

    @Test
    void unknownPartitionResolvesToNone() {
        Resolution r = mirror.resolve(FILE_A, null);
        assertThat(r.source()).isEqualTo(PositionSource.NONE);
        assertThat(r.offset()).isEmpty();
        assertThat(r.seq()).isZero();
    }

    @Test
    void laggingConnectOffsetNeverWinsOverNewerLocal() {
        persistLocally(FILE_A, pos(900, 9));
        Resolution r = mirror.resolve(FILE_A, pos(500, 5));
        assertThat(r.source()).isEqualTo(PositionSource.LOCAL);
        assertThat(r.offset()).contains(pos(900, 9));
        assertThat(r.seq()).isEqualTo(9);
    }

    @Test
    void connectOffsetNeverFlushedResumesFromLocal() {
        persistLocally(FILE_A, pos(100, 1));
        assertThat(mirror.resolve(FILE_A, null).source()).isEqualTo(PositionSource.LOCAL);
    }

    @Test
    void emptyLocalStoreResumesFromConnect() {
        Resolution r = mirror.resolve(FILE_A, pos(500, 5));
        assertThat(r.source()).isEqualTo(PositionSource.CONNECT);
        assertThat(r.offset()).contains(pos(500, 5));
    }

    @Test
    void newerConnectOffsetWinsOverOlderLocal() {
        persistLocally(FILE_A, pos(100, 1));
        assertThat(mirror.resolve(FILE_A, pos(500, 5)).source()).isEqualTo(PositionSource.CONNECT);
    }

    @Test
    void tieGoesToConnect() {
        persistLocally(FILE_A, pos(100, 1));
        assertThat(mirror.resolve(FILE_A, pos(100, 1)).source()).isEqualTo(PositionSource.CONNECT);
    }

    @Test
    void handEditedConnectOffsetWinsOverNewerLocal() {
        persistLocally(FILE_A, pos(900, 9));
        Map<String, Object> edited = new HashMap<>(pos(500, 5));
        edited.put("pos", 0L);
        Resolution r = mirror.resolve(FILE_A, edited);
        assertThat(r.source()).isEqualTo(PositionSource.OPERATOR_RESET);
        assertThat(r.offset().orElseThrow()).containsEntry("pos", 0L);
    }

    @Test
    void positionDescendingFromOperatorOffsetWinsOnceNewer() {
        persistLocally(FILE_A, pos(900, 9));
        Map<String, Object> operator = Map.of("pos", 10L);
        assertThat(mirror.resolve(FILE_A, operator).source()).isEqualTo(PositionSource.OPERATOR_RESET);
        // The task reads on from the operator's offset; Kafka acknowledges, Connect never flushes.
        mirror.acknowledged(FILE_A, pos(20, 1));
        mirror.flush();
        mirror.close();
        mirror = open(CorruptRecordPolicy.FAIL_CLOSED);
        Resolution r = mirror.resolve(FILE_A, operator);
        assertThat(r.source()).isEqualTo(PositionSource.LOCAL);
        assertThat(r.offset()).contains(pos(20, 1));
    }

    @Test
    void reconcileAppliesTheSameRulesToAPositionKeptElsewhere() {
        Map<String, Object> operator = Map.of("pos", 300L);
        assertThat(OffsetMirror.reconcile(null, java.util.Optional.empty(), null)
                        .source())
                .isEqualTo(PositionSource.NONE);
        assertThat(OffsetMirror.reconcile(null, java.util.Optional.of(pos(9, 9)), null)
                        .source())
                .isEqualTo(PositionSource.LOCAL);
        assertThat(OffsetMirror.reconcile(pos(5, 5), java.util.Optional.of(pos(9, 9)), null)
                        .source())
                .isEqualTo(PositionSource.LOCAL);
        assertThat(OffsetMirror.reconcile(pos(9, 9), java.util.Optional.of(pos(9, 9)), null)
                        .source())
                .isEqualTo(PositionSource.CONNECT);
        assertThat(OffsetMirror.reconcile(operator, java.util.Optional.of(pos(9, 9)), null)
                        .source())
                .isEqualTo(PositionSource.OPERATOR_RESET);
        // without lineage an operator offset always wins; with it, a newer descendant does
        String base = OffsetSignature.sign(operator);
        assertThat(OffsetMirror.reconcile(operator, java.util.Optional.of(pos(400, 1)), base)
                        .source())
                .isEqualTo(PositionSource.LOCAL);
        assertThat(OffsetMirror.reconcile(operator, java.util.Optional.of(pos(400, 1)), "other")
                        .source())
                .isEqualTo(PositionSource.OPERATOR_RESET);
    }

    @Test
    void resetThroughAlterOffsetsRemovesEveryLocalPosition() {
        mirror.acknowledged(FILE_A, pos(100, 1));
        mirror.acknowledged(FILE_B, pos(200, 2));
        mirror.flush();
        mirror.close();
        Map<Map<String, Object>, Map<String, Object>> reset = new HashMap<>();
        reset.put(FILE_A, null);
        OffsetMirror.recordOperatorChange(store, reset);
        mirror = open(CorruptRecordPolicy.FAIL_CLOSED);
        assertThat(mirror.localPositions()).isEmpty();
        assertThat(mirror.resolve(FILE_B, null).source()).isEqualTo(PositionSource.NONE);
    }

    @Test
    void patchThroughAlterOffsetsReplacesTheLocalPosition() {
        persistLocally(FILE_A, pos(900, 9));
        persistLocally(FILE_B, pos(50, 3));
        mirror.close();
        Map<String, Object> patched = Map.of("pos", 10L);
        OffsetMirror.recordOperatorChange(store, Map.of(FILE_A, patched));
        mirror = open(CorruptRecordPolicy.FAIL_CLOSED);
        assertThat(mirror.resolve(FILE_A, patched).offset()).contains(patched);
        assertThat(mirror.resolve(FILE_B, pos(50, 3)).offset()).contains(pos(50, 3));
    }

    @Test
    void corruptLocalRecordFailsClosedByDefault() {
        store.putRaw(OffsetMirror.PREFIX + "{7:file.id=s1:a;}", "{not json".getBytes(StandardCharsets.UTF_8));
        mirror.close();
        mirror = open(CorruptRecordPolicy.FAIL_CLOSED);
        assertThatThrownBy(() -> mirror.resolve(FILE_A, pos(5, 1)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("file.id");
        assertThat(mirror.resolve(FILE_B, null).source()).isEqualTo(PositionSource.NONE);
    }

    @Test
    void corruptLocalRecordTreatedAsMissingResumesFromConnect() {
        store.putRaw(OffsetMirror.PREFIX + "{7:file.id=s1:a;}", "{\"partition\":1}".getBytes(StandardCharsets.UTF_8));
        mirror.close();
        mirror = open(CorruptRecordPolicy.TREAT_AS_MISSING);
        assertThat(mirror.resolve(FILE_A, pos(5, 1)).source()).isEqualTo(PositionSource.CONNECT);
    }

    @Test
    void positionsShowOnlyAfterTheGroupCommit() {
        mirror.acknowledged(FILE_A, pos(100, 1));
        assertThat(mirror.localPositions()).isEmpty();
        assertThat(store.scan(OffsetMirror.PREFIX)).isEmpty();
        mirror.flush();
        assertThat(mirror.localPositions()).containsEntry(FILE_A, pos(100, 1));
    }

    @Test
    void outOfOrderAcknowledgementsDoNotMoveThePositionBack() {
        mirror.acknowledged(FILE_A, pos(300, 3));
        mirror.acknowledged(FILE_A, pos(200, 2));
        mirror.flush();
        assertThat(mirror.localPositions().get(FILE_A)).isEqualTo(pos(300, 3));
    }

    @Test
    void forgottenPartitionIsRemovedFromTheStore() {
        persistLocally(FILE_A, pos(100, 1));
        mirror.forget(FILE_A);
        mirror.flush();
        assertThat(mirror.localPositions()).isEmpty();
        assertThat(store.scan(OffsetMirror.PREFIX)).isEmpty();
    }

    @Test
    void signatureSurvivesConnectsIntegerToLongRoundTrip() {
        Map<String, Object> stamped = OffsetMirror.stamp(Map.of("pos", 7), 3);
        Map<String, Object> roundTripped = new LinkedHashMap<>();
        stamped.forEach((k, v) -> roundTripped.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
        assertThat(OffsetMirror.isTaskWritten(roundTripped)).isTrue();
        assertThat(OffsetMirror.seqOf(roundTripped)).isEqualTo(3);
        roundTripped.put("pos", 8L);
        assertThat(OffsetMirror.isTaskWritten(roundTripped)).isFalse();
        assertThat(OffsetMirror.seqOf(Map.of("pos", 1L))).isEqualTo(-1);
    }

    @Test
    void longPartitionsGetADigestKey() {
        Map<String, Object> longPartition = Map.of("file.id", "x".repeat(1000));
        persistLocally(longPartition, pos(1, 1));
        assertThat(store.scan(OffsetMirror.PREFIX).keySet()).allMatch(k -> k.length() < 100);
        assertThat(mirror.resolve(longPartition, null).offset()).contains(pos(1, 1));
    }
}
