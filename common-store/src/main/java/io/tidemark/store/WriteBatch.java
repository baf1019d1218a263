/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of puts and deletes that a {@link CheckpointStore} applies atomically.
 * Later operations on the same key win. Not thread-safe; build it on one thread.
 */
public final class WriteBatch {

    /** One operation of a batch. {@code value} is null for a delete. */
    public record Op(String key, byte[] value) {
        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Op> ops = new ArrayList<>();

    private WriteBatch() {}

    public static WriteBatch create() {
        return new WriteBatch();
    }

    public WriteBatch put(String key, byte[] value) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        ops.add(new Op(key, value.clone()));
        return this;
    }

    public WriteBatch delete(String key) {
        checkKey(key);
        ops.add(new Op(key, null));
        return this;
    }

    /** Appends every operation of {@code other}, in order. */
    public WriteBatch addAll(WriteBatch other) {
        ops.addAll(other.ops);
        return this;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public int size() {
        return ops.size();
    }

    static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("checkpoint key must not be empty");
        }
        // A UTF-16 char encodes to at most 3 UTF-8 bytes: short keys need no encoding to be checked.
        int bytes = key.length() * 3 <= CheckpointStore.MAX_KEY_BYTES ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > CheckpointStore.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("checkpoint key is " + bytes + " bytes, more than the "
                    + CheckpointStore.MAX_KEY_BYTES + " a store accepts: " + key.substring(0, 64) + "...");
        }
        if (key.startsWith(CheckpointStore.RESERVED_PREFIX)) {
            throw new IllegalArgumentException(
                    "checkpoint key '" + key + "' uses the reserved prefix " + CheckpointStore.RESERVED_PREFIX);
        }
    }
}
