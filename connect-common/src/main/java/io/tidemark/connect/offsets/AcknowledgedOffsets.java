/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest acknowledged source offset of each source partition, waiting to be handed to the {@link OffsetMirror}:
 * Connect's producer threads record acknowledgements ({@code commitRecord}), the task hands them on when the
 * local store may advance (at Connect's offset commit with exactly-once, else on the task's own schedule).
 * Thread-safe; an offset acknowledged while a hand-off runs is kept for the next one.
 */
public final class AcknowledgedOffsets {

    private final Map<Map<String, ?>, Map<String, ?>> newest = new ConcurrentHashMap<>();

    /** Records {@code offset} as the newest acknowledged offset of {@code partition}. */
    public void acknowledged(Map<String, ?> partition, Map<String, ?> offset) {
        newest.put(partition, offset);
    }

    /** Hands every waiting offset to {@code mirror} (nothing when it is null) and forgets those handed. */
    public void handTo(OffsetMirror mirror) {
        if (mirror == null || newest.isEmpty()) {
            return;
        }
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : newest.entrySet()) {
            if (newest.remove(e.getKey(), e.getValue())) {
                mirror.acknowledged(e.getKey(), e.getValue());
            }
        }
    }
}
