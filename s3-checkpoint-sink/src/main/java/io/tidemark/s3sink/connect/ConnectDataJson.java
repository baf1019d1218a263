/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.s3sink.format.Datum;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts Connect data (with or without a schema: Struct, Map, List, primitives, logical types)
 * into the envelope's {@link Datum}: bytes stay bytes (written as base64), everything else
 * becomes JSON. Decimals keep their exact value, dates/times become epoch milliseconds.
 */
public final class ConnectDataJson {

    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

    private ConnectDataJson() {}

    public static Datum toDatum(Schema schema, Object value) {
        if (value == null) {
            return Datum.NULL;
        }
        if (value instanceof byte[] b) {
            return Datum.ofBytes(b);
        }
        if (value instanceof ByteBuffer bb) {
            return Datum.ofBytes(bytes(bb));
        }
        return Datum.ofStreamed(g -> write(g, schema, value), () -> toJson(schema, value));
    }

    /**
     * Streams {@code value} as JSON into {@code g}, exactly as {@link #toJson} followed by writing
     * the tree would, without building the tree (the hot path of the JSON envelope).
     */
    static void write(JsonGenerator g, Schema schema, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer n) {
            g.writeNumber(n.intValue());
        } else if (value instanceof Long n) {
            g.writeNumber(n.longValue());
        } else if (value instanceof Double n) {
            g.writeNumber(n.doubleValue());
        } else if (value instanceof Float n) {
            g.writeNumber(n.floatValue());
        } else if (value instanceof Byte n) {
            g.writeNumber(n.intValue());
        } else if (value instanceof Short n) {
            g.writeNumber(n.shortValue());
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Date d) {
            g.writeNumber(d.getTime());
        } else if (value instanceof byte[] b) {
            g.writeBinary(b);
        } else if (value instanceof ByteBuffer bb) {
            g.writeBinary(bytes(bb));
        } else if (value instanceof Struct s) {
            g.writeStartObject();
            for (Field f : s.schema().fields()) {
                g.writeFieldName(f.name());
                write(g, f.schema(), s.get(f));
            }
            g.writeEndObject();
        } else if (value instanceof Map<?, ?> m) {
            boolean stringKeys = true;
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    stringKeys = false;
                    break;
                }
            }
            Schema ks = schema == null ? null : schema.keySchema();
            Schema vs = schema == null ? null : schema.valueSchema();
            if (stringKeys) {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    write(g, vs, e.getValue());
                }
                g.writeEndObject();
            } else {
                g.writeStartArray();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeStartArray();
                    write(g, ks, e.getKey());
                    write(g, vs, e.getValue());
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
        } else if (value instanceof Collection<?> c) {
            Schema vs = schema == null ? null : schema.valueSchema();
            g.writeStartArray();
            for (Object v : c) {
                write(g, vs, v);
            }
            g.writeEndArray();
        } else {
            throw new DataException(
                    "cannot write a value of " + value.getClass().getName() + " as JSON");
        }
    }

    static JsonNode toJson(Schema schema, Object value) {
        if (value == null) {
            return F.nullNode();
        }
        if (value instanceof String s) {
            return F.textNode(s);
        }
        if (value instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (value instanceof Byte n) {
            return F.numberNode(n);
        }
        if (value instanceof Short n) {
            return F.numberNode(n);
        }
        if (value instanceof Integer n) {
            return F.numberNode(n);
        }
        if (value instanceof Long n) {
            return F.numberNode(n);
        }
        if (value instanceof Float n) {
            return F.numberNode(n);
        }
        if (value instanceof Double n) {
            return F.numberNode(n);
        }
        if (value instanceof BigDecimal d) {
            return F.numberNode(d);
        }
        if (value instanceof Date d) {
            return F.numberNode(d.getTime());
        }
        if (value instanceof byte[] b) {
            return F.binaryNode(b);
        }
        if (value instanceof ByteBuffer bb) {
            return F.binaryNode(bytes(bb));
        }
        if (value instanceof Struct s) {
            ObjectNode o = F.objectNode();
            for (Field f : s.schema().fields()) {
                o.set(f.name(), toJson(f.schema(), s.get(f)));
            }
            return o;
        }
        if (value instanceof Map<?, ?> m) {
            boolean stringKeys = m.keySet().stream().allMatch(k -> k instanceof String);
            Schema ks = schema == null ? null : schema.keySchema();
            Schema vs = schema == null ? null : schema.valueSchema();
            if (stringKeys) {
                ObjectNode o = F.objectNode();
                m.forEach((k, v) -> o.set((String) k, toJson(vs, v)));
                return o;
            }
            ArrayNode a = F.arrayNode();
            m.forEach((k, v) -> a.add(F.arrayNode().add(toJson(ks, k)).add(toJson(vs, v))));
            return a;
        }
        if (value instanceof Collection<?> c) {
            ArrayNode a = F.arrayNode();
            Schema vs = schema == null ? null : schema.valueSchema();
            c.forEach(v -> a.add(toJson(vs, v)));
            return a;
        }
        throw new DataException("cannot write a value of " + value.getClass().getName() + " as JSON");
    }

    private static byte[] bytes(ByteBuffer bb) {
        ByteBuffer d = bb.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }
}
