/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

/**
 * Hash of the first {@code length} bytes of a file. It grows with the file up to the configured
 * fingerprint size; two fingerprints are compared by prefix: a file matches a fingerprint of
 * length L when its first L bytes hash to the same value.
 */
public record Fingerprint(int length, long hash) {

    public static final Fingerprint EMPTY = new Fingerprint(0, Hash64.SEED);

    public Fingerprint {
        if (length < 0) {
            throw new IllegalArgumentException("fingerprint length must be >= 0, was " + length);
        }
    }

    public String hex() {
        return Hash64.hex(hash);
    }
}
