/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import io.tidemark.s3sink.TopicPartitionId;
import java.util.Locale;

/**
 * Where objects go in the bucket. Chunk keys are deterministic:
 * {@code <prefix><template><extension>} with {@code ${topic}}, {@code ${partition}},
 * {@code ${start}} and {@code ${end}} (offsets zero-padded to 20 digits, so key order is offset
 * order) and optionally record variables ({@link KeyTemplate}: record time, value fields,
 * headers) that partition the keys into paths. The template must name topic and partition before
 * the offsets, so every chunk of a partition in one path shares the key prefix up to
 * {@code ${start}}. The manifest of a partition is
 * {@code <prefix>_manifests/<topic>/<partition>.json}, its segments
 * {@code <prefix>_manifests/<topic>/<partition>/segment-<first>-<last>.json}.
 */
public final class ObjectLayout {

    public static final String DEFAULT_TEMPLATE =
            "${topic}/partition=${partition}/${topic}+${partition}+${start}+${end}";

    /** The longest object key S3 accepts, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private final String prefix;
    private final String template;
    private final KeyTemplate keyTemplate;
    private final String extension;

    public ObjectLayout(String prefix, String template, String extension) {
        this.prefix = normalisePrefix(prefix);
        this.keyTemplate = KeyTemplate.parse(template);
        this.template = template;
        this.extension = extension;
    }

    /** "" or a prefix ending with '/'. */
    public static String normalisePrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    /** Checks a key template; returns it or throws IllegalArgumentException with the reason. */
    public static String validate(String template) {
        KeyTemplate.parse(template);
        return template;
    }

    public String prefix() {
        return prefix;
    }

    /** The parsed key template (its record variables partition the keys). */
    public KeyTemplate keyTemplate() {
        return keyTemplate;
    }

    /** Key of a chunk of a template without record variables. */
    public String chunkKey(TopicPartitionId tp, long start, long end) {
        return chunkKey(tp, null, start, end);
    }

    /**
     * Key of a chunk whose records resolved the template to {@code resolved} ({@link
     * KeyTemplate#resolve}); null for a template without record variables.
     */
    public String chunkKey(TopicPartitionId tp, String resolved, long start, long end) {
        if (resolved == null && keyTemplate.hasRecordVariables()) {
            throw new IllegalStateException("the key template " + template + " needs the values of a record");
        }
        return prefix
                + (resolved == null ? template : resolved)
                        .replace("${topic}", tp.topic())
                        .replace("${partition}", Integer.toString(tp.partition()))
                        .replace("${start}", pad(start))
                        .replace("${end}", pad(end))
                + extension;
    }

    /**
     * Checks that the keys of chunks of {@code tp} under {@code resolved} fit in S3's key length;
     * throws IllegalArgumentException otherwise.
     */
    public void checkKeyLength(TopicPartitionId tp, String resolved) {
        String longest = chunkKey(tp, resolved, Long.MAX_VALUE, Long.MAX_VALUE);
        int bytes = longest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the object key " + longest.substring(0, 200) + "... would be " + bytes
                    + " bytes long, more than S3's " + MAX_KEY_BYTES);
        }
    }

    /**
     * Where the orphan sweep of {@code tp} lists, given the partition's last listed chunk (null
     * if none): the key prefix every chunk of {@code tp} shares (the template up to ${start}); with
     * record variables, the prefix of the chunks of {@code tp} in the last chunk's path (its key
     * up to its start offset). Empty when the template has record variables and there is no last
     * chunk (or its key does not follow this template): no single prefix holds them.
     */
    public java.util.Optional<String> sweepPrefix(TopicPartitionId tp, ChunkEntryRecord last) {
        if (!keyTemplate.hasRecordVariables()) {
            return java.util.Optional.of(partitionPrefix(tp));
        }
        if (last == null) {
            return java.util.Optional.empty();
        }
        String tail = keyTemplate
                        .tailFromStart()
                        .replace("${topic}", tp.topic())
                        .replace("${partition}", Integer.toString(tp.partition()))
                        .replace("${start}", pad(last.startOffset()))
                        .replace("${end}", pad(last.endOffset()))
                + extension;
        String key = last.key();
        if (!key.startsWith(prefix) || !key.endsWith(tail) || key.length() < prefix.length() + tail.length()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(key.substring(0, key.length() - tail.length()));
    }

    /**
     * The key prefix every chunk of {@code tp} shares (the template up to ${start}); only for a
     * template without record variables.
     */
    public String partitionPrefix(TopicPartitionId tp) {
        if (keyTemplate.hasRecordVariables()) {
            throw new IllegalStateException("the chunks of a key template with record variables (" + template
                    + ") share no prefix per partition");
        }
        String head = template.substring(0, template.indexOf("${start}"));
        return prefix + head.replace("${topic}", tp.topic()).replace("${partition}", Integer.toString(tp.partition()));
    }

    /** A key that sorts just before every chunk of {@code tp} starting at or after {@code start}. */
    public String sortsBefore(TopicPartitionId tp, long start) {
        return partitionPrefix(tp) + pad(start);
    }

    /** Under {@code sweepPrefix}: a key that sorts just before every chunk starting at or after {@code start}. */
    public static String sortsBefore(String sweepPrefix, long start) {
        return sweepPrefix + pad(start);
    }

    public String manifestKey(TopicPartitionId tp) {
        return prefix + "_manifests/" + tp.topic() + "/" + tp.partition() + ".json";
    }

    /**
     * Key of an immutable manifest segment of {@code tp} holding the chunks from {@code first} to
     * {@code last} (offsets): deterministic, so a segment written again for the same entries meets
     * the earlier object.
     */
    public String segmentKey(TopicPartitionId tp, long first, long last) {
        return prefix + "_manifests/" + tp.topic() + "/" + tp.partition() + "/segment-" + pad(first) + "-" + pad(last)
                + ".json";
    }

    public String manifestPrefix() {
        return prefix + "_manifests/";
    }

    public static String pad(long offset) {
        return String.format(Locale.ROOT, "%020d", offset);
    }
}
