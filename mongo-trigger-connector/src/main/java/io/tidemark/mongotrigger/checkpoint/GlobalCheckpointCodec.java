/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.store.CheckpointCodec;
import io.tidemark.store.CorruptRecordException;
import org.bson.BsonDocument;

/** {@code {"token": "<resume token JSON>", "updatedAt": <unix seconds>}} in UTF-8 JSON. */
public final class GlobalCheckpointCodec implements CheckpointCodec<GlobalCheckpoint> {

    public static final GlobalCheckpointCodec INSTANCE = new GlobalCheckpointCodec();

    private GlobalCheckpointCodec() {}

    @Override
    public byte[] encode(GlobalCheckpoint value) {
        ObjectNode node = JsonRecords.object();
        node.put("token", value.token());
        node.put("updatedAt", value.updatedAt());
        return JsonRecords.write(node, "checkpoint");
    }

    @Override
    public GlobalCheckpoint decode(String key, byte[] bytes) {
        JsonNode node = JsonRecords.readObject(key, bytes);
        JsonNode token = node.get("token");
        JsonNode updatedAt = node.get("updatedAt");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw new CorruptRecordException(key, "'token' is missing or not a non-empty string");
        }
        if (updatedAt == null || !updatedAt.canConvertToLong() || !updatedAt.isIntegralNumber()) {
            throw new CorruptRecordException(key, "'updatedAt' is missing or not an integer");
        }
        try {
            BsonDocument.parse(token.asText());
        } catch (RuntimeException e) {
            throw new CorruptRecordException(key, "'token' is not a resume token document: " + e.getMessage());
        }
        return new GlobalCheckpoint(token.asText(), updatedAt.asLong());
    }
}
