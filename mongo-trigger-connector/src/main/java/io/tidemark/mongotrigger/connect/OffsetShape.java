/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.mongotrigger.checkpoint.Position;
import io.tidemark.mongotrigger.snapshot.SnapshotProgress;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.bson.BsonDocument;

/**
 * The shape of this connector's source partition and offset in Kafka Connect:
 * partition {@code {"consumer": "<consumer.id>"}}; offset
 * {@code {"token": "<resume token JSON>", "updatedAt": <unix seconds>, "tidemark.seq": n, "tidemark.sig": "..."}}
 * (the checkpoint's {token, updatedAt}, stamped by {@link OffsetMirror#stamp}).
 */
public final class OffsetShape {

    public static final String PARTITION_FIELD = "consumer";
    public static final String TOKEN_FIELD = "token";
    public static final String UPDATED_AT_FIELD = "updatedAt";
    private static final Set<String> ALLOWED = Set.of(TOKEN_FIELD, UPDATED_AT_FIELD, "tidemark.seq", "tidemark.sig");

    private OffsetShape() {}

    public static Map<String, Object> partition(String consumerId) {
        return Map.of(PARTITION_FIELD, consumerId);
    }

    /** The partition field that marks the copy of existing documents' partition. */
    public static final String SNAPSHOT_PARTITION_FIELD = "snapshot";

    /** The value of {@link #SNAPSHOT_PARTITION_FIELD}. */
    public static final String SNAPSHOT_PARTITION_VALUE = "copy_existing";

    /** The offset field of the copy's progress (canonical extended JSON). */
    public static final String SNAPSHOT_FIELD = "snapshot";

    /**
     * The partition of the records of the copy of existing documents: {@code {"consumer": <id>, "snapshot":
     * "copy_existing"}}, apart from the change stream's so that neither offset overwrites the other.
     *
     * <p>Always in this key order. Kafka Connect stores an offset under the serialized bytes of its partition
     * and finds it again by serializing the partition the task asks for, so a partition whose key order
     * differs between JVMs ({@code Map.of} randomizes it per JVM) is not found after a restart: the copy
     * would resume from the local store alone, up to a flush interval behind what Kafka committed.
     */
    public static Map<String, Object> snapshotPartition(String consumerId) {
        Map<String, Object> p = new LinkedHashMap<>(4);
        p.put(PARTITION_FIELD, consumerId);
        p.put(SNAPSHOT_PARTITION_FIELD, SNAPSHOT_PARTITION_VALUE);
        return Collections.unmodifiableMap(p);
    }

    public static boolean isSnapshotPartition(Map<String, ?> partition) {
        return partition != null && SNAPSHOT_PARTITION_VALUE.equals(partition.get(SNAPSHOT_PARTITION_FIELD));
    }

    /** The offset of a record of the copy: its progress once the record is delivered. */
    public static Map<String, Object> snapshotOffset(SnapshotProgress progress, long seq) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(SNAPSHOT_FIELD, progress.toJson());
        return OffsetMirror.stamp(o, seq);
    }

    /** The copy's progress in a stored offset, empty when none. */
    public static Optional<SnapshotProgress> snapshotProgress(Map<String, Object> offset) {
        if (offset == null || offset.get(SNAPSHOT_FIELD) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotProgress.parse(offset.get(SNAPSHOT_FIELD).toString()));
        } catch (IllegalArgumentException e) {
            throw new ConnectException(
                    "Kafka Connect's stored offset of the copy of existing documents is unreadable ("
                            + e.getMessage()
                            + "). Stop the connector and reset its offsets with DELETE /connectors/NAME/offsets to"
                            + " copy again.",
                    e);
        }
    }

    public static Map<String, Object> offset(BsonDocument token, long seq, long updatedAtSeconds) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(TOKEN_FIELD, token.toJson());
        o.put(UPDATED_AT_FIELD, updatedAtSeconds);
        return OffsetMirror.stamp(o, seq);
    }

    /** A stored offset as a position; an operator-written offset (unsigned) has sequence 0. */
    public static Optional<Position> position(Map<String, Object> offset) {
        if (offset == null || offset.get(TOKEN_FIELD) == null) {
            return Optional.empty();
        }
        BsonDocument token;
        try {
            token = BsonDocument.parse(offset.get(TOKEN_FIELD).toString());
        } catch (RuntimeException e) {
            throw new ConnectException(
                    "Kafka Connect's stored offset holds a token that is not a resume token ("
                            + e.getMessage()
                            + "). Stop the connector and fix it with PATCH /connectors/NAME/offsets, or reset"
                            + " it with DELETE /connectors/NAME/offsets.",
                    e);
        }
        long seq = OffsetMirror.isTaskWritten(offset) ? Math.max(0, OffsetMirror.seqOf(offset)) : 0L;
        return Optional.of(new Position(token, seq));
    }

    /**
     * Checks an offset change requested through the REST API.
     *
     * @throws ConnectException naming what is wrong
     */
    public static void validate(Map<String, ?> partition, Map<String, ?> offset, String consumerId) {
        if (partition != null
                && partition.size() == 2
                && SNAPSHOT_PARTITION_VALUE.equals(partition.get(SNAPSHOT_PARTITION_FIELD))
                && Objects.equals(partition.get(PARTITION_FIELD), consumerId)) {
            if (offset != null) {
                throw new ConnectException("The offset of the copy of existing documents " + partition + " can only be"
                        + " reset (null): to skip the copy, set a resume token on {\"" + PARTITION_FIELD + "\": \""
                        + consumerId + "\"} instead");
            }
            if (!List.copyOf(partition.keySet()).equals(List.of(PARTITION_FIELD, SNAPSHOT_PARTITION_FIELD))) {
                // Connect would store the reset under other bytes than the ones the task reads
                throw new ConnectException("Write the partition of the copy of existing documents with \""
                        + PARTITION_FIELD + "\" first: {\"" + PARTITION_FIELD + "\": \"" + consumerId + "\", \""
                        + SNAPSHOT_PARTITION_FIELD + "\": \"" + SNAPSHOT_PARTITION_VALUE + "\"} (Kafka Connect"
                        + " tells partitions apart by their JSON, key order included); got " + partition);
            }
            return;
        }
        if (partition == null || partition.size() != 1 || !(partition.get(PARTITION_FIELD) instanceof String p)) {
            throw new ConnectException("The source partition must be {\"" + PARTITION_FIELD + "\": \"" + consumerId
                    + "\"}; got " + partition);
        }
        if (!Objects.equals(p, consumerId)) {
            throw new ConnectException("The source partition names consumer '" + p + "', but this connector's"
                    + " consumer.id is '" + consumerId + "'");
        }
        if (offset == null) {
            return; // a reset
        }
        for (String k : offset.keySet()) {
            if (!ALLOWED.contains(k)) {
                throw new ConnectException("Unknown offset field '" + k + "': an offset is {\"token\": \"<resume token"
                        + " JSON>\", \"updatedAt\": <unix seconds>}");
            }
        }
        if (!(offset.get(TOKEN_FIELD) instanceof String token) || token.isBlank()) {
            throw new ConnectException("The offset needs \"token\": the resume token as a JSON string, e.g."
                    + " \"{\\\"_data\\\": \\\"8263...\\\"}\"");
        }
        try {
            BsonDocument doc = BsonDocument.parse(token);
            if (doc.isEmpty()) {
                throw new IllegalArgumentException("empty document");
            }
        } catch (RuntimeException e) {
            throw new ConnectException("The offset's \"token\" is not a resume token document: " + e.getMessage());
        }
        Object updatedAt = offset.get(UPDATED_AT_FIELD);
        if (updatedAt != null && !(updatedAt instanceof Number)) {
            throw new ConnectException("The offset's \"updatedAt\" must be a number (unix seconds), got " + updatedAt);
        }
    }

    static long nowSeconds() {
        return Instant.now().getEpochSecond();
    }
}
