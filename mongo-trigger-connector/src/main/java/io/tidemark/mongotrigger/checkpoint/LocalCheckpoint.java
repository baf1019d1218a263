package io.tidemark.mongotrigger.checkpoint;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The global checkpoint in the local {@link CheckpointStore}: the seed's record
 * {@code {token, updatedAt}} under the checkpoint key, its emission sequence under
 * {@code <key>.seq} (written in the same atomic batch), and the marker an operator's offset change
 * leaves under {@code <key>.operator}.
 */
public final class LocalCheckpoint {

    /** What the store holds under the checkpoint key. */
    public sealed interface State {
        record Present(GlobalCheckpoint checkpoint, long seq) implements State { }

        record Missing() implements State { }

        record Corrupt(CorruptRecordException problem) implements State { }
    }

    private final CheckpointStore store;
    private final String key;

    public LocalCheckpoint(CheckpointStore store, String key) {
        this.store = store;
        this.key = key;
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
        WriteBatch batch = WriteBatch.create()
                .put(key, GlobalCheckpointCodec.INSTANCE.encode(GlobalCheckpoint.of(position.token(), updatedAtSeconds)))
                .put(seqKey(), Long.toString(position.seq()).getBytes(StandardCharsets.UTF_8));
        store.commit(batch);
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
            batch.put(key, GlobalCheckpointCodec.INSTANCE.encode(
                            GlobalCheckpoint.of(position.get().token(), updatedAtSeconds)))
                    .put(seqKey(), Long.toString(position.get().seq()).getBytes(StandardCharsets.UTF_8));
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
