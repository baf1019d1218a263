/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

/**
 * Hash of the {@code length} bytes just before a position. A position is valid for a file only if
 * the file still holds those bytes there: this catches truncate-and-rewrite on the same inode that
 * grew back past the old position (a size check alone does not).
 */
public record CheckHash(int length, long hash) {

    public static final CheckHash NONE = new CheckHash(0, Hash64.SEED);

    public CheckHash {
        if (length < 0) {
            throw new IllegalArgumentException("check length must be >= 0, was " + length);
        }
    }
}
