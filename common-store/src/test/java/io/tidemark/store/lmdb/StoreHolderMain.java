/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for lock tests (args: dir owner [schemeVersion]): opens a store for writing, prints
 * {@code READY <pid>}, then obeys stdin ({@code put <key> <value>}, {@code grow <MiB>}) until
 * stdin closes.
 */
public final class StoreHolderMain {

    private StoreHolderMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        StoreIdentity id = new StoreIdentity(args[1], args.length > 2 ? Integer.parseInt(args[2]) : 1);
        LmdbStoreOptions options = LmdbStoreOptions.defaults().withMapSize(64 * 1024, 1L << 30);
        try (LmdbCheckpointStore store = LmdbCheckpointStore.open(dir, id, options);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String[] p = line.split(" ");
                if (p[0].equals("put")) {
                    store.put(p[1], p[2].getBytes(StandardCharsets.UTF_8));
                } else if (p[0].equals("grow")) {
                    int mib = Integer.parseInt(p[1]);
                    for (int i = 0; i < mib; i++) {
                        store.commit(WriteBatch.create().put("ballast/" + i, new byte[1 << 20]));
                    }
                }
                System.out.println("OK " + store.mapSize());
                System.out.flush();
            }
        }
    }
}
