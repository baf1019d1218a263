/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Finds line boundaries without reading a file from its start. */
public final class LineBoundary {

    /** Bytes read per step while searching backwards for a delimiter. */
    private static final int SCAN_CHUNK_BYTES = 64 * 1024;

    private LineBoundary() {}

    /**
     * The offset just after the last delimiter at or before {@code size}, searching back at most
     * {@code maxScan} bytes; {@code fmt.bomLength()} when the file has no delimiter at all, and
     * {@code size} when none was found within {@code maxScan} (the line is longer than any allowed line).
     */
    public static long lastLineEnd(FileChannel ch, LineFormat.Resolved fmt, long size, int maxScan) throws IOException {
        byte[] d = fmt.delimiter();
        int unit = fmt.unit();
        long from = Math.max(fmt.bomLength(), size - maxScan);
        long hi = size;
        int chunk = SCAN_CHUNK_BYTES;
        while (hi > from) {
            long lo = Math.max(from, hi - chunk);
            // overlap by delimiter length - 1 so a delimiter across chunks is found
            long readEnd = Math.min(size, hi + d.length - 1);
            byte[] b = new byte[(int) (readEnd - lo)];
            ByteBuffer bb = ByteBuffer.wrap(b);
            long p = lo;
            while (bb.hasRemaining()) {
                int n = ch.read(bb, p);
                if (n <= 0) {
                    break;
                }
                p += n;
            }
            int valid = bb.position();
            for (int i = valid - d.length; i >= 0; i--) {
                long off = lo + i;
                if (off % unit == 0 && b[i] == d[0] && Arrays.equals(b, i, i + d.length, d, 0, d.length)) {
                    return off + d.length;
                }
            }
            hi = lo;
        }
        return from <= fmt.bomLength() ? fmt.bomLength() : size;
    }
}
