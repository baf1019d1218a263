/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of one generation of a file: device + inode + a hash of the file's
 * <em>key head</em>. The key head is the file's first line including its {@code \n} byte, capped at
 * the fingerprint size: once a file has a complete first line (or is at least that long) the key
 * head never changes while the file is only appended to, so the identity can be recomputed from the
 * file alone (a task on a new machine finds Connect's offset for it) and does not change as the
 * file grows. A reused inode or a file rewritten in place gets a new identity unless its first line
 * is the same; then the position's fingerprint and check hash tell the generations apart.
 *
 * <p>Scheme version {@link #SCHEME} is part of the checkpoint store identity: changing how ids are
 * derived must bump it, so old positions are never misapplied.
 */
public record FileIdentity(FileKey key, long headHash) {

    /** Version of the id derivation. */
    public static final int SCHEME = 1;

    private static final Pattern ID = Pattern.compile("(-?\\d+):(-?\\d+):([0-9a-f]{16})");

    public FileIdentity {
        Objects.requireNonNull(key, "key");
    }

    /** {@code <dev>:<inode>:<16 hex digits>}: the value of the source partition. */
    public String id() {
        return key.dev() + ":" + key.ino() + ":" + Hash64.hex(headHash);
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static FileIdentity parse(String id) {
        var m = ID.matcher(id == null ? "" : id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a file id '<dev>:<inode>:<16 hex digits>': " + id);
        }
        return new FileIdentity(
                new FileKey(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))), Hash64.parseHex(m.group(3)));
    }

    @Override
    public String toString() {
        return id();
    }
}
