/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.filesource.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootScannerTest {

    @TempDir
    Path tmp;

    private static List<String> names(List<FileStat> stats, Path root) {
        return stats.stream()
                .map(s -> root.relativize(s.path()).toString())
                .sorted()
                .toList();
    }

    @Test
    void findsIncludedFilesAtAnyDepthAndSkipsExcluded() {
        Path root = tmp.resolve("root");
        TestFiles.append(root.resolve("a.log"), "a\n");
        TestFiles.append(root.resolve("sub/deep/b.log"), "b\n");
        TestFiles.append(root.resolve("sub/c.txt"), "c\n");
        TestFiles.append(root.resolve("a.log.1.gz"), "z");
        RootScanner s = new RootScanner(List.of(root), new PathFilter(List.of("**/*.log*"), List.of("**/*.gz")), true);
        List<FileStat> found = s.scan(d -> {});
        assertThat(names(found, root)).containsExactly("a.log", "sub/deep/b.log");
        FileStat a = found.stream()
                .filter(f -> f.path().endsWith("a.log"))
                .findFirst()
                .orElseThrow();
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.key().ino()).isPositive();
    }

    @Test
    void symlinksAreFollowedOnlyInsideTheRoots() throws IOException {
        Path root = tmp.resolve("root");
        Path outside = tmp.resolve("outside");
        TestFiles.append(root.resolve("real/in.log"), "in\n");
        TestFiles.append(outside.resolve("secret.log"), "s\n");
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("real"));
        Files.createSymbolicLink(root.resolve("link-out"), outside);
        Files.createSymbolicLink(root.resolve("out.log"), outside.resolve("secret.log"));
        RootScanner s = new RootScanner(List.of(root), new PathFilter(List.of("**/*.log"), List.of()), true);
        List<FileStat> found = s.scan(d -> {});
        // in.log reachable twice (directly and through link-in) is reported once; nothing outside
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path().toString()).endsWith("in.log");
    }

    @Test
    void symlinkLoopsTerminate() throws IOException {
        Path root = tmp.resolve("root");
        TestFiles.append(root.resolve("d/x.log"), "x\n");
        Files.createSymbolicLink(root.resolve("d/loop"), root.resolve("d"));
        RootScanner s = new RootScanner(List.of(root), new PathFilter(List.of("**/*.log"), List.of()), true);
        assertThat(s.scan(d -> {})).hasSize(1);
    }

    @Test
    void everyWalkedDirectoryIsReportedForWatching() {
        Path root = tmp.resolve("root");
        TestFiles.append(root.resolve("a/b/c.log"), "c\n");
        RootScanner s = new RootScanner(List.of(root), new PathFilter(List.of("**/*.log"), List.of()), true);
        List<Path> dirs = new ArrayList<>();
        s.scan(dirs::add);
        assertThat(dirs).containsExactly(root, root.resolve("a"), root.resolve("a/b"));
    }

    @Test
    void watcherSignalsCreatedFiles() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("w"));
        try (DirectoryWatcher w = DirectoryWatcher.create()) {
            w.watch(root);
            assertThat(w.await(50).changed()).isFalse();
            TestFiles.append(root.resolve("new.log"), "n\n");
            DirectoryWatcher.Signal s = w.await(5000);
            assertThat(s.changed() || s.written()).isTrue();
        }
    }

    @Test
    void aMissingRootIsReportedOnceAndItsAppearanceToo() {
        Path root = tmp.resolve("not-yet");
        Path other = tmp.resolve("present");
        TestFiles.append(other.resolve("o.log"), "o\n");
        RootScanner s = new RootScanner(List.of(root, other), new PathFilter(List.of("**/*.log"), List.of()), true);

        for (int i = 0; i < 3; i++) {
            assertThat(names(s.scan(d -> {}), other)).containsExactly("o.log");
        }
        assertThat(s.missingRoots()).containsExactly(root);
        assertThat(s.missingRootWarnings()).isEqualTo(1);
        assertThat(s.rootAppearances()).isZero();

        TestFiles.append(root.resolve("a.log"), "a\n");
        assertThat(s.scan(d -> {})).hasSize(2);
        s.scan(d -> {});
        assertThat(s.missingRoots()).isEmpty();
        assertThat(s.rootAppearances()).isEqualTo(1);
        assertThat(s.missingRootWarnings()).isEqualTo(1);
    }

    @Test
    void aRootThatIsAFileCountsAsMissing() {
        Path root = TestFiles.append(tmp.resolve("file-not-dir"), "x\n");
        RootScanner s = new RootScanner(List.of(root), new PathFilter(List.of("**"), List.of()), true);
        assertThat(s.scan(d -> {})).isEmpty();
        assertThat(s.missingRoots()).containsExactly(root);
    }
}
