/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.store.CorruptRecordPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OffsetMirror} commits and reads.
 *
 * @param flushInterval  group commit: acknowledged positions are committed at this interval
 * @param maxPending     group commit: commit early when this many updates are pending
 * @param corruptPolicy  what a position record that does not decode does at start
 */
public record MirrorOptions(Duration flushInterval, int maxPending, CorruptRecordPolicy corruptPolicy) {

    public MirrorOptions {
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(corruptPolicy, "corruptPolicy");
        if (flushInterval.isZero() || flushInterval.isNegative()) {
            throw new IllegalArgumentException("flushInterval must be positive");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1");
        }
    }

    /** Options read from the shared checkpoint-store settings of a connector config. */
    public static MirrorOptions from(CheckpointStoreFragment settings) {
        return new MirrorOptions(settings.flushInterval(), settings.flushMaxUpdates(), settings.corruptPolicy());
    }
}
