/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.read;

import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.Fingerprint;
import java.nio.charset.Charset;

/**
 * One complete line.
 *
 * @param start     byte offset of its first byte
 * @param end       byte offset just after its delimiter: the position to resume from
 * @param content   its bytes without the delimiter (and without a stripped CR); cut if truncated
 * @param number    1-based number of its (first) line in the file (relative when the file was started at its end)
 * @param lastNumber number of its last line: differs from {@code number} for a multiline event
 * @param truncated whether it was longer than the maximum and cut
 * @param partial   whether it had no delimiter (flushed at the end of a rotated file)
 * @param fingerprint head fingerprint of the file valid at {@code end}
 * @param check     hash of the bytes just before {@code end}
 */
public record Line(
        long start,
        long end,
        byte[] content,
        long number,
        long lastNumber,
        boolean truncated,
        boolean partial,
        Fingerprint fingerprint,
        CheckHash check) {

    public String text(Charset cs) {
        return new String(content, cs);
    }
}
