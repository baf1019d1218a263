/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.multiline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.Fingerprint;
import io.tidemark.filesource.read.Line;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MultilineAggregatorTest {

    private long offset;
    private long number;

    private Line line(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long start = offset;
        offset += b.length + 1;
        number++;
        return new Line(
                start, offset, b, number, number, false, false, new Fingerprint(0, 0), new CheckHash(0, number));
    }

    private static String text(Line l) {
        return new String(l.content(), StandardCharsets.UTF_8);
    }

    @Test
    void joinsContinuationLinesUntilTheNextStartLine() {
        MultilineAggregator agg = new MultilineAggregator(
                new MultilineRule(Pattern.compile("^\\d{4}-"), false, 100, Duration.ofSeconds(5)),
                StandardCharsets.UTF_8,
                1 << 20);
        List<Line> out = new ArrayList<>();
        for (String s : List.of("2026-01-01 boom", "  at a.B(C.java:1)", "  at d.E(F.java:2)", "2026-01-01 ok")) {
            agg.add(line(s), 0).ifPresent(out::add);
        }
        assertThat(out).hasSize(1);
        Line ev = out.get(0);
        assertThat(text(ev)).isEqualTo("2026-01-01 boom\n  at a.B(C.java:1)\n  at d.E(F.java:2)");
        assertThat(ev.start()).isZero();
        assertThat(ev.number()).isEqualTo(1);
        assertThat(ev.lastNumber()).isEqualTo(3);
        // the event's position is its last line's end: the start of the next, still open, event
        assertThat(ev.end()).isEqualTo(agg.pendingStart());
        assertThat(agg.hasPending()).isTrue();
    }

    @Test
    void negatedPatternDescribesContinuationLines() {
        MultilineAggregator agg = new MultilineAggregator(
                new MultilineRule(Pattern.compile("^\\s"), true, 100, Duration.ofSeconds(5)),
                StandardCharsets.UTF_8,
                1 << 20);
        List<Line> out = new ArrayList<>();
        for (String s : List.of("Exception x", "\tat one", "\tat two", "next event", "\tat three", "third")) {
            agg.add(line(s), 0).ifPresent(out::add);
        }
        assertThat(out)
                .extracting(MultilineAggregatorTest::text)
                .containsExactly("Exception x\n\tat one\n\tat two", "next event\n\tat three");
    }

    private List<String> events(MultilineRule rule, List<String> lines) {
        MultilineAggregator agg = new MultilineAggregator(rule, StandardCharsets.UTF_8, 1 << 20);
        List<Line> out = new ArrayList<>();
        for (String s : lines) {
            agg.add(line(s), 0).ifPresent(out::add);
        }
        agg.flush().ifPresent(out::add);
        return out.stream().map(MultilineAggregatorTest::text).toList();
    }

    private static MultilineRule filebeat(String pattern, boolean negate, MultilineRule.Match match) {
        return new MultilineRule(Pattern.compile(pattern), negate, match, 100, Duration.ofSeconds(5));
    }

    /** Filebeat's Java stack trace example: pattern '^[[:space:]]', negate false, match after. */
    @Test
    void filebeatStackTraceExampleJoinsIndentedLinesToTheLineBefore() {
        assertThat(events(
                        filebeat("^\\s", false, MultilineRule.Match.AFTER),
                        List.of(
                                "Exception in thread \"main\" java.lang.NullPointerException",
                                "        at com.example.myproject.Book.getTitle(Book.java:16)",
                                "        at com.example.myproject.Bootstrap.main(Bootstrap.java:14)",
                                "next event")))
                .containsExactly(
                        "Exception in thread \"main\" java.lang.NullPointerException\n"
                                + "        at com.example.myproject.Book.getTitle(Book.java:16)\n"
                                + "        at com.example.myproject.Bootstrap.main(Bootstrap.java:14)",
                        "next event");
    }

    /** Filebeat's timestamp example: pattern '^\[[0-9]{4}-[0-9]{2}-[0-9]{2}', negate true, match after. */
    @Test
    void filebeatTimestampExampleAppendsLinesWithoutATimestampToTheLineBefore() {
        assertThat(events(
                        filebeat("^\\[[0-9]{4}-[0-9]{2}-[0-9]{2}", true, MultilineRule.Match.AFTER),
                        List.of(
                                "[2015-08-24 11:49:14,389][INFO ][env                      ] [Letha] using [1] data paths",
                                "mounts [[/ (/dev/disk1)]], net usable_space [34.5gb]",
                                "[2015-08-24 11:49:15,000][INFO ][node                     ] [Letha] started")))
                .containsExactly(
                        "[2015-08-24 11:49:14,389][INFO ][env                      ] [Letha] using [1] data paths\n"
                                + "mounts [[/ (/dev/disk1)]], net usable_space [34.5gb]",
                        "[2015-08-24 11:49:15,000][INFO ][node                     ] [Letha] started");
    }

    /** Filebeat's line continuation example: pattern '\\$', negate false, match before. */
    @Test
    void filebeatContinuationExamplePrependsBackslashLinesToTheLineAfter() {
        MultilineAggregator agg = new MultilineAggregator(
                filebeat("\\\\$", false, MultilineRule.Match.BEFORE), StandardCharsets.UTF_8, 1 << 20);
        List<Line> out = new ArrayList<>();
        for (String s : List.of("printf (\"%10.10ld  \\t %10.10ld \\t %s\\", "  %f\", w);", "single", "a \\")) {
            agg.add(line(s), 0).ifPresent(out::add);
        }
        assertThat(out)
                .extracting(MultilineAggregatorTest::text)
                .containsExactly("printf (\"%10.10ld  \\t %10.10ld \\t %s\\\n  %f\", w);", "single");
        // the continued line is held until the line that ends it: a crash re-reads it from its start
        assertThat(agg.hasPending()).isTrue();
        assertThat(agg.pendingStart()).isEqualTo(out.get(1).end());
    }

    /** Tidemark's own model (match=start) with negate is Filebeat's negate=false match=after. */
    @Test
    void tidemarksStartModelWithNegateIsFilebeatsAfterWithoutNegate() {
        List<String> lines = List.of("Exception x", "\tat one", "\tat two", "next event", "\tat three", "third");
        assertThat(events(new MultilineRule(Pattern.compile("^\\s"), true, 100, Duration.ofSeconds(5)), lines))
                .isEqualTo(events(filebeat("^\\s", false, MultilineRule.Match.AFTER), lines));
    }

    @Test
    void maxLinesClosesTheEvent() {
        MultilineAggregator agg = new MultilineAggregator(
                new MultilineRule(Pattern.compile("^START"), false, 3, Duration.ofSeconds(5)),
                StandardCharsets.UTF_8,
                1 << 20);
        List<Line> out = new ArrayList<>();
        for (String s : List.of("START", "a", "b", "c", "d")) {
            agg.add(line(s), 0).ifPresent(out::add);
        }
        assertThat(out).extracting(MultilineAggregatorTest::text).containsExactly("START\na\nb");
        assertThat(agg.flush().map(MultilineAggregatorTest::text)).contains("c\nd");
    }

    @Test
    void timeoutFlushesThePendingEvent() {
        MultilineAggregator agg = new MultilineAggregator(
                new MultilineRule(Pattern.compile("^START"), false, 100, Duration.ofMillis(500)),
                StandardCharsets.UTF_8,
                1 << 20);
        agg.add(line("START"), 1000);
        agg.add(line(" more"), 1100);
        assertThat(agg.expire(1599)).isEmpty();
        Optional<Line> ev = agg.expire(1600);
        assertThat(ev.map(MultilineAggregatorTest::text)).contains("START\n more");
        assertThat(agg.hasPending()).isFalse();
    }

    @Test
    void eventBytesAreBounded() {
        MultilineAggregator agg = new MultilineAggregator(
                new MultilineRule(Pattern.compile("^START"), false, 100, Duration.ofSeconds(5)),
                StandardCharsets.UTF_8,
                10);
        agg.add(line("START"), 0);
        agg.add(line("0123456789"), 0);
        Line ev = agg.flush().orElseThrow();
        assertThat(ev.content()).hasSize(10);
        assertThat(ev.truncated()).isTrue();
    }
}
