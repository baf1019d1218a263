/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.multiline;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How lines join into events, in one of two models.
 *
 * <ul>
 *   <li>{@link Match#START} (Tidemark's): a line that matches {@code pattern} starts a new event and
 *       every following line that does not match is appended to it; with {@code negate}, a line that
 *       does <em>not</em> match starts a new event (the pattern then describes continuation lines).
 *   <li>{@link Match#AFTER} and {@link Match#BEFORE} (Filebeat's {@code multiline.match}, with Filebeat's
 *       {@code negate}): the lines that match the pattern (with {@code negate}: that do not match) are
 *       continuation lines, joined to the line before them ({@code after}) or to the line after them
 *       ({@code before}).
 * </ul>
 *
 * @param maxLines an event is closed after this many lines
 * @param timeout  an open event is closed when no line arrived for this long
 */
public record MultilineRule(Pattern pattern, boolean negate, Match match, int maxLines, Duration timeout) {

    /** Which line a continuation line joins. */
    public enum Match {
        /** No continuation model: {@code pattern} (inverted by {@code negate}) marks the first line of an event. */
        START,
        /** Filebeat's {@code match: after}: a continuation line is appended to the line before it. */
        AFTER,
        /** Filebeat's {@code match: before}: a continuation line is prepended to the line after it. */
        BEFORE
    }

    public MultilineRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(timeout, "timeout");
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be >= 1, was " + maxLines);
        }
    }

    /** Tidemark's model: {@code pattern} (inverted by {@code negate}) marks the first line of an event. */
    public MultilineRule(Pattern startPattern, boolean negate, int maxLines, Duration timeout) {
        this(startPattern, negate, Match.START, maxLines, timeout);
    }

    private boolean matches(CharSequence line) {
        return pattern.matcher(line).find();
    }

    /** With {@link Match#START} or {@link Match#AFTER}: this line begins a new event. */
    public boolean startsEvent(CharSequence line) {
        return match == Match.START ? matches(line) != negate : !continuation(line);
    }

    /** With {@link Match#BEFORE}: this line is the last of its event (it is no continuation line). */
    public boolean endsEvent(CharSequence line) {
        return match == Match.BEFORE && !continuation(line);
    }

    /** Filebeat's continuation line: matches the pattern, or with negate does not. */
    private boolean continuation(CharSequence line) {
        return matches(line) != negate;
    }
}
