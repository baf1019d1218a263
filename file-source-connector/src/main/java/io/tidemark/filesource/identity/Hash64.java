/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

/**
 * Incremental 64-bit FNV-1a. Used for head fingerprints and check hashes: not a defence against an
 * adversary, only a cheap way to tell whether the bytes a position was taken from are still there.
 * Incremental so the head fingerprint can grow with the file without re-reading it.
 */
public final class Hash64 {

    public static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Hash64() {}

    /** Continues {@code state} with {@code len} bytes of {@code b} from {@code off}. */
    public static long update(long state, byte[] b, int off, int len) {
        long h = state;
        for (int i = off, end = off + len; i < end; i++) {
            h ^= (b[i] & 0xff);
            h *= PRIME;
        }
        return h;
    }

    public static long of(byte[] b, int off, int len) {
        return update(SEED, b, off, len);
    }

    public static long of(byte[] b) {
        return of(b, 0, b.length);
    }

    /** Sixteen lowercase hex digits. */
    public static String hex(long h) {
        String s = Long.toHexString(h);
        return "0000000000000000".substring(s.length()) + s;
    }

    public static long parseHex(String s) {
        return Long.parseUnsignedLong(s, 16);
    }
}
