/**
 * How a task lives with its local checkpoint store at run time: the shared tolerance for a store
 * that refuses commits. Opening the store is {@code CheckpointStoreFragment.open}.
 */
package io.tidemark.connect.store;
