/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable manifest segment object: the oldest ChunkEntryRecords of a partition, moved out of
 * the manifest head once it listed more than {@code manifest.segment.max.entries}. Written once
 * (If-None-Match) under a deterministic key naming its first and last offsets; chunks listed in a
 * manifest never change, so a segment written again for the same entries has the same bytes.
 */
public record ManifestSegment(
        int formatVersion,
        String topic,
        int partition,
        long firstOffset,
        long lastOffset,
        List<ChunkEntryRecord> chunks) {

    public ManifestSegment {
        chunks = chunks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(chunks));
    }

    public static ManifestSegment of(String topic, int partition, List<ChunkEntryRecord> chunks) {
        return new ManifestSegment(
                PartitionManifest.FORMAT_VERSION,
                topic,
                partition,
                chunks.get(0).startOffset(),
                chunks.get(chunks.size() - 1).endOffset(),
                chunks);
    }
}
