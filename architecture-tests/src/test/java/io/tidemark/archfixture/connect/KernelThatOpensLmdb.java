/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.connect;

import io.tidemark.archfixture.store.lmdb.FixtureLmdbStore;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.lmdbjava.Env;

/** Allowed: the kernel uses Connect. Violates: the kernel names LMDB (the store's implementation). */
public class KernelThatOpensLmdb {
    public FixtureLmdbStore open(Env<?> env, ConnectRecord<?> record) {
        return new FixtureLmdbStore();
    }
}
