/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.filesource.assign.TaskAssignment;
import io.tidemark.filesource.discovery.DirectoryWatcher;
import io.tidemark.filesource.discovery.PathFilter;
import io.tidemark.filesource.discovery.RootScanner;
import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.identity.FileKey;
import io.tidemark.filesource.identity.Fingerprint;
import io.tidemark.filesource.identity.Hash64;
import io.tidemark.filesource.multiline.MultilineRule;
import io.tidemark.filesource.read.LineFormat;
import io.tidemark.filesource.read.OverflowAction;
import io.tidemark.filesource.testing.AckedPositions;
import io.tidemark.filesource.testing.MutableClock;
import io.tidemark.filesource.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailerTest {

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock();
    private final List<Tailer> open = new ArrayList<>();
    private TailerOptions options;
    private List<String> includes;

    @BeforeEach
    void setUp() {
        options = TailerOptions.builder(LineFormat.auto(StandardCharsets.UTF_8))
                .closeInactive(Duration.ofSeconds(60))
                .partialLineTimeout(Duration.ofSeconds(2))
                .stateTtl(Duration.ofHours(1))
                .build();
        includes = List.of("**/*.log");
    }

    @AfterEach
    void tearDown() {
        open.forEach(Tailer::close);
    }

    private Tailer tailer(PositionLookup positions) {
        return tailer(positions, TaskAssignment.single());
    }

    private Tailer tailer(PositionLookup positions, TaskAssignment assignment) {
        RootScanner scanner = new RootScanner(List.of(root), new PathFilter(includes, List.of("**/*.gz")), true);
        Tailer t = new Tailer(options, scanner, assignment, positions, null, clock);
        open.add(t);
        return t;
    }

    /** Polls (rescanning each time) until nothing new comes, acking everything. */
    private List<String> drain(Tailer t, AckedPositions acked) throws IOException {
        List<String> out = new ArrayList<>();
        // long enough for copy decisions and multiline timeouts (6 s of idle polls)
        for (int idle = 0; idle < 10; ) {
            t.requestScan();
            clock.advance(600);
            List<TailEvent> events = t.poll(1000, 1 << 20);
            if (events.isEmpty()) {
                idle++;
            } else {
                idle = 0;
            }
            acked.ackAll(events);
            events.forEach(e -> out.add(new String(e.line().content(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<String> numbered(String prefix, int from, int count) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            l.add(prefix + "-" + i);
        }
        return l;
    }

    @Test
    void fileSmallerThanTheFingerprintIsReadAtOnce() throws IOException {
        TestFiles.append(root.resolve("tiny.log"), "only line\n");
        AckedPositions acked = new AckedPositions();
        assertThat(drain(tailer(acked), acked)).containsExactly("only line");
    }

    @Test
    void everyLineOfAFileCarriesTheSameFileIdInstance() throws IOException {
        TestFiles.lines(root.resolve("a.log"), "l", 0, 100);
        Tailer t = tailer(new AckedPositions());
        List<TailEvent> events = t.poll(1000, 1 << 20);
        assertThat(events).hasSize(100);
        // one String per file, not one per line: records, partitions and the in-flight maps hash it once
        assertThat(events)
                .allSatisfy(e -> assertThat(e.fileId()).isSameAs(events.get(0).fileId()));
        assertThat(events.get(0).fileId()).matches("-?\\d+:-?\\d+:[0-9a-f]{16}");
    }

    @Test
    void halfWrittenLineWaitsForNewline() throws IOException {
        Path p = TestFiles.append(root.resolve("a.log"), "one\ntw");
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).containsExactly("one");
        clock.advance(60_000);
        assertThat(drain(t, acked)).isEmpty();
        TestFiles.append(p, "o\n");
        assertThat(drain(t, acked)).containsExactly("two");
    }

    @Test
    void halfWrittenLineAtCrashIsResumedFromItsStart() throws IOException {
        Path p = TestFiles.append(root.resolve("a.log"), "one\nhal");
        AckedPositions acked = new AckedPositions();
        assertThat(drain(tailer(acked), acked)).containsExactly("one");
        assertThat(acked.all().values().iterator().next().pos()).isEqualTo(4);
        TestFiles.append(p, "f\n");
        assertThat(drain(tailer(acked), acked)).containsExactly("half");
    }

    @Test
    void resumesAfterRestartWithoutLossOrRepeat() throws IOException {
        Path p = root.resolve("a.log");
        TestFiles.lines(p, "l", 0, 100);
        AckedPositions acked = new AckedPositions();
        assertThat(drain(tailer(acked), acked)).isEqualTo(numbered("l", 0, 100));
        TestFiles.lines(p, "l", 100, 50);
        assertThat(drain(tailer(acked), acked)).isEqualTo(numbered("l", 100, 50));
    }

    @Test
    void resumesAfterRotationWhileStopped() throws IOException {
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "old", 0, 10);
        AckedPositions acked = new AckedPositions();
        assertThat(drain(tailer(acked), acked)).hasSize(10);
        // while stopped: the writer appends, rotates by rename, and writes to a new file
        TestFiles.lines(p, "old", 10, 5);
        Files.move(p, root.resolve("app.1.log"));
        TestFiles.lines(p, "new", 0, 7);
        List<String> got = drain(tailer(acked), acked);
        assertThat(got).containsExactlyInAnyOrderElementsOf(concat(numbered("old", 10, 5), numbered("new", 0, 7)));
    }

    @Test
    void renameRotationWhileRunningFinishesTheOldFileOutOfThePattern() throws IOException {
        includes = List.of("app.log");
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "a", 0, 3);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).hasSize(3);
        TestFiles.lines(p, "a", 3, 2); // written just before rotation, not read yet
        Files.move(p, root.resolve("app.log.1"));
        TestFiles.lines(p, "b", 0, 2);
        assertThat(drain(t, acked))
                .containsExactlyInAnyOrderElementsOf(concat(numbered("a", 3, 2), numbered("b", 0, 2)));
        clock.advance(5_000);
        drain(t, acked);
        assertThat(t.openFiles()).isEqualTo(1); // the rotated file was released
    }

    @Test
    void rotatedOutOfPatternWhileStoppedIsReportedLost() throws IOException {
        includes = List.of("app.log");
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "a", 0, 3);
        AckedPositions acked = new AckedPositions();
        drain(tailer(acked), acked);
        TestFiles.lines(p, "a", 3, 2);
        Files.move(p, root.resolve("app.log.1"));
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).isEmpty();
        assertThat(t.missingAtStart()).hasSize(1);
        assertThat(t.missingAtStart().get(0).path()).endsWith("app.log");
        assertThat(t.lostLines()).singleElement().satisfies(l -> {
            assertThat(l.path()).endsWith("app.log");
            assertThat(l.unreadBytes()).isEqualTo(2 * "a-3\n".length());
        });
    }

    @Test
    void rotatedOutOfPatternWhileStoppedAfterEverythingWasDeliveredIsNoLoss() throws IOException {
        includes = List.of("app.log");
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "a", 0, 3);
        AckedPositions acked = new AckedPositions();
        drain(tailer(acked), acked);
        Files.move(p, root.resolve("app.log.1"));
        for (int restart = 0; restart < 3; restart++) {
            Tailer t = tailer(acked);
            assertThat(drain(t, acked)).isEmpty();
            assertThat(t.missingAtStart()).hasSize(1);
            assertThat(t.lostLines()).isEmpty();
        }
    }

    @Test
    void aStalePositionBehindWhatWasDeliveredIsNoLossOnceTheNewerOneIsKnown() throws IOException {
        includes = List.of("app.log");
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "a", 0, 3);
        AckedPositions acked = new AckedPositions();
        drain(tailer(acked), acked);
        Files.move(p, root.resolve("app.log.1"));
        StoredPosition delivered = acked.all().values().iterator().next();
        AckedPositions stale = new AckedPositions();
        stale.put(new StoredPosition(delivered.fileId(), 4, 1, null, null, delivered.path()));
        Tailer behind = tailer(stale);
        drain(behind, stale);
        assertThat(behind.lostLines())
                .singleElement()
                .extracting(LostLines::pos)
                .isEqualTo(4L);
        Tailer current = tailer(acked);
        drain(current, acked);
        assertThat(current.lostLines()).isEmpty();
    }

    @Test
    void aClosedFileThatLeavesWithUnreadBytesWhileRunningIsReportedLost() throws IOException {
        includes = List.of("app.log");
        options = options.toBuilder().closeInactive(Duration.ofSeconds(1)).build();
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "a", 0, 3);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).hasSize(3);
        assertThat(t.openFiles()).isZero(); // closed as inactive
        TestFiles.lines(p, "a", 3, 2);
        Files.move(p, root.resolve("app.log.1")); // before a rescan saw it grow
        assertThat(drain(t, acked)).isEmpty();
        assertThat(t.lostLines()).singleElement().satisfies(l -> {
            assertThat(l.pos()).isEqualTo(3 * "a-0\n".length());
            assertThat(l.unreadBytes()).isEqualTo(2 * "a-3\n".length());
        });
    }

    @Test
    void aClosedFileThatLeavesReadToItsEndWhileRunningIsNoLoss() throws IOException {
        includes = List.of("app.log");
        options = options.toBuilder().closeInactive(Duration.ofSeconds(1)).build();
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "a", 0, 3);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).hasSize(3);
        assertThat(t.openFiles()).isZero();
        Files.move(p, root.resolve("app.log.1"));
        assertThat(drain(t, acked)).isEmpty();
        assertThat(t.lostLines()).isEmpty();
    }

    @Test
    void anOpenFileThatLeavesWhileRunningIsReadToItsEndAndIsNoLoss() throws IOException {
        includes = List.of("app.log");
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "a", 0, 3);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).hasSize(3);
        TestFiles.lines(p, "a", 3, 2);
        Files.move(p, root.resolve("app.log.1"));
        assertThat(drain(t, acked)).containsExactly("a-3", "a-4");
        assertThat(t.lostLines()).isEmpty();
    }

    @Test
    void copytruncateIsNotReadTwice() throws IOException {
        includes = List.of("app.log*");
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "c", 0, 20);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).hasSize(20);
        TestFiles.lines(p, "c", 20, 3);
        Files.copy(p, root.resolve("app.log.1"), StandardCopyOption.COPY_ATTRIBUTES);
        TestFiles.truncate(p, 0);
        TestFiles.lines(p, "d", 0, 4);
        assertThat(drain(t, acked))
                .containsExactlyInAnyOrderElementsOf(concat(numbered("c", 20, 3), numbered("d", 0, 4)));
        assertThat(t.stats().copies()).isEqualTo(1);
        assertThat(t.stats().truncations()).isEqualTo(1);
    }

    @Test
    void skippedLinesAndTheAgeOfUnreadBytesAreCounted() throws IOException {
        options = options.toBuilder()
                .maxLineBytes(16)
                .overflow(OverflowAction.SKIP)
                .build();
        Path p = root.resolve("app.log");
        Files.writeString(p, "short\n" + "x".repeat(40) + "\n" + "after\n");
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).containsExactly("short", "after");
        assertThat(t.stats().linesSkipped()).isEqualTo(1);
        assertThat(t.stats().behindForMillis()).isZero();

        TestFiles.lines(p, "backlog", 0, 50_000); // far more than one read buffer
        t.requestScan();
        clock.advance(600);
        assertThat(t.poll(1, 1 << 20)).hasSize(1);
        long behind = t.stats().bytesBehind();
        assertThat(behind).isPositive().isEqualTo(t.stats().maxBytesBehind());
        clock.advance(5_000);
        assertThat(t.poll(1, 1 << 20)).hasSize(1);
        assertThat(t.stats().behindForMillis()).isEqualTo(5_000);
    }

    @Test
    void copytruncateWhileStoppedIsNotReadTwice() throws IOException {
        includes = List.of("app.log*");
        Path p = root.resolve("app.log");
        TestFiles.lines(p, "c", 0, 20);
        AckedPositions acked = new AckedPositions();
        drain(tailer(acked), acked);
        TestFiles.lines(p, "c", 20, 3);
        Files.copy(p, root.resolve("app.log.1"));
        TestFiles.truncate(p, 0);
        TestFiles.lines(p, "d", 0, 4);
        assertThat(drain(tailer(acked), acked))
                .containsExactlyInAnyOrderElementsOf(concat(numbered("c", 20, 3), numbered("d", 0, 4)));
    }

    @Test
    void truncationWhileRunningRestartsFromZero() throws IOException {
        Path p = root.resolve("a.log");
        TestFiles.lines(p, "x", 0, 10);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        drain(t, acked);
        TestFiles.truncate(p, 0);
        TestFiles.lines(p, "y", 0, 3);
        assertThat(drain(t, acked)).isEqualTo(numbered("y", 0, 3));
    }

    @Test
    void truncateAndRewritePastTheOffsetWhileStoppedIsReadFromZero() throws IOException {
        Path p = root.resolve("a.log");
        TestFiles.append(p, "header\n");
        TestFiles.lines(p, "x", 0, 5);
        AckedPositions acked = new AckedPositions();
        drain(tailer(acked), acked);
        long oldPos = acked.all().values().iterator().next().pos();
        TestFiles.truncate(p, 0);
        TestFiles.append(p, "header\n"); // same first line: same file id
        TestFiles.lines(p, "rewritten", 0, 10);
        assertThat(Files.size(p)).isGreaterThan(oldPos);
        List<String> got = drain(tailer(acked), acked);
        assertThat(got).isEqualTo(concat(List.of("header"), numbered("rewritten", 0, 10)));
    }

    @Test
    void truncateAndRewritePastTheOffsetWhileIdleIsReadFromZero() throws IOException {
        Path p = root.resolve("a.log");
        TestFiles.append(p, "header\n");
        TestFiles.lines(p, "x", 0, 5);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        drain(t, acked);
        long oldSize = Files.size(p);
        // rewrite between two polls so the tailer never sees the file shorter
        TestFiles.truncate(p, 0);
        TestFiles.append(p, "header\n");
        TestFiles.lines(p, "rewritten", 0, 10);
        assertThat(Files.size(p)).isGreaterThan(oldSize);
        assertThat(drain(t, acked)).isEqualTo(concat(List.of("header"), numbered("rewritten", 0, 10)));
    }

    @Test
    void inodeReuseStartsFromZero() throws IOException {
        // A new file on a reused inode is, to the tailer, a closed file whose device+inode now holds
        // other bytes: rewrite the same inode while the tailer has it closed as idle.
        Path p = root.resolve("a.log");
        TestFiles.lines(p, "first-file", 0, 5);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        drain(t, acked);
        clock.advance(61_000);
        t.poll(10, 1 << 20);
        assertThat(t.openFiles()).isZero();
        TestFiles.truncate(p, 0);
        TestFiles.lines(p, "second-file", 0, 8);
        assertThat(drain(t, acked)).isEqualTo(numbered("second-file", 0, 8));
    }

    @Test
    void inodeReuseWhileStoppedStartsFromZeroEvenWithTheSameFirstLine() throws IOException {
        Path p = root.resolve("a.log");
        TestFiles.append(p, "#banner\n");
        TestFiles.lines(p, "new", 0, 3);
        FileKey key = FileKey.of(p);
        // the store holds a position of an older file that had this inode and the same first line
        byte[] head = "#banner\n".getBytes(StandardCharsets.UTF_8);
        String id = new FileIdentity(key, Hash64.of(head)).id();
        AckedPositions acked = new AckedPositions();
        acked.put(new StoredPosition(id, 20, 2, new Fingerprint(30, 12345L), new CheckHash(20, 678L), "/old/a.log"));
        assertThat(drain(tailer(acked), acked)).isEqualTo(concat(List.of("#banner"), numbered("new", 0, 3)));
    }

    @Test
    void identicalHeadersAreTwoFiles() throws IOException {
        TestFiles.append(root.resolve("a.log"), "id,name\n1,a\n");
        TestFiles.append(root.resolve("b.log"), "id,name\n1,a\n");
        AckedPositions acked = new AckedPositions();
        List<String> got = drain(tailer(acked), acked);
        assertThat(got).containsExactlyInAnyOrder("id,name", "1,a", "id,name", "1,a");
        assertThat(acked.all()).hasSize(2);
    }

    @Test
    void fileWithTheSameHeaderAsAReadFileIsReadWhole() throws IOException {
        TestFiles.append(root.resolve("a.log"), "id,name\n");
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).containsExactly("id,name");
        TestFiles.append(root.resolve("b.log"), "id,name\n2,b\n");
        assertThat(drain(t, acked)).containsExactly("id,name", "2,b");
    }

    @Test
    void deletedOpenFileIsReadToItsEndThenReleased() throws IOException {
        Path p = root.resolve("a.log");
        TestFiles.lines(p, "d", 0, 2);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        drain(t, acked);
        TestFiles.lines(p, "d", 2, 3);
        try (var keep = java.nio.channels.FileChannel.open(p)) {
            Files.delete(p);
            assertThat(drain(t, acked)).isEqualTo(numbered("d", 2, 3));
            clock.advance(3_000);
            drain(t, acked);
            assertThat(t.openFiles()).isZero();
        }
    }

    @Test
    void rotatedFilesHalfLineIsEmittedAfterTheTimeout() throws IOException {
        options = options.toBuilder()
                .closeInactive(Duration.ofSeconds(600))
                .partialLineTimeout(Duration.ofSeconds(30))
                .stateTtl(Duration.ofHours(1))
                .build();
        includes = List.of("app.log");
        Path p = root.resolve("app.log");
        TestFiles.append(p, "complete\nno newline at all");
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).containsExactly("complete");
        clock.advance(60_000); // long idle before the rotation: the timeout runs from the rotation
        Files.move(p, root.resolve("app.log.1"));
        assertThat(drain(t, acked)).isEmpty();
        clock.advance(30_000);
        assertThat(drain(t, acked)).containsExactly("no newline at all");
    }

    @Test
    void openFilesAreBounded() throws IOException {
        options = options.toBuilder().maxOpenFiles(5).build();
        for (int i = 0; i < 40; i++) {
            TestFiles.lines(root.resolve("f" + i + ".log"), "f" + i, 0, 3);
        }
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        List<String> got = new ArrayList<>();
        for (int round = 0; round < 60; round++) {
            clock.advance(200);
            t.requestScan();
            List<TailEvent> ev = t.poll(7, 1 << 20);
            acked.ackAll(ev);
            ev.forEach(e -> got.add(new String(e.line().content(), StandardCharsets.UTF_8)));
            assertThat(t.openFiles()).isLessThanOrEqualTo(5);
        }
        assertThat(got).hasSize(120).doesNotHaveDuplicates();
    }

    @Test
    void idleFilesAreClosedAndReopenedWhenTheyGrow() throws IOException {
        Path p = root.resolve("a.log");
        TestFiles.lines(p, "i", 0, 2);
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        drain(t, acked);
        assertThat(t.openFiles()).isEqualTo(1);
        clock.advance(61_000);
        t.poll(10, 1 << 20);
        assertThat(t.openFiles()).isZero();
        TestFiles.lines(p, "i", 2, 2);
        assertThat(drain(t, acked)).isEqualTo(numbered("i", 2, 2));
    }

    @Test
    void idleFilesAreNotReopenedOrFingerprintedOnRescans() throws IOException {
        for (int i = 0; i < 20; i++) {
            TestFiles.lines(root.resolve("f" + i + ".log"), "f", 0, 2);
        }
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        drain(t, acked);
        clock.advance(61_000);
        t.poll(10, 1 << 20);
        long opens = t.opens();
        for (int i = 0; i < 10; i++) {
            t.requestScan();
            clock.advance(1000);
            t.poll(10, 1 << 20);
        }
        assertThat(t.opens()).isEqualTo(opens);
        assertThat(t.openFiles()).isZero();
    }

    @Test
    void startAtEndSkipsExistingLinesButReadsLaterOnes() throws IOException {
        options = options.toBuilder().startPosition(StartPosition.END).build();
        Path p = root.resolve("a.log");
        TestFiles.append(p, "old-1\nold-2\nhalf");
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        assertThat(drain(t, acked)).isEmpty();
        TestFiles.append(p, "-done\nnew\n");
        TestFiles.append(root.resolve("later.log"), "from a file created later\n");
        assertThat(drain(t, acked)).containsExactlyInAnyOrder("half-done", "new", "from a file created later");
    }

    @Test
    void filesOlderThanTheLimitAreIgnored() throws IOException {
        options = options.toBuilder().ignoreOlder(Duration.ofHours(1)).build();
        Path old = TestFiles.append(root.resolve("old.log"), "old\n");
        Files.setLastModifiedTime(
                old, FileTime.fromMillis(clock.getAsLong() - Duration.ofHours(2).toMillis()));
        Path fresh = TestFiles.append(root.resolve("fresh.log"), "fresh\n");
        Files.setLastModifiedTime(fresh, FileTime.fromMillis(clock.getAsLong()));
        AckedPositions acked = new AckedPositions();
        assertThat(drain(tailer(acked), acked)).containsExactly("fresh");
    }

    @Test
    void stateOfAFileGoneForTheTtlExpires() throws IOException {
        Path p = TestFiles.append(root.resolve("a.log"), "x\n");
        AckedPositions acked = new AckedPositions();
        Tailer t = tailer(acked);
        drain(t, acked);
        String id = acked.all().keySet().iterator().next();
        Files.delete(p);
        drain(t, acked);
        assertThat(t.drainExpired()).isEmpty();
        clock.advance(Duration.ofHours(1).toMillis());
        t.poll(1, 1);
        assertThat(t.drainExpired()).containsExactly(id);
        assertThat(t.trackedFiles()).isZero();
    }

    @Test
    void multilineCheckpointsOnlyAtEventBoundaries() throws IOException {
        options = options.toBuilder()
                .multiline(new MultilineRule(Pattern.compile("^\\S"), false, 100, Duration.ofSeconds(10)))
                .build();
        Path p = root.resolve("m.log");
        TestFiles.append(p, "E1\n  a\n  b\nE2\n  c\n");
        AckedPositions acked = new AckedPositions();
        List<String> got = drain(tailer(acked), acked);
        assertThat(got).containsExactly("E1\n  a\n  b");
        assertThat(acked.all().values().iterator().next().pos()).isEqualTo(11); // start of E2
        // crash: E2 is rebuilt whole by the next tailer, and completed by E3
        TestFiles.append(p, "  d\nE3\n");
        assertThat(drain(tailer(acked), acked)).containsExactly("E2\n  c\n  d");
    }

    @Test
    void multilineTimeoutFlushesTheLastEvent() throws IOException {
        options = options.toBuilder()
                .multiline(new MultilineRule(Pattern.compile("^\\S"), false, 100, Duration.ofMillis(500)))
                .build();
        TestFiles.append(root.resolve("m.log"), "E1\n  a\n");
        AckedPositions acked = new AckedPositions();
        assertThat(drain(tailer(acked), acked)).containsExactly("E1\n  a");
    }

    @Test
    void bomFileResumesWithoutDrift() throws IOException {
        Path p = root.resolve("bom.log");
        TestFiles.append(p, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        TestFiles.append(p, "é1\n");
        AckedPositions acked = new AckedPositions();
        assertThat(drain(tailer(acked), acked)).containsExactly("é1");
        TestFiles.append(p, "é2\n");
        assertThat(drain(tailer(acked), acked)).containsExactly("é2");
    }

    @Test
    void eachFileIsTailedByExactlyOneTask() throws IOException {
        for (int i = 0; i < 12; i++) {
            TestFiles.lines(root.resolve("f" + i + ".log"), "f" + i, 0, 2);
        }
        List<String> all = new ArrayList<>();
        for (int task = 0; task < 3; task++) {
            AckedPositions acked = new AckedPositions();
            all.addAll(drain(tailer(acked, new TaskAssignment(task, 3)), acked));
        }
        assertThat(all).hasSize(24).doesNotHaveDuplicates();
    }

    @Test
    void watchServiceWakesTheTailerForNewFiles() throws Exception {
        RootScanner scanner = watchedScanner();
        try (Tailer t = new Tailer(
                options,
                scanner,
                TaskAssignment.single(),
                new AckedPositions(),
                DirectoryWatcher.create(),
                System::currentTimeMillis)) {
            assertThat(t.poll(10, 1 << 20)).isEmpty();
            TestFiles.append(root.resolve("n.log"), "hello\n");
            List<TailEvent> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                t.awaitActivity(200);
                got.addAll(t.poll(10, 1 << 20));
            }
            // the rescan interval is an hour: only the watch event can have found it
            assertThat(got).hasSize(1);
        }
    }

    @Test
    void firstLinesOfANewlyWrittenFileAreReadWithoutWaitingForARescan() throws Exception {
        RootScanner scanner = watchedScanner();
        Path p = root.resolve("fresh.log");
        Files.createFile(p); // empty: tracked but closed, no identity yet
        try (Tailer t = new Tailer(
                options, scanner, TaskAssignment.single(), new AckedPositions(), DirectoryWatcher.create(), clock)) {
            assertThat(t.poll(10, 1 << 20)).isEmpty();
            clock.advance(200); // past the scan gap for created files, far below the 1 s gap for written ones
            t.awaitActivity(0);
            assertThat(t.poll(10, 1 << 20)).isEmpty();
            TestFiles.append(p, "first\n");
            List<TailEvent> got = new ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (got.isEmpty() && System.nanoTime() < deadline) {
                t.awaitActivity(200); // the test clock stands still: no rescan is ever due
                got.addAll(t.poll(10, 1 << 20));
            }
            assertThat(got)
                    .extracting(e -> new String(e.line().content(), StandardCharsets.UTF_8))
                    .containsExactly("first");
        }
    }

    @Test
    void idleOpenFilesAreNotCheckedOnEveryPollButAReportedWriteIsReadAtOnce() throws Exception {
        RootScanner scanner = watchedScanner();
        for (int i = 0; i < 8; i++) { // fewer than the 10 files these options keep open
            TestFiles.lines(root.resolve("f" + i + ".log"), "f" + i, 0, 1);
        }
        try (Tailer t = new Tailer(
                options, scanner, TaskAssignment.single(), new AckedPositions(), DirectoryWatcher.create(), clock)) {
            assertThat(t.poll(100, 1 << 20)).hasSize(8);
            assertThat(t.openFiles()).isEqualTo(8);
            t.awaitActivity(50);
            t.poll(100, 1 << 20);
            long checks = t.sizeChecks();
            for (int i = 0; i < 10; i++) { // the test clock stands still: within the re-check interval
                t.awaitActivity(0);
                assertThat(t.poll(100, 1 << 20)).isEmpty();
            }
            assertThat(t.sizeChecks()).isEqualTo(checks); // 8 open, idle files, no fstat
            TestFiles.append(root.resolve("f7.log"), "late\n");
            List<TailEvent> got = new ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (got.isEmpty() && System.nanoTime() < deadline) {
                t.awaitActivity(200);
                got.addAll(t.poll(100, 1 << 20));
            }
            assertThat(got)
                    .extracting(e -> new String(e.line().content(), StandardCharsets.UTF_8))
                    .containsExactly("late");
            assertThat(t.sizeChecks() - checks).isLessThanOrEqualTo(2); // only the written file
            clock.advance(Tailer.IDLE_RECHECK_MS);
            t.poll(100, 1 << 20);
            assertThat(t.sizeChecks() - checks).isGreaterThanOrEqualTo(8); // the periodic re-check still runs
        }
    }

    /** A scanner of the root, and options whose rescan interval is an hour: only watch events find changes. */
    private RootScanner watchedScanner() {
        options = options.toBuilder()
                .multiline(null)
                .startPosition(StartPosition.BEGINNING)
                .ignoreOlder(Duration.ZERO)
                .closeInactive(Duration.ofMinutes(1))
                .maxOpenFiles(10)
                .partialLineTimeout(Duration.ofSeconds(1))
                .rescanInterval(Duration.ofHours(1))
                .stateTtl(Duration.ofHours(1))
                .detectCopies(true)
                .readBufferBytes(65536)
                .build();
        return new RootScanner(List.of(root), new PathFilter(includes, List.of()), true);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
