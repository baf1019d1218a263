/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.filesource.testing.TestFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {

    @TempDir
    Path dir;

    private List<Line> readAll(Path p, LineFormat format, long start, int maxLine, OverflowAction action)
            throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            byte[] head = new byte[4];
            int n = io.tidemark.filesource.identity.HeadProbe.readFully(ch, 0, head, 4);
            LineFormat.Resolved r = format.resolve(head, n);
            LineReader reader =
                    new LineReader(ch, r, Math.max(start, r.bomLength()), 1, maxLine, action, 64, 1024, 4096);
            List<Line> out = new ArrayList<>();
            for (Line l = reader.next(); l != null; l = reader.next()) {
                out.add(l);
            }
            return out;
        }
    }

    private static List<String> texts(List<Line> lines, Charset cs) {
        return lines.stream().map(l -> l.text(cs)).toList();
    }

    @Test
    void splitsLfAndCrlfLinesWithRawByteOffsets() throws IOException {
        Path p = TestFiles.append(dir.resolve("a.log"), "one\r\ntwo\nthree\r\n");
        List<Line> lines = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 100, OverflowAction.FAIL);
        assertThat(texts(lines, StandardCharsets.UTF_8)).containsExactly("one", "two", "three");
        assertThat(lines).extracting(Line::start).containsExactly(0L, 5L, 9L);
        assertThat(lines).extracting(Line::end).containsExactly(5L, 9L, 16L);
        assertThat(lines).extracting(Line::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void halfWrittenLineWaitsForNewline() throws IOException {
        Path p = TestFiles.append(dir.resolve("a.log"), "done\nhalf");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            LineFormat.Resolved r = LineFormat.auto(StandardCharsets.UTF_8).resolve(new byte[0], 0);
            LineReader reader = new LineReader(ch, r, 0, 1, 100, OverflowAction.FAIL, 64, 1024, 4096);
            assertThat(reader.next().text(StandardCharsets.UTF_8)).isEqualTo("done");
            assertThat(reader.next()).isNull();
            assertThat(reader.position()).isEqualTo(5);
            assertThat(reader.pendingBytes()).isEqualTo(4);
            TestFiles.append(p, "-written\n");
            Line l = reader.next();
            assertThat(l.text(StandardCharsets.UTF_8)).isEqualTo("half-written");
            assertThat(l.start()).isEqualTo(5);
            assertThat(l.end()).isEqualTo(18);
            assertThat(l.partial()).isFalse();
        }
    }

    @Test
    void multibyteOffsetsDoNotDrift() throws IOException {
        String text = "zürich €\n日本語のログ\n🙂 ok\n";
        Path p = TestFiles.append(dir.resolve("u.log"), text);
        List<Line> lines = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 100, OverflowAction.FAIL);
        assertThat(texts(lines, StandardCharsets.UTF_8)).containsExactly("zürich €", "日本語のログ", "🙂 ok");
        long firstEnd = "zürich €\n".getBytes(StandardCharsets.UTF_8).length;
        assertThat(lines.get(0).end()).isEqualTo(firstEnd);
        // resuming at the raw byte offset gives exactly the remaining lines
        List<Line> rest = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), firstEnd, 100, OverflowAction.FAIL);
        assertThat(texts(rest, StandardCharsets.UTF_8)).containsExactly("日本語のログ", "🙂 ok");
        assertThat(rest.get(1).end()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void invalidUtf8IsReplacedWithoutDrift() throws IOException {
        Path p = dir.resolve("bad.log");
        TestFiles.append(p, new byte[] {'a', (byte) 0xC3, '\n', (byte) 0xFF, (byte) 0xFE, 'b', '\n', 'c', '\n'});
        List<Line> lines = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 100, OverflowAction.FAIL);
        assertThat(texts(lines, StandardCharsets.UTF_8)).containsExactly("a\uFFFD", "\uFFFD\uFFFDb", "c");
        assertThat(lines).extracting(Line::end).containsExactly(3L, 7L, 9L);
    }

    @Test
    void utf8BomIsSkippedButCountedInOffsets() throws IOException {
        Path p = dir.resolve("bom.log");
        TestFiles.append(p, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        TestFiles.append(p, "first\nsecond\n");
        List<Line> lines = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 100, OverflowAction.FAIL);
        assertThat(texts(lines, StandardCharsets.UTF_8)).containsExactly("first", "second");
        assertThat(lines.get(0).start()).isEqualTo(3);
        assertThat(lines.get(0).end()).isEqualTo(9);
    }

    @Test
    void utf16WithBomMatchesOnlyAlignedNewlines() throws IOException {
        Path p = dir.resolve("w.log");
        // U+0A41 U+4100 encode (LE) as 41 0A 00 41: "0A 00" appears at an odd offset and must not split
        String tricky = "\u0A41\u4100";
        TestFiles.append(p, new byte[] {(byte) 0xFF, (byte) 0xFE});
        TestFiles.append(p, "héllo\r\n" + tricky + "\nend\n", StandardCharsets.UTF_16LE);
        List<Line> lines = readAll(p, LineFormat.auto(Charset.forName("UTF-16")), 0, 100, OverflowAction.FAIL);
        assertThat(texts(lines, StandardCharsets.UTF_16LE)).containsExactly("héllo", tricky, "end");
        assertThat(lines.get(0).start()).isEqualTo(2);
        assertThat(lines.get(0).end()).isEqualTo(2 + 7 * 2);
    }

    @Test
    void customDelimiterSplitsAndKeepsCarriageReturns() throws IOException {
        Path p = TestFiles.append(dir.resolve("c.log"), "a\r||b||c");
        List<Line> lines = readAll(p, LineFormat.custom(StandardCharsets.UTF_8, "||"), 0, 100, OverflowAction.FAIL);
        assertThat(texts(lines, StandardCharsets.UTF_8)).containsExactly("a\r", "b");
        assertThat(lines.get(1).end()).isEqualTo(7);
    }

    @Test
    void longLineIsTruncatedAndPositionMovesPastIt() throws IOException {
        String longLine = "x".repeat(50_000);
        Path p = TestFiles.append(dir.resolve("l.log"), "short\n" + longLine + "\nafter\n");
        List<Line> lines = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 1000, OverflowAction.TRUNCATE);
        assertThat(texts(lines, StandardCharsets.UTF_8)).containsExactly("short", "x".repeat(1000), "after");
        assertThat(lines.get(1).truncated()).isTrue();
        assertThat(lines.get(1).start()).isEqualTo(6);
        assertThat(lines.get(1).end()).isEqualTo(6 + 50_001);
        assertThat(lines.get(2).number()).isEqualTo(3);
    }

    @Test
    void longLineIsSkipped() throws IOException {
        Path p = TestFiles.append(dir.resolve("l.log"), "short\n" + "y".repeat(20_000) + "\nafter\n");
        List<Line> lines = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 1000, OverflowAction.SKIP);
        assertThat(texts(lines, StandardCharsets.UTF_8)).containsExactly("short", "after");
        assertThat(lines.get(1).number()).isEqualTo(3);
    }

    @Test
    void longLineFailsWhenConfigured() {
        Path p = TestFiles.append(dir.resolve("l.log"), "short\n" + "z".repeat(5_000) + "\n");
        assertThatThrownBy(() -> readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 1000, OverflowAction.FAIL))
                .isInstanceOf(LineTooLongException.class)
                .hasMessageContaining("byte 6");
    }

    @Test
    void hugeLineKeepsMemoryBounded() throws IOException {
        Path p = dir.resolve("huge.log");
        byte[] chunk = "q".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20; i++) {
            TestFiles.append(p, chunk);
        }
        TestFiles.append(p, "\nnext\n");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            LineFormat.Resolved r = LineFormat.auto(StandardCharsets.UTF_8).resolve(new byte[0], 0);
            LineReader reader = new LineReader(ch, r, 0, 1, 4096, OverflowAction.TRUNCATE, 64, 1024, 8192);
            Line first = reader.next();
            assertThat(first.content()).hasSize(4096);
            assertThat(first.end()).isEqualTo(20L * (1 << 20) + 1);
            assertThat(reader.capacity()).isLessThanOrEqualTo(4096 + 64 + 2 + 64 * 1024);
            assertThat(reader.next().text(StandardCharsets.UTF_8)).isEqualTo("next");
        }
    }

    @Test
    void checkHashAndFingerprintAreTheSameWhetherReadThroughOrResumed() throws IOException {
        Path p = dir.resolve("r.log");
        TestFiles.lines(p, "line", 0, 500);
        List<Line> all = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), 0, 100, OverflowAction.FAIL);
        Line mid = all.get(249);
        List<Line> resumed = readAll(p, LineFormat.auto(StandardCharsets.UTF_8), mid.end(), 100, OverflowAction.FAIL);
        assertThat(resumed.get(0).start()).isEqualTo(mid.end());
        Line a = all.get(499);
        Line b = resumed.get(resumed.size() - 1);
        assertThat(b.check()).isEqualTo(a.check());
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(a.fingerprint().length()).isEqualTo(1024);
        assertThat(all.get(0).fingerprint().length()).isEqualTo(all.get(0).end());
    }
}
