/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

/** Turns a typed position into bytes and back. Decoding failures throw {@link CorruptRecordException}. */
public interface CheckpointCodec<V> {

    byte[] encode(V value);

    /** @throws CorruptRecordException when {@code bytes} is not a valid encoding. */
    V decode(String key, byte[] bytes);
}
