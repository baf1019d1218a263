/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.multiline;

import io.tidemark.filesource.read.Line;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Joins lines into events. An event is only handed out when it is complete: the next event
 * started, it reached the maximum number of lines or bytes, or the timeout passed. The event's
 * position is its last line's end, so positions only ever fall on event boundaries: a task that
 * crashes mid-event re-reads the whole event.
 *
 * <p>Not thread-safe; one per file.
 */
public final class MultilineAggregator {

    private final MultilineRule rule;
    private final Charset charset;
    private final byte[] joiner;
    private final int maxBytes;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Line first;
    private Line last;
    private int lines;
    private boolean truncated;
    private long lastAddMillis;

    public MultilineAggregator(MultilineRule rule, Charset charset, int maxBytes) {
        this.rule = rule;
        this.charset = charset;
        this.joiner = "\n".getBytes(charset);
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a line; returns the event it completed, if any. A line that starts a new event
     * completes the pending one; a line that fills the pending event to its maximum, or (match=before)
     * a line that is no continuation line, completes the event including itself.
     */
    public Optional<Line> add(Line line, long nowMillis) {
        Optional<Line> done = Optional.empty();
        CharSequence text = line.text(charset);
        boolean before = rule.match() == MultilineRule.Match.BEFORE;
        if (!before && first != null && rule.startsEvent(text)) {
            done = Optional.of(drain());
        }
        if (first == null) {
            first = line;
        } else {
            write(joiner);
        }
        write(line.content());
        truncated |= line.truncated();
        last = line;
        lines++;
        lastAddMillis = nowMillis;
        if (lines >= rule.maxLines() || (before && rule.endsEvent(text))) {
            Line full = drain();
            // with maxLines 1 or match=before nothing was completed before this line, so no earlier
            // event can have been completed too
            return Optional.of(full);
        }
        return done;
    }

    /** The pending event if the timeout passed since its last line. */
    public Optional<Line> expire(long nowMillis) {
        if (first != null && nowMillis - lastAddMillis >= rule.timeout().toMillis()) {
            return Optional.of(drain());
        }
        return Optional.empty();
    }

    /** Hands out the pending event now (e.g. at the end of a rotated file). */
    public Optional<Line> flush() {
        return first == null ? Optional.empty() : Optional.of(drain());
    }

    public boolean hasPending() {
        return first != null;
    }

    /** Start offset of the pending event: where a reader must resume to rebuild it. */
    public long pendingStart() {
        return first == null ? -1 : first.start();
    }

    private void write(byte[] b) {
        int room = maxBytes - pending.size();
        if (room <= 0) {
            truncated = true;
            return;
        }
        if (b.length > room) {
            pending.write(b, 0, room);
            truncated = true;
        } else {
            pending.write(b, 0, b.length);
        }
    }

    private Line drain() {
        Line event = new Line(
                first.start(),
                last.end(),
                pending.toByteArray(),
                first.number(),
                last.lastNumber(),
                truncated,
                last.partial(),
                last.fingerprint(),
                last.check());
        pending.reset();
        first = null;
        last = null;
        lines = 0;
        truncated = false;
        return event;
    }
}
