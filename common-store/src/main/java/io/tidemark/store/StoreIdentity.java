/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The owner of a store: for example the connector name, and the version of the key/value scheme
 * the owner writes. A store remembers the identity it was created with; opening it with another
 * identity fails with {@link ForeignStoreException}, so a store copied to the wrong place is refused
 * instead of read.
 */
public record StoreIdentity(String owner, int schemeVersion) {

    public StoreIdentity {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("store owner must not be blank");
        }
        if (owner.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("store owner must be a single line");
        }
        if (schemeVersion < 1) {
            throw new IllegalArgumentException("scheme version must be >= 1, was " + schemeVersion);
        }
    }

    /** Encoded form stored under {@link #KEY}. */
    public byte[] encode() {
        return (schemeVersion + "\n" + owner).getBytes(StandardCharsets.UTF_8);
    }

    /** Reserved key the identity is stored under. */
    public static final String KEY = CheckpointStore.RESERVED_PREFIX + "identity";

    public static StoreIdentity decode(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        if (nl <= 0) {
            throw new CorruptRecordException(KEY, "store identity record is not '<version>\\n<owner>'");
        }
        try {
            return new StoreIdentity(s.substring(nl + 1), Integer.parseInt(s.substring(0, nl)));
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(KEY, "store identity record is invalid: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return owner + " (scheme v" + schemeVersion + ")";
    }
}
