/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.upload;

/**
 * A staged or compressed chunk file no longer matches the checksum computed while it was written:
 * the local disk corrupted it. The chunk is not uploaded; its records are consumed again.
 */
public class StagedChunkCorruptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StagedChunkCorruptException(String message) {
        super(message);
    }
}
