/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.tool;

/**
 * The little JSON the CLI writes: string literals, and objects and arrays built field by field
 * (common-store carries no JSON library at runtime).
 */
final class Json {

    private Json() {}

    /** {@code s} as a JSON string literal, quotes included. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A JSON object under construction: {@code Json.object().add("k", "v").toString()}. */
    static Obj object() {
        return new Obj();
    }

    /** The already-encoded JSON {@code elements} as an array. */
    static String array(Iterable<String> elements) {
        StringBuilder b = new StringBuilder("[");
        for (String e : elements) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(e);
        }
        return b.append(']').toString();
    }

    /** {@code values} as an array of JSON strings. */
    static String stringArray(Iterable<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(string(v));
        }
        return b.append(']').toString();
    }

    /** Builds one JSON object on a single line; fields keep the order they are added in. */
    static final class Obj {
        private final StringBuilder b = new StringBuilder("{");

        private Obj() {}

        private Obj name(String name) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(string(name)).append(": ");
            return this;
        }

        /** A string field; null becomes JSON null. */
        Obj add(String name, String value) {
            name(name).b.append(value == null ? "null" : string(value));
            return this;
        }

        Obj add(String name, long value) {
            name(name).b.append(value);
            return this;
        }

        Obj add(String name, boolean value) {
            name(name).b.append(value);
            return this;
        }

        /** A field whose value is already JSON (an object or array); null becomes JSON null. */
        Obj raw(String name, String json) {
            name(name).b.append(json == null ? "null" : json);
            return this;
        }

        @Override
        public String toString() {
            return b + "}";
        }
    }
}
