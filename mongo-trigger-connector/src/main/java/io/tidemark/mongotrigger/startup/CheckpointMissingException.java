/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.startup;

/** No checkpoint and no permission to start anywhere else: the task fails at start instead of
 * skipping or replaying data. */
public final class CheckpointMissingException extends RuntimeException {
    public CheckpointMissingException(String message) {
        super(message);
    }
}
