/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Compiles a MongoDB-style query subset into a {@link Condition}:
 * <ul>
 *   <li>{@code {"a.b": value}} equality (an array field matches when any element equals);</li>
 *   <li>{@code $eq $ne $gt $gte $lt $lte} comparisons (numbers compare across int/long/double/decimal;
 *       values of different kinds never compare, as in MongoDB);</li>
 *   <li>{@code $in $nin} with an array of values; {@code $exists} with a boolean;</li>
 *   <li>{@code $and $or $nor} with a non-empty array of sub-queries.</li>
 * </ul>
 * Anything else fails compilation with {@link InvalidConditionException} naming the problem.
 */
public final class QueryCompiler {

    private QueryCompiler() {}

    public static Condition compile(BsonDocument query) {
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, BsonValue> e : query.entrySet()) {
            String key = e.getKey();
            BsonValue value = e.getValue();
            if (key.startsWith("$")) {
                parts.add(logical(key, value));
            } else {
                if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
                    throw new InvalidConditionException("invalid field path '" + key + "'");
                }
                parts.add(field(key.split("\\."), value));
            }
        }
        return and(parts);
    }

    private static Condition logical(String op, BsonValue value) {
        if (!op.equals("$and") && !op.equals("$or") && !op.equals("$nor")) {
            throw new InvalidConditionException(
                    "unsupported top-level operator " + op + " (supported: $and, $or, $nor, field conditions)");
        }
        if (!value.isArray() || value.asArray().isEmpty()) {
            throw new InvalidConditionException(op + " needs a non-empty array of queries");
        }
        List<Condition> subs = new ArrayList<>();
        for (BsonValue v : value.asArray()) {
            if (!v.isDocument()) {
                throw new InvalidConditionException(op + " elements must be query documents, found " + v);
            }
            subs.add(compile(v.asDocument()));
        }
        return switch (op) {
            case "$and" -> and(subs);
            case "$or" -> doc -> subs.stream().anyMatch(c -> c.test(doc));
            default -> doc -> subs.stream().noneMatch(c -> c.test(doc));
        };
    }

    private static Condition and(List<Condition> parts) {
        if (parts.isEmpty()) {
            return Condition.ALWAYS;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Condition[] array = parts.toArray(Condition[]::new);
        return doc -> {
            for (Condition c : array) {
                if (!c.test(doc)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Condition field(String[] path, BsonValue spec) {
        boolean operators = spec.isDocument()
                && !spec.asDocument().isEmpty()
                && spec.asDocument().keySet().iterator().next().startsWith("$");
        if (!operators) {
            return doc -> anyEquals(values(doc, path), spec);
        }
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, BsonValue> e : spec.asDocument().entrySet()) {
            String op = e.getKey();
            BsonValue arg = e.getValue();
            switch (op) {
                case "$eq" -> parts.add(doc -> anyEquals(values(doc, path), arg));
                case "$ne" -> parts.add(doc -> !anyEquals(values(doc, path), arg));
                case "$gt", "$gte", "$lt", "$lte" -> {
                    if (arg.isArray() || arg.isDocument()) {
                        throw new InvalidConditionException(
                                op + " on '" + String.join(".", path) + "' needs a scalar value, found " + arg);
                    }
                    parts.add(doc -> anyCompares(values(doc, path), op, arg));
                }
                case "$in", "$nin" -> {
                    if (!arg.isArray()) {
                        throw new InvalidConditionException(
                                op + " on '" + String.join(".", path) + "' needs an array, found " + arg);
                    }
                    BsonArray options = arg.asArray();
                    Condition in = doc -> {
                        List<BsonValue> vs = values(doc, path);
                        for (BsonValue o : options) {
                            if (anyEquals(vs, o)) {
                                return true;
                            }
                        }
                        return false;
                    };
                    parts.add(op.equals("$in") ? in : doc -> !in.test(doc));
                }
                case "$exists" -> {
                    if (!arg.isBoolean() && !arg.isNumber()) {
                        throw new InvalidConditionException(
                                "$exists on '" + String.join(".", path) + "' needs true or false, found " + arg);
                    }
                    boolean wanted = arg.isBoolean()
                            ? arg.asBoolean().getValue()
                            : arg.asNumber().intValue() != 0;
                    parts.add(doc -> !values(doc, path).isEmpty() == wanted);
                }
                default ->
                    throw new InvalidConditionException("unsupported operator " + op + " on '" + String.join(".", path)
                            + "' (supported: $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists)");
            }
        }
        return and(parts);
    }

    /** The values at a dotted path; arrays on the way are traversed element by element. */
    static List<BsonValue> values(BsonDocument doc, String[] path) {
        List<BsonValue> out = new ArrayList<>(1);
        collect(doc, path, 0, out);
        return out;
    }

    private static void collect(BsonValue current, String[] path, int i, List<BsonValue> out) {
        if (i == path.length) {
            out.add(current);
            return;
        }
        if (current.isDocument()) {
            BsonValue next = current.asDocument().get(path[i]);
            if (next != null) {
                collect(next, path, i + 1, out);
            }
        } else if (current.isArray()) {
            for (BsonValue element : current.asArray()) {
                if (element.isDocument()) {
                    collect(element, path, i, out);
                }
            }
        }
    }

    private static boolean anyEquals(List<BsonValue> values, BsonValue wanted) {
        if (wanted.isNull() && values.isEmpty()) {
            return true; // {field: null} matches a missing field, as in MongoDB
        }
        for (BsonValue v : values) {
            if (equal(v, wanted)) {
                return true;
            }
            if (v.isArray() && !wanted.isArray()) {
                for (BsonValue element : v.asArray()) {
                    if (equal(element, wanted)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean anyCompares(List<BsonValue> values, String op, BsonValue bound) {
        for (BsonValue v : values) {
            if (compares(v, op, bound)) {
                return true;
            }
            if (v.isArray()) {
                for (BsonValue element : v.asArray()) {
                    if (compares(element, op, bound)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean compares(BsonValue v, String op, BsonValue bound) {
        Integer c = compare(v, bound);
        if (c == null) {
            return false;
        }
        return switch (op) {
            case "$gt" -> c > 0;
            case "$gte" -> c >= 0;
            case "$lt" -> c < 0;
            default -> c <= 0;
        };
    }

    static boolean equal(BsonValue a, BsonValue b) {
        if (a.isNumber() || a.isDecimal128()) {
            Integer c = compare(a, b);
            return c != null && c == 0;
        }
        return a.equals(b);
    }

    /** Compares values of the same kind; null when they are of different kinds. */
    static Integer compare(BsonValue a, BsonValue b) {
        if ((a.isNumber() || a.isDecimal128()) && (b.isNumber() || b.isDecimal128())) {
            try {
                return decimal(a).compareTo(decimal(b));
            } catch (NumberFormatException | ArithmeticException notFinite) {
                return Double.compare(
                        a.isDecimal128()
                                ? a.asDecimal128().doubleValue()
                                : a.asNumber().doubleValue(),
                        b.isDecimal128()
                                ? b.asDecimal128().doubleValue()
                                : b.asNumber().doubleValue());
            }
        }
        if (a.isString() && b.isString()) {
            return Integer.signum(a.asString().getValue().compareTo(b.asString().getValue()));
        }
        if (a.isDateTime() && b.isDateTime()) {
            return Long.compare(a.asDateTime().getValue(), b.asDateTime().getValue());
        }
        if (a.isTimestamp() && b.isTimestamp()) {
            return a.asTimestamp().compareTo(b.asTimestamp());
        }
        if (a.isObjectId() && b.isObjectId()) {
            return a.asObjectId().getValue().compareTo(b.asObjectId().getValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return Boolean.compare(a.asBoolean().getValue(), b.asBoolean().getValue());
        }
        return null;
    }

    private static BigDecimal decimal(BsonValue v) {
        if (v.isDecimal128()) {
            return v.asDecimal128().getValue().bigDecimalValue();
        }
        if (v.isDouble()) {
            return BigDecimal.valueOf(v.asDouble().getValue());
        }
        return BigDecimal.valueOf(v.asNumber().longValue());
    }
}
