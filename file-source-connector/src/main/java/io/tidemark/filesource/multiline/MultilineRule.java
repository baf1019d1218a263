/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.multiline;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How lines join into events. A line that matches {@code startPattern} starts a new event and
 * every following line that does not match is appended to it; with {@code negate}, a line that
 * does <em>not</em> match starts a new event (the pattern then describes continuation lines, e.g.
 * {@code ^\s} for stack traces).
 *
 * @param maxLines an event is closed after this many lines
 * @param timeout  an open event is closed when no line arrived for this long
 */
public record MultilineRule(Pattern startPattern, boolean negate, int maxLines, Duration timeout) {

    public MultilineRule {
        Objects.requireNonNull(startPattern, "startPattern");
        Objects.requireNonNull(timeout, "timeout");
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be >= 1, was " + maxLines);
        }
    }

    public boolean startsEvent(CharSequence line) {
        return startPattern.matcher(line).find() != negate;
    }
}
