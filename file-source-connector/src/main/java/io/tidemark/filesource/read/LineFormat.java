/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.read;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How lines are laid out in bytes: charset (with byte-order-mark handling) and delimiter. A format
 * is resolved per file against the file's first bytes ({@link #resolve}), because a BOM decides the
 * byte order of "UTF-16" and is skipped at the start of the file. Positions stay raw byte offsets.
 */
public final class LineFormat {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] BE_BOM = {(byte) 0xFE, (byte) 0xFF};
    private static final byte[] LE_BOM = {(byte) 0xFF, (byte) 0xFE};

    private final Charset charset;
    /** Null: auto (\n, with a \r before it stripped). */
    private final String delimiter;

    private LineFormat(Charset charset, String delimiter) {
        this.charset = Objects.requireNonNull(charset, "charset");
        if (delimiter != null && delimiter.isEmpty()) {
            throw new IllegalArgumentException("a custom line delimiter must not be empty");
        }
        this.delimiter = delimiter;
    }

    /** {@code \n} and {@code \r\n} lines. */
    public static LineFormat auto(Charset charset) {
        return new LineFormat(charset, null);
    }

    /** Lines ended by {@code delimiter} (encoded in the charset); no CR stripping. */
    public static LineFormat custom(Charset charset, String delimiter) {
        return new LineFormat(charset, delimiter);
    }

    public Charset charset() {
        return charset;
    }

    public boolean isAuto() {
        return delimiter == null;
    }

    /** Bytes of the head needed by {@link #resolve}. */
    public static int headBytesNeeded() {
        return 4;
    }

    /** Resolves charset byte order and BOM from the first {@code n} bytes of the file. */
    public Resolved resolve(byte[] head, int n) {
        String name = charset.name().toUpperCase(Locale.ROOT);
        Charset cs = charset;
        int bom = 0;
        switch (name) {
            case "UTF-8" -> bom = startsWith(head, n, UTF8_BOM) ? 3 : 0;
            case "UTF-16" -> {
                if (startsWith(head, n, LE_BOM)) {
                    cs = StandardCharsets.UTF_16LE;
                    bom = 2;
                } else {
                    cs = StandardCharsets.UTF_16BE;
                    bom = startsWith(head, n, BE_BOM) ? 2 : 0;
                }
            }
            case "UTF-16BE" -> bom = startsWith(head, n, BE_BOM) ? 2 : 0;
            case "UTF-16LE" -> bom = startsWith(head, n, LE_BOM) ? 2 : 0;
            default -> bom = 0;
        }
        byte[] nl = "\n".getBytes(cs);
        byte[] delim = delimiter == null ? nl : delimiter.getBytes(cs);
        byte[] cr = delimiter == null ? "\r".getBytes(cs) : new byte[0];
        return new Resolved(cs, bom, delim, cr, nl.length);
    }

    private static boolean startsWith(byte[] head, int n, byte[] prefix) {
        return n >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * A format resolved for one file.
     *
     * @param charset   the concrete charset (byte order decided)
     * @param bomLength bytes of byte-order mark at the start of the file (skipped, never emitted)
     * @param delimiter encoded delimiter
     * @param cr        encoded carriage return stripped before the delimiter (empty: none)
     * @param unit      code unit width: delimiters are only matched at offsets that are multiples of it
     */
    public record Resolved(Charset charset, int bomLength, byte[] delimiter, byte[] cr, int unit) {}
}
