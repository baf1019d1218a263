/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.s3sink.TopicPartitionId;
import java.util.HashMap;
import java.util.Map;

/**
 * The source offsets of the restore: partition {@code {topic, partition}} (the original topic
 * partition as the sink stored it), offset {@code {offset}}: the next original offset to replay,
 * stamped with the sequence ({@code tidemark.seq}, equal to the offset) and signature every Tidemark
 * source offset carries.
 */
final class RestoreOffsets {

    static final String TOPIC = "topic";
    static final String PARTITION = "partition";
    static final String OFFSET = "offset";

    private RestoreOffsets() {}

    static Map<String, Object> partition(TopicPartitionId tp) {
        Map<String, Object> p = new HashMap<>(4);
        p.put(TOPIC, tp.topic());
        p.put(PARTITION, tp.partition());
        return p;
    }

    /** The offset after a record at original offset {@code offset}: replay resumes at {@code offset + 1}. */
    static Map<String, Object> after(long offset) {
        Map<String, Object> o = new HashMap<>(4);
        o.put(OFFSET, offset + 1);
        return OffsetMirror.stampInPlace(o, offset + 1);
    }

    /** The next original offset an offset says, or -1 when it names none. */
    static long nextOffset(Map<String, ?> offset) {
        return offset != null && offset.get(OFFSET) instanceof Number n ? n.longValue() : -1L;
    }

    /** Null when the pair is one this connector writes (an operator may send an unsigned one), else the problem. */
    static String problem(Map<String, ?> partition, Map<String, ?> offset) {
        if (partition == null
                || !(partition.get(TOPIC) instanceof String)
                || !(partition.get(PARTITION) instanceof Number n)
                || n.longValue() < 0) {
            return "the source partition must be {\"topic\": \"<original topic>\", \"partition\": <number>}, was "
                    + partition;
        }
        if (offset == null) {
            return null; // a reset
        }
        if (!(offset.get(OFFSET) instanceof Number o) || o.longValue() < 0) {
            return "the source offset must be {\"offset\": <next original offset to restore, >= 0>}, was " + offset;
        }
        return null;
    }
}
