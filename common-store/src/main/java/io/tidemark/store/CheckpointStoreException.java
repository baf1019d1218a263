/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

/** A store operation failed. Nothing of the failed write was applied. */
public class CheckpointStoreException extends RuntimeException {

    public CheckpointStoreException(String message) {
        super(message);
    }

    public CheckpointStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
