/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.Durability;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for the crash test: commits batches as fast as it can, each writing {@code keys} keys
 * that all carry the same sequence number, and after each commit returns writes
 * {@code C <seq>\n} straight to stdout. Continues from the sequence already in the store.
 */
public final class CrashWriterMain {

    static final StoreIdentity ID = new StoreIdentity("crash-test", 1);

    private CrashWriterMain() {}

    static String key(int i) {
        return String.format("k/%03d", i);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int keys = Integer.parseInt(args[1]);
        Durability durability = Durability.valueOf(args[2]);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        LmdbStoreOptions options =
                LmdbStoreOptions.defaults().withDurability(durability).withMapSize(64 * 1024, 1L << 30);
        try (LmdbCheckpointStore store = LmdbCheckpointStore.open(dir, ID, options)) {
            long seq = store.get(key(0)).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
            byte[] padding = new byte[92];
            while (true) {
                seq++;
                byte[] value =
                        ByteBuffer.allocate(100).putLong(seq).put(padding).array();
                WriteBatch batch = WriteBatch.create();
                for (int i = 0; i < keys; i++) {
                    batch.put(key(i), value);
                }
                store.commit(batch);
                out.write(("C " + seq + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
