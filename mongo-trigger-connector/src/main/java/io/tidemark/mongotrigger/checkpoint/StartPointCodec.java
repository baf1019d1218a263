/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.store.CheckpointCodec;
import io.tidemark.store.CorruptRecordException;
import org.bson.BsonTimestamp;

/**
 * {@code {"operationTime": {"t": <seconds>, "i": <increment>}, "decidedAt": <unix seconds>, "basis": "..."}}
 * in UTF-8 JSON.
 */
public final class StartPointCodec implements CheckpointCodec<StartPoint> {

    public static final StartPointCodec INSTANCE = new StartPointCodec();
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    private StartPointCodec() {}

    @Override
    public byte[] encode(StartPoint value) {
        ObjectNode node = JsonRecords.object();
        node.putObject("operationTime")
                .put("t", Integer.toUnsignedLong(value.operationTime().getTime()))
                .put("i", Integer.toUnsignedLong(value.operationTime().getInc()));
        node.put("decidedAt", value.decidedAtSeconds());
        node.put("basis", value.basis());
        return JsonRecords.write(node, "the starting point");
    }

    @Override
    public StartPoint decode(String key, byte[] bytes) {
        JsonNode node = JsonRecords.readObject(key, bytes);
        JsonNode time = node.get("operationTime");
        if (time == null || !time.isObject() || !unsignedInt(time.get("t")) || !unsignedInt(time.get("i"))) {
            throw new CorruptRecordException(
                    key, "'operationTime' is missing or not {\"t\": <seconds>, \"i\": <increment>}");
        }
        JsonNode decidedAt = node.get("decidedAt");
        if (decidedAt == null || !decidedAt.isIntegralNumber() || !decidedAt.canConvertToLong()) {
            throw new CorruptRecordException(key, "'decidedAt' is missing or not an integer");
        }
        JsonNode basis = node.get("basis");
        return new StartPoint(
                new BsonTimestamp(
                        (int) time.get("t").asLong(), (int) time.get("i").asLong()),
                decidedAt.asLong(),
                basis != null && basis.isTextual() ? basis.asText() : "unknown");
    }

    private static boolean unsignedInt(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0 && n.asLong() <= UINT_MAX;
    }
}
