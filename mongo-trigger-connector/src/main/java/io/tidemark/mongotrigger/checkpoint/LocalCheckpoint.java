/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The global checkpoint in the local {@link CheckpointStore}: the record
 * {@code {token, updatedAt}} under the checkpoint key, its emission sequence under
 * {@code <key>.seq} (written in the same atomic batch), the marker an operator's offset change
 * leaves under {@code <key>.operator}, and the {@link StartPoint} a first start "from now" records
 * under {@code <key>.start} until the first position replaces it (the batch that writes a position
 * deletes it).
 *
 * <p>Not connect-common's {@code OffsetMirror} record nor common-store's {@code Checkpoint} view:
 * OffsetMirror keeps {@code {partition, offset, updatedAt, base}} under {@code offsets/<partition>},
 * while this connector keeps one key holding exactly {@code {token, updatedAt}}, so stores written by
 * earlier versions keep being read as they are; a {@code Checkpoint} decodes every key under a
 * prefix with one codec, and the checkpoint key's prefix also holds its {@code .seq} and
 * {@code .operator} siblings. Group commit goes through the shared {@code GroupCommitter}
 * ({@link CheckpointCommits}); connector logic reaches the store only through this class.
 */
public final class LocalCheckpoint {

    /** What the store holds under the checkpoint key. */
    public sealed interface State {
        record Present(GlobalCheckpoint checkpoint, long seq) implements State {}

        record Missing() implements State {}

        record Corrupt(CorruptRecordException problem) implements State {}
    }

    private final CheckpointStore store;
    private final String key;

    public LocalCheckpoint(CheckpointStore store, String key) {
        this.store = store;
        this.key = key;
    }

    public CheckpointStore store() {
        return store;
    }

    public String key() {
        return key;
    }

    public String seqKey() {
        return key + ".seq";
    }

    public String operatorKey() {
        return key + ".operator";
    }

    /** Where the starting point of a start "from now" is kept until a position replaces it. */
    public String startKey() {
        return key + ".start";
    }

    /** Where the progress of the copy of existing documents is kept (startup.mode=copy_existing). */
    public String snapshotKey() {
        return key + ".snapshot";
    }

    /**
     * The recorded progress of the copy of existing documents, as written by {@link #writeSnapshot}; empty when none.
     */
    public Optional<String> readSnapshot() {
        return store.get(snapshotKey()).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Records the progress of the copy durably (committed before this returns). */
    public void writeSnapshot(String progressJson) {
        store.commit(WriteBatch.create().put(snapshotKey(), progressJson.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The recorded starting point, empty when none.
     *
     * @throws CorruptRecordException when the record does not decode
     */
    public Optional<StartPoint> readStart() {
        return store.get(startKey()).map(raw -> StartPointCodec.INSTANCE.decode(startKey(), raw));
    }

    /** Records the starting point durably (committed before this returns). */
    public void writeStart(StartPoint start) {
        store.commit(WriteBatch.create().put(startKey(), StartPointCodec.INSTANCE.encode(start)));
    }

    public State read() {
        Optional<byte[]> raw = store.get(key);
        if (raw.isEmpty()) {
            return new State.Missing();
        }
        try {
            GlobalCheckpoint cp = GlobalCheckpointCodec.INSTANCE.decode(key, raw.get());
            long seq = store.get(seqKey()).map(LocalCheckpoint::parseSeq).orElse(0L);
            return new State.Present(cp, seq);
        } catch (CorruptRecordException e) {
            return new State.Corrupt(e);
        }
    }

    /** Persists a position (token, updatedAt and sequence in one atomic batch). */
    public void write(Position position, long updatedAtSeconds) {
        WriteBatch batch = WriteBatch.create();
        entries(position, updatedAtSeconds).forEach((k, v) -> put(batch, k, v));
        store.commit(batch);
    }

    /**
     * The store entries of a position: the {@code {token, updatedAt}} record under the key, the sequence under
     * {@code <key>.seq} and a delete of the starting point under {@code <key>.start} (a null value: the position
     * replaces it), to be committed in one batch (directly, or staged into a group commit, where a null value
     * stages a delete).
     */
    public Map<String, byte[]> entries(Position position, long updatedAtSeconds) {
        Map<String, byte[]> out = new LinkedHashMap<>(4);
        out.put(key, GlobalCheckpointCodec.INSTANCE.encode(GlobalCheckpoint.of(position.token(), updatedAtSeconds)));
        out.put(seqKey(), Long.toString(position.seq()).getBytes(StandardCharsets.UTF_8));
        out.put(startKey(), null);
        return out;
    }

    private static void put(WriteBatch batch, String k, byte[] v) {
        if (v == null) {
            batch.delete(k);
        } else {
            batch.put(k, v);
        }
    }

    /** The position a read found: present and decoded, else empty. */
    public static Optional<Position> position(State state) {
        return state instanceof State.Present p
                ? Optional.of(new Position(p.checkpoint().tokenDocument(), p.seq()))
                : Optional.empty();
    }

    /** Removes the checkpoint, the starting point and the copy's progress (an operator reset with no position). */
    public void delete() {
        store.commit(WriteBatch.create()
                .delete(key)
                .delete(seqKey())
                .delete(startKey())
                .delete(snapshotKey()));
    }

    /** Records that an operator changed the connector's offsets through the REST API. */
    public void markOperatorChange(String description) {
        store.commit(WriteBatch.create().put(operatorKey(), description.getBytes(StandardCharsets.UTF_8)));
    }

    public Optional<String> operatorChange() {
        return store.get(operatorKey()).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Applies the operator's position (or its absence) and clears the marker, any recorded starting
     * point and the local progress of a copy of existing documents, atomically: after a reset the next start decides its starting point anew.
     */
    public void applyOperatorChange(Optional<Position> position, long updatedAtSeconds) {
        WriteBatch batch = WriteBatch.create();
        if (position.isPresent()) {
            entries(position.get(), updatedAtSeconds).forEach((k, v) -> put(batch, k, v));
        } else {
            batch.delete(key).delete(seqKey()).delete(startKey());
        }
        // Connect's copy progress was reset or replaced with it: the local one must not outlive it.
        batch.delete(snapshotKey());
        batch.delete(operatorKey());
        store.commit(batch);
    }

    private static long parseSeq(byte[] b) {
        try {
            return Long.parseLong(new String(b, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return 0L; // the token record decoded; an unreadable sequence only loses the tie-break
        }
    }
}
