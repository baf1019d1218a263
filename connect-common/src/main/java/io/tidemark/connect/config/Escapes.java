/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

/**
 * Escapes in settings whose value is a delimiter or separator. Kafka's {@code ConfigDef} trims every string
 * setting, so a newline, tab or space can only be given escaped: {@code \n}, {@code \r}, {@code \t}, {@code \0},
 * {@code \\} and {@code \}{@code uXXXX}.
 */
public final class Escapes {

    /** The escapes {@link #unescape} resolves, for documentation strings. */
    public static final String SUPPORTED = "\\n \\r \\t \\0 \\\\ \\uXXXX";

    private Escapes() {}

    /**
     * The setting with its escapes resolved.
     *
     * @throws IllegalArgumentException for an unknown or incomplete escape
     */
    public static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '0' -> out.append('\0');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new IllegalArgumentException("incomplete \\u escape in '" + s + "'");
                    }
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + n + " in '" + s + "'");
            }
        }
        return out.toString();
    }
}
