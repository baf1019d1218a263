/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.store.lmdb;

/** The store's LMDB implementation, which only the store may name. */
public class FixtureLmdbStore {}
