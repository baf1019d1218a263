/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.mongotrigger.checkpoint.Position;
import java.time.Instant;
import java.util.LinkedHashMap;
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
