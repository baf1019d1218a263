/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.store.CorruptRecordException;
import java.io.IOException;

/** The JSON framing the checkpoint records of this connector share. */
final class JsonRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {}

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static byte[] write(ObjectNode node, String what) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + what, e);
        }
    }

    /** The record as a JSON object, or a {@link CorruptRecordException} naming the key. */
    static JsonNode readObject(String key, byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new CorruptRecordException(key, "not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new CorruptRecordException(key, "not a JSON object");
        }
        return node;
    }
}
