/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The chunk key template: literal text and {@code ${...}} variables. {@code ${topic}},
 * {@code ${partition}}, {@code ${start}} and {@code ${end}} are the chunk's Kafka coordinates;
 * the record variables partition the keys by the chunk's records: record time
 * ({@code ${yyyy}}, {@code ${MM}}, {@code ${dd}}, {@code ${HH}}, {@code ${mm}} or
 * {@code ${time:<java.time pattern>}}), a value field ({@code ${field:a.b}}) or a header
 * ({@code ${header:name}}). Record variables must come before {@code ${start}}, so the key of a
 * chunk after its path is a function of its offsets alone (the orphan sweep relies on it).
 *
 * <p>A {@link #resolve resolved} template has the record variables replaced by the values of one
 * record; every record of a chunk resolves to the same text (a record that resolves to another
 * text seals the chunk), so the key depends only on the records. Values are escaped
 * ({@link #escape}): they never add a '/' or anything S3, Hive or a shell treats specially.
 */
public final class KeyTemplate {

    /** What a variable stands for. */
    public enum Kind {
        TOPIC,
        PARTITION,
        START,
        END,
        TIME,
        FIELD,
        HEADER
    }

    /**
     * One {@code ${...}} of the template.
     *
     * @param text the variable as written, {@code ${...}}
     * @param argument the time pattern, the field path or the header name; null for the others
     */
    public record Variable(Kind kind, String text, String argument, DateTimeFormatter formatter) {
        public boolean fromRecord() {
            return kind == Kind.TIME || kind == Kind.FIELD || kind == Kind.HEADER;
        }
    }

    /** The shorthands of record-time variables and the java.time patterns they stand for. */
    private static final List<String[]> TIME_SHORTHANDS = List.of(
            new String[] {"yyyy", "uuuu"},
            new String[] {"MM", "MM"},
            new String[] {"dd", "dd"},
            new String[] {"HH", "HH"},
            new String[] {"mm", "mm"});

    static final String KNOWN = "${topic}, ${partition}, ${start}, ${end}, ${yyyy}, ${MM}, ${dd}, ${HH}, ${mm},"
            + " ${time:<pattern>}, ${field:<path>}, ${header:<name>}";

    private final String text;
    /** Literal strings and variables, in template order. */
    private final List<Object> parts;

    private final List<Variable> recordVariables;

    private KeyTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        List<Variable> rv = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Variable v && v.fromRecord()) {
                rv.add(v);
            }
        }
        this.recordVariables = List.copyOf(rv);
    }

    /** Parses and checks a template; throws IllegalArgumentException saying what is wrong. */
    public static KeyTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the key template is empty");
        }
        List<Object> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < template.length()) {
            int open = template.indexOf("${", i);
            if (open < 0) {
                literal.append(template, i, template.length());
                break;
            }
            literal.append(template, i, open);
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException(
                        "the key template has an unclosed variable at '" + template.substring(open) + "'");
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(variable(template.substring(open, close + 1)));
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        KeyTemplate t = new KeyTemplate(template, parts);
        t.check();
        return t;
    }

    private static Variable variable(String text) {
        String inner = text.substring(2, text.length() - 1);
        switch (inner) {
            case "topic":
                return new Variable(Kind.TOPIC, text, null, null);
            case "partition":
                return new Variable(Kind.PARTITION, text, null, null);
            case "start":
                return new Variable(Kind.START, text, null, null);
            case "end":
                return new Variable(Kind.END, text, null, null);
            default:
                break;
        }
        for (String[] s : TIME_SHORTHANDS) {
            if (inner.equals(s[0])) {
                return new Variable(Kind.TIME, text, s[1], DateTimeFormatter.ofPattern(s[1], Locale.ROOT));
            }
        }
        if (inner.startsWith("time:")) {
            String pattern = inner.substring("time:".length());
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException(
                        "the key template's " + text + " has no pattern, for example" + " ${time:yyyy-MM-dd}");
            }
            DateTimeFormatter f;
            try {
                f = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                f.format(ZonedDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IllegalArgumentException("the key template's " + text + " is not a java.time"
                        + " DateTimeFormatter pattern: " + e.getMessage());
            }
            return new Variable(Kind.TIME, text, pattern, f);
        }
        if (inner.startsWith("field:")) {
            String path = inner.substring("field:".length());
            if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                throw new IllegalArgumentException("the key template's " + text + " needs a field path of the"
                        + " record value, names separated by '.', for example ${field:customer.region}");
            }
            return new Variable(Kind.FIELD, text, path, null);
        }
        if (inner.startsWith("header:")) {
            String name = inner.substring("header:".length());
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "the key template's " + text + " needs a header name, for example ${header:region}");
            }
            return new Variable(Kind.HEADER, text, name, null);
        }
        throw new IllegalArgumentException("the key template has the unknown variable " + text + "; it knows " + KNOWN);
    }

    private void check() {
        for (Kind k : new Kind[] {Kind.TOPIC, Kind.PARTITION, Kind.START, Kind.END}) {
            if (first(k) < 0) {
                throw new IllegalArgumentException(
                        "the key template must contain ${" + k.name().toLowerCase(Locale.ROOT) + "}");
            }
        }
        int start = first(Kind.START);
        if (first(Kind.TOPIC) > start || first(Kind.PARTITION) > start || first(Kind.END) < start) {
            throw new IllegalArgumentException("the key template must name ${topic} and ${partition} before ${start},"
                    + " and ${start} before ${end}");
        }
        for (int i = start; i < parts.size(); i++) {
            if (parts.get(i) instanceof Variable v && v.fromRecord()) {
                throw new IllegalArgumentException("the key template's " + v.text() + " comes after ${start}: put"
                        + " record variables in the directories before the file name, for example"
                        + " ${topic}/dt=${yyyy}-${MM}-${dd}/${topic}+${partition}+${start}+${end}");
            }
        }
        if (text.startsWith("/") || text.contains("//")) {
            throw new IllegalArgumentException("the key template must not start with '/' or contain '//'");
        }
    }

    private int first(Kind k) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Variable v && v.kind() == k) {
                return i;
            }
        }
        return -1;
    }

    public String text() {
        return text;
    }

    /** The record variables (time, field, header), in template order; empty for a template of offsets only. */
    public List<Variable> recordVariables() {
        return recordVariables;
    }

    public boolean hasRecordVariables() {
        return !recordVariables.isEmpty();
    }

    /** True when the template has a record-time variable. */
    public boolean usesRecordTime() {
        return recordVariables.stream().anyMatch(v -> v.kind() == Kind.TIME);
    }

    /**
     * The template with its record variables replaced: record-time variables formatted from
     * {@code time} (null only when the template has none), field and header variables by
     * {@code values} (already strings); every value is {@link #escape escaped}. Topic, partition
     * and offset variables stay for {@link ObjectLayout#chunkKey(io.tidemark.s3sink.TopicPartitionId,
     * String, long, long)}.
     *
     * @throws IllegalArgumentException when a value is empty
     */
    public String resolve(ZonedDateTime time, Function<Variable, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (Object p : parts) {
            if (p instanceof Variable v) {
                switch (v.kind()) {
                    case TIME -> out.append(escape(v.formatter().format(time)));
                    case FIELD, HEADER -> {
                        String value = values.apply(v);
                        if (value == null || value.isEmpty()) {
                            throw new IllegalArgumentException(v.text() + " is empty: an object key needs a value");
                        }
                        out.append(escape(value));
                    }
                    default -> out.append(v.text());
                }
            } else {
                out.append((String) p);
            }
        }
        return out.toString();
    }

    /** The template text from ${start} on (no record variables: {@link #check}). */
    String tailFromStart() {
        return text.substring(text.indexOf("${start}"));
    }

    /**
     * Makes a value safe as part of one S3 key segment: ASCII letters, digits and {@code - _ . ! ( )}
     * stay, and so do non-ASCII letters and digits; every other character (the '/' of a path,
     * '=', ':', '%', '+', spaces, quotes, control characters, ...) becomes %XX, the hex of its UTF-8
     * bytes, as Hive writes partition values. A value of only dots ("." or "..") is escaped
     * whole, so it never reads as a relative path.
     */
    public static String escape(String value) {
        boolean dots = !value.isEmpty() && value.chars().allMatch(c -> c == '.');
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int n = Character.charCount(cp);
            boolean keep = !dots && safe(cp);
            if (!keep && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (keep) {
                    out.appendCodePoint(cp);
                } else {
                    for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)));
                        out.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                    }
                }
            }
            i += n;
        }
        return out == null ? value : out.toString();
    }

    private static boolean safe(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z')
                    || (cp >= 'A' && cp <= 'Z')
                    || (cp >= '0' && cp <= '9')
                    || cp == '-'
                    || cp == '_'
                    || cp == '.'
                    || cp == '!'
                    || cp == '('
                    || cp == ')';
        }
        return Character.isLetterOrDigit(cp);
    }

    @Override
    public String toString() {
        return text;
    }
}
