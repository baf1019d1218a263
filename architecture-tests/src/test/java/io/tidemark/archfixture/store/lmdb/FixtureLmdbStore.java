package io.tidemark.archfixture.store.lmdb;

/** The store's LMDB implementation, which only the store may name. */
public class FixtureLmdbStore {}
