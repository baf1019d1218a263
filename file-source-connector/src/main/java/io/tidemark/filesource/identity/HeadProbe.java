/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Reads what identity and verification need from a file: its key head, head fingerprint and the
 * check window before a position. Each call reads at most the fingerprint size (or the check size).
 */
public final class HeadProbe {

    private HeadProbe() {}

    /**
     * The key-head length of a file whose first {@code head.length} bytes are {@code head} and whose
     * size is {@code size}: up to and including the first {@code \n} byte within {@code maxLen}; or
     * {@code maxLen} when the file is that long with no {@code \n}; empty when not yet known (the file
     * is shorter than {@code maxLen} and has no complete first line).
     */
    public static Optional<Integer> keyHeadLength(byte[] head, int headLen, long size, int maxLen) {
        int limit = Math.min(headLen, maxLen);
        for (int i = 0; i < limit; i++) {
            if (head[i] == '\n') {
                return Optional.of(i + 1);
            }
        }
        if (size >= maxLen && headLen >= maxLen) {
            return Optional.of(maxLen);
        }
        return Optional.empty();
    }

    /** Reads up to {@code len} bytes at {@code position}; returns how many were read. */
    public static int readFully(FileChannel ch, long position, byte[] into, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(into, 0, len);
        long p = position;
        while (bb.hasRemaining()) {
            int n = ch.read(bb, p);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                break;
            }
            p += n;
        }
        return bb.position();
    }

    /**
     * The identity of the file open on {@code ch}; empty while its key head is not known yet.
     * With {@code force}, a file with no complete first line uses all its bytes (a provisional
     * identity for a rotated file whose half-written line is flushed).
     */
    public static Optional<FileIdentity> identity(FileKey key, FileChannel ch, int fingerprintBytes, boolean force)
            throws IOException {
        long size = ch.size();
        byte[] head = new byte[fingerprintBytes];
        int n = readFully(ch, 0, head, (int) Math.min(size, fingerprintBytes));
        Optional<Integer> len = keyHeadLength(head, n, size, fingerprintBytes);
        if (len.isEmpty()) {
            if (!force || n == 0) {
                return Optional.empty();
            }
            len = Optional.of(n);
        }
        return Optional.of(new FileIdentity(key, Hash64.of(head, 0, len.get())));
    }

    /** Hash of the first {@code length} bytes, or empty when the file is shorter. */
    public static Optional<Long> headHash(FileChannel ch, int length) throws IOException {
        byte[] b = new byte[length];
        int n = readFully(ch, 0, b, length);
        return n < length ? Optional.empty() : Optional.of(Hash64.of(b, 0, n));
    }

    /** Fingerprint of the first min(size, limit, maxBytes) bytes. */
    public static Fingerprint fingerprint(FileChannel ch, long limit, int maxBytes) throws IOException {
        int want = (int) Math.min(Math.min(limit, maxBytes), ch.size());
        byte[] b = new byte[want];
        int n = readFully(ch, 0, b, want);
        return new Fingerprint(n, Hash64.of(b, 0, n));
    }

    /** Check hash of the {@code checkBytes} bytes before {@code pos} (fewer near the start). */
    public static CheckHash checkBefore(FileChannel ch, long pos, int checkBytes) throws IOException {
        int len = (int) Math.min(pos, checkBytes);
        byte[] b = new byte[len];
        int n = readFully(ch, pos - len, b, len);
        return new CheckHash(n, Hash64.of(b, 0, n));
    }

    /**
     * Whether a position taken from a file still applies to the file open on {@code ch}: the file
     * is at least {@code pos} long, starts with the bytes the fingerprint covers, and holds the check
     * window before {@code pos}. A null fingerprint or check (an operator-set offset) is not checked.
     */
    public static boolean verify(FileChannel ch, long pos, Fingerprint fp, CheckHash check) throws IOException {
        long size = ch.size();
        if (pos < 0 || pos > size) {
            return false;
        }
        if (fp != null) {
            if (fp.length() > size) {
                return false;
            }
            Optional<Long> h = headHash(ch, fp.length());
            if (h.isEmpty() || h.get() != fp.hash()) {
                return false;
            }
        }
        if (check != null) {
            if (check.length() > pos) {
                return false;
            }
            byte[] b = new byte[check.length()];
            int n = readFully(ch, pos - check.length(), b, check.length());
            if (n != check.length() || Hash64.of(b, 0, n) != check.hash()) {
                return false;
            }
        }
        return true;
    }
}
