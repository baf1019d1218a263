/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.filesource.testing.TestFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityTest {

    @TempDir
    Path dir;

    private Optional<FileIdentity> identityOf(Path p, int fpBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return HeadProbe.identity(FileKey.of(p), ch, fpBytes, false);
        }
    }

    @Test
    void identityStaysStableAsTheFileGrows() throws IOException {
        Path p = TestFiles.append(dir.resolve("a.log"), "first line\n");
        FileIdentity small = identityOf(p, 1024).orElseThrow();
        TestFiles.lines(p, "more", 0, 1000);
        FileIdentity big = identityOf(p, 1024).orElseThrow();
        assertThat(big).isEqualTo(small);
        assertThat(big.id()).isEqualTo(small.id()).startsWith(FileKey.of(p).toString() + ":");
    }

    @Test
    void smallFileWithACompleteLineHasAnIdentityAtOnce() throws IOException {
        Path p = TestFiles.append(dir.resolve("tiny.log"), "x\n");
        assertThat(identityOf(p, 1024)).isPresent();
    }

    @Test
    void firstLineStillBeingWrittenHasNoIdentityYet() throws IOException {
        Path p = TestFiles.append(dir.resolve("half.log"), "no newline yet");
        assertThat(identityOf(p, 1024)).isEmpty();
        TestFiles.append(p, "\n");
        assertThat(identityOf(p, 1024)).isPresent();
    }

    @Test
    void emptyFileHasNoIdentity() throws IOException {
        Path p = TestFiles.append(dir.resolve("empty.log"), "");
        assertThat(identityOf(p, 1024)).isEmpty();
    }

    @Test
    void firstLineLongerThanTheFingerprintIsCappedAndStable() throws IOException {
        Path p = TestFiles.append(dir.resolve("long.log"), "a".repeat(100));
        assertThat(identityOf(p, 64)).isPresent();
        FileIdentity before = identityOf(p, 64).orElseThrow();
        TestFiles.append(p, "b".repeat(100) + "\n");
        assertThat(identityOf(p, 64)).contains(before);
    }

    @Test
    void identicalHeadersDifferByInode() throws IOException {
        Path a = TestFiles.append(dir.resolve("a.csv"), "id,name,value\n1,a,2\n");
        Path b = TestFiles.append(dir.resolve("b.csv"), "id,name,value\n9,z,8\n");
        FileIdentity ia = identityOf(a, 1024).orElseThrow();
        FileIdentity ib = identityOf(b, 1024).orElseThrow();
        assertThat(ia.headHash()).isEqualTo(ib.headHash());
        assertThat(ia.id()).isNotEqualTo(ib.id());
    }

    @Test
    void idRoundTripsAndRejectsGarbage() {
        FileIdentity id = new FileIdentity(new FileKey(2049, 1234567), 0xfeedfacecafebeefL);
        assertThat(FileIdentity.parse(id.id())).isEqualTo(id);
        assertThat(FileIdentity.isValidId("1:2:zz")).isFalse();
        assertThatThrownBy(() -> FileIdentity.parse("/var/log/app.log")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncateAndRewritePastTheOffsetFailsTheCheck() throws IOException {
        Path p = TestFiles.append(dir.resolve("t.log"), "header\nalpha-1\nalpha-2\n");
        long pos;
        Fingerprint fp;
        CheckHash check;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            pos = ch.size();
            fp = HeadProbe.fingerprint(ch, pos, 1024);
            check = HeadProbe.checkBefore(ch, pos, 64);
            assertThat(HeadProbe.verify(ch, pos, fp, check)).isTrue();
        }
        TestFiles.truncate(p, 0);
        TestFiles.append(p, "header\nbeta-111\nbeta-222\nbeta-333\n");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            assertThat(ch.size()).isGreaterThan(pos);
            assertThat(HeadProbe.verify(ch, pos, fp, check)).isFalse();
        }
    }

    @Test
    void positionBeyondTheEndDoesNotVerify() throws IOException {
        Path p = TestFiles.append(dir.resolve("s.log"), "abc\n");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            assertThat(HeadProbe.verify(ch, 10, null, null)).isFalse();
            assertThat(HeadProbe.verify(ch, 4, null, null)).isTrue();
        }
    }
}
