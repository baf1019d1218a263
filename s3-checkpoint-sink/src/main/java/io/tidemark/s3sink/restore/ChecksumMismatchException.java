/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.s3sink.manifest.ChunkEntryRecord;

/** A chunk's bytes do not match the checksum its manifest entry records; nothing of it was handed out. */
public final class ChecksumMismatchException extends RestoreException {

    private static final long serialVersionUID = 1L;

    private final transient ChunkEntryRecord chunk;

    public ChecksumMismatchException(String message, ChunkEntryRecord chunk) {
        super(message);
        this.chunk = chunk;
    }

    public ChunkEntryRecord chunk() {
        return chunk;
    }
}
