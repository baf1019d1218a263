/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

/**
 * Bytes of a file that left the roots (or the include globs) before they were read: the file held
 * {@code size} bytes when it was last seen, and lines were delivered up to {@code pos}.
 *
 * @param fileId the file's identity
 * @param path   where it was tailed
 * @param pos    the position up to which its lines were delivered
 * @param size   its size when it was last seen, greater than {@code pos}
 */
public record LostLines(String fileId, String path, long pos, long size) {

    public long unreadBytes() {
        return size - pos;
    }
}
