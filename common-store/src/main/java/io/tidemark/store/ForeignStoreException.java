/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

/** The store belongs to another owner (or another scheme version) than the one opening it. */
public class ForeignStoreException extends CheckpointStoreException {

    private final StoreIdentity found;
    private final StoreIdentity expected;

    public ForeignStoreException(String location, StoreIdentity found, StoreIdentity expected) {
        super("checkpoint store at " + location + " belongs to " + found + ", not to " + expected
                + ". Point this connector at its own state directory, or delete the old store with"
                + " the checkpoint-tool if its positions are no longer needed.");
        this.found = found;
        this.expected = expected;
    }

    public StoreIdentity found() {
        return found;
    }

    public StoreIdentity expected() {
        return expected;
    }
}
