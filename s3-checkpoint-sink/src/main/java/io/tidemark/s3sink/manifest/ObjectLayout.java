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
 * order). The template must name topic and partition before the offsets, so every chunk of a
 * partition shares the key prefix up to {@code ${start}}. The manifest of a partition is
 * {@code <prefix>_manifests/<topic>/<partition>.json}, its segments
 * {@code <prefix>_manifests/<topic>/<partition>/segment-<first>-<last>.json}.
 */
public final class ObjectLayout {

    public static final String DEFAULT_TEMPLATE =
            "${topic}/partition=${partition}/${topic}+${partition}+${start}+${end}";

    private final String prefix;
    private final String template;
    private final String extension;

    public ObjectLayout(String prefix, String template, String extension) {
        this.prefix = normalisePrefix(prefix);
        this.template = validate(template);
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
        for (String t : new String[] {"${topic}", "${partition}", "${start}", "${end}"}) {
            if (!template.contains(t)) {
                throw new IllegalArgumentException("the key template must contain " + t);
            }
        }
        int start = template.indexOf("${start}");
        if (template.indexOf("${topic}") > start
                || template.indexOf("${partition}") > start
                || template.indexOf("${end}") < start) {
            throw new IllegalArgumentException("the key template must name ${topic} and ${partition} before ${start},"
                    + " and ${start} before ${end}");
        }
        if (template.startsWith("/") || template.contains("//")) {
            throw new IllegalArgumentException("the key template must not start with '/' or contain '//'");
        }
        String rest = template.replace("${topic}", "")
                .replace("${partition}", "")
                .replace("${start}", "")
                .replace("${end}", "");
        if (rest.contains("${")) {
            throw new IllegalArgumentException("the key template knows only ${topic}, ${partition}, ${start}, ${end}");
        }
        return template;
    }

    public String prefix() {
        return prefix;
    }

    public String chunkKey(TopicPartitionId tp, long start, long end) {
        return prefix
                + template.replace("${topic}", tp.topic())
                        .replace("${partition}", Integer.toString(tp.partition()))
                        .replace("${start}", pad(start))
                        .replace("${end}", pad(end))
                + extension;
    }

    /** The key prefix every chunk of {@code tp} shares (the template up to ${start}). */
    public String partitionPrefix(TopicPartitionId tp) {
        String head = template.substring(0, template.indexOf("${start}"));
        return prefix + head.replace("${topic}", tp.topic()).replace("${partition}", Integer.toString(tp.partition()));
    }

    /** A key that sorts just before every chunk of {@code tp} starting at or after {@code start}. */
    public String sortsBefore(TopicPartitionId tp, long start) {
        return partitionPrefix(tp) + pad(start);
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
