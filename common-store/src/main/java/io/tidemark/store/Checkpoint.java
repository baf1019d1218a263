package io.tidemark.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The in-memory view of a set of positions stored under one key prefix of a
 * {@link CheckpointStore} (seed 000). Every mutation is committed to the store first and reflected
 * here only after the store accepted it; if the commit fails, this view is unchanged. The view can
 * be discarded and rebuilt from the store at any time with {@link #load}.
 *
 * <p>Thread-safe: mutations are serialised; reads see the last committed state.
 */
public final class Checkpoint<V> {

    private final CheckpointStore store;
    private final String prefix;
    private final CheckpointCodec<V> codec;
    private final Map<String, V> view = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    private Checkpoint(CheckpointStore store, String prefix, CheckpointCodec<V> codec) {
        this.store = store;
        this.prefix = prefix;
        this.codec = codec;
    }

    /**
     * Builds the view from what the store holds under {@code prefix}. Records that do not decode
     * follow {@code policy}: {@link CorruptRecordPolicy#FAIL_CLOSED} throws
     * {@link CorruptRecordException}; {@link CorruptRecordPolicy#TREAT_AS_MISSING} leaves them out
     * and reports each to {@code onCorrupt}.
     */
    public static <V> Checkpoint<V> load(CheckpointStore store, String prefix, CheckpointCodec<V> codec,
                                         CorruptRecordPolicy policy, Consumer<CorruptRecordException> onCorrupt) {
        Objects.requireNonNull(policy, "policy");
        Checkpoint<V> c = new Checkpoint<>(store, prefix, codec);
        for (Map.Entry<String, byte[]> e : store.scan(prefix).entrySet()) {
            try {
                c.view.put(e.getKey().substring(prefix.length()), codec.decode(e.getKey(), e.getValue()));
            } catch (CorruptRecordException corrupt) {
                if (policy == CorruptRecordPolicy.FAIL_CLOSED) {
                    throw corrupt;
                }
                onCorrupt.accept(corrupt);
            } catch (RuntimeException other) {
                CorruptRecordException corrupt = new CorruptRecordException(e.getKey(), other.toString(), other);
                if (policy == CorruptRecordPolicy.FAIL_CLOSED) {
                    throw corrupt;
                }
                onCorrupt.accept(corrupt);
            }
        }
        return c;
    }

    public static <V> Checkpoint<V> load(CheckpointStore store, String prefix, CheckpointCodec<V> codec,
                                         CorruptRecordPolicy policy) {
        return load(store, prefix, codec, policy, e -> { });
    }

    public Optional<V> get(String id) {
        return Optional.ofNullable(view.get(id));
    }

    /** A snapshot of every position, by id. */
    public Map<String, V> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(view));
    }

    public int size() {
        return view.size();
    }

    /** Persists then shows one position. */
    public void put(String id, V value) {
        putAll(Map.of(id, value));
    }

    /** Persists all positions in one atomic batch, then shows them. */
    public void putAll(Map<String, V> values) {
        if (values.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            WriteBatch batch = WriteBatch.create();
            values.forEach((id, v) -> batch.put(prefix + id, codec.encode(v)));
            store.commit(batch);
            view.putAll(values);
        }
    }

    /** Persists the removal, then forgets the position. */
    public void remove(String id) {
        synchronized (writeLock) {
            store.commit(WriteBatch.create().delete(prefix + id));
            view.remove(id);
        }
    }

    /** The store key a position id maps to. */
    public String keyOf(String id) {
        return prefix + id;
    }

    public String prefix() {
        return prefix;
    }
}
