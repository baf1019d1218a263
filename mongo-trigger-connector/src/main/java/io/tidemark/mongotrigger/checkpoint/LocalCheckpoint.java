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
 * {@code <key>.seq} (written in the same atomic batch), and the marker an operator's offset change
 * leaves under {@code <key>.operator}.
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
        entries(position, updatedAtSeconds).forEach(batch::put);
        store.commit(batch);
    }

    /**
     * The store entries of a position: the {@code {token, updatedAt}} record under the key and the sequence under
     * {@code <key>.seq}, to be committed in one batch (directly, or staged into a group commit).
     */
    public Map<String, byte[]> entries(Position position, long updatedAtSeconds) {
        Map<String, byte[]> out = new LinkedHashMap<>(4);
        out.put(key, GlobalCheckpointCodec.INSTANCE.encode(GlobalCheckpoint.of(position.token(), updatedAtSeconds)));
        out.put(seqKey(), Long.toString(position.seq()).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** The position a read found: present and decoded, else empty. */
    public static Optional<Position> position(State state) {
        return state instanceof State.Present p
                ? Optional.of(new Position(p.checkpoint().tokenDocument(), p.seq()))
                : Optional.empty();
    }

    /** Removes the checkpoint (an operator reset with no position). */
    public void delete() {
        store.commit(WriteBatch.create().delete(key).delete(seqKey()));
    }

    /** Records that an operator changed the connector's offsets through the REST API. */
    public void markOperatorChange(String description) {
        store.commit(WriteBatch.create().put(operatorKey(), description.getBytes(StandardCharsets.UTF_8)));
    }

    public Optional<String> operatorChange() {
        return store.get(operatorKey()).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Applies the operator's position (or its absence) and clears the marker, atomically. */
    public void applyOperatorChange(Optional<Position> position, long updatedAtSeconds) {
        WriteBatch batch = WriteBatch.create();
        if (position.isPresent()) {
            entries(position.get(), updatedAtSeconds).forEach(batch::put);
        } else {
            batch.delete(key).delete(seqKey());
        }
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
