package io.tidemark.s3sink.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.s3sink.format.Datum;
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

    private ConnectDataJson() {
    }

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
        return Datum.ofJson(toJson(schema, value));
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
