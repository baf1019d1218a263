/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The position a task resumes one source partition from, and why.
 *
 * @param offset the source offset to resume after; empty when {@code source} is {@link PositionSource#NONE}
 * @param source which side decided
 */
public record Resolution(Optional<Map<String, Object>> offset, PositionSource source) {

    static Resolution none() {
        return new Resolution(Optional.empty(), PositionSource.NONE);
    }

    /** An operator's offset may hold null values ({@code "check": null}): kept, not rejected. */
    static Resolution of(Map<String, Object> offset, PositionSource source) {
        return new Resolution(Optional.of(Collections.unmodifiableMap(new LinkedHashMap<>(offset))), source);
    }

    /** The sequence number of the resumed offset, or 0 when there is none. */
    public long seq() {
        return offset.map(OffsetMirror::seqOf).orElse(0L);
    }
}
