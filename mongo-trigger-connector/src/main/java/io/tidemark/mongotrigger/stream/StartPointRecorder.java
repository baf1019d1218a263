/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

/**
 * Durably records where a stream that starts "from now" starts, before it opens, so that every
 * later start resumes from that point instead of deciding "now" again (and skipping what happened
 * in between).
 */
@FunctionalInterface
public interface StartPointRecorder {

    /**
     * Records {@code start}; returns only once it is durable.
     *
     * @throws RuntimeException when it could not be recorded (the stream is then not opened)
     */
    void record(ServerTime start);
}
