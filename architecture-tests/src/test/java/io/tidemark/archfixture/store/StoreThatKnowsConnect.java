/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.store;

import org.apache.kafka.connect.data.Struct;

/** Violates: the store knows Connect. */
public class StoreThatKnowsConnect {
    public void put(Struct value) {}
}
