/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotCacheTest {

    @TempDir
    Path dir;

    private Path admit(HotCache cache, String key, int size) throws IOException {
        Path download = cache.downloadTarget(key);
        Files.write(download, new byte[size]);
        return cache.admit(key, download);
    }

    @Test
    void evictsTheLeastRecentlyUsedChunksToStayWithinItsQuota() throws IOException {
        HotCache cache = new HotCache(dir, 3000);
        admit(cache, "a", 1000);
        admit(cache, "b", 1000);
        admit(cache, "c", 1000);
        assertThat(cache.lookup("a")).isPresent(); // a is now the most recently used
        admit(cache, "d", 1500);

        assertThat(cache.usedBytes()).isLessThanOrEqualTo(3000).isEqualTo(2500);
        assertThat(cache.lookup("b")).isEmpty();
        assertThat(cache.lookup("c")).isEmpty();
        assertThat(cache.lookup("a")).isPresent();
        assertThat(cache.lookup("d")).isPresent();
        assertThat(cache.evictions()).isEqualTo(2);
        assertThat(Files.list(dir).count()).as("files on disk").isEqualTo(2);
    }

    @Test
    void aRestartedCacheFindsItsChunksWithinTheQuotaAndDropsBrokenDownloads() throws IOException {
        HotCache first = new HotCache(dir, 10_000);
        admit(first, "a", 1000);
        admit(first, "b", 2000);
        Files.write(first.downloadTarget("c"), new byte[10]); // a download a crash broke off

        HotCache second = new HotCache(dir, 10_000);
        assertThat(second.chunks()).isEqualTo(2);
        assertThat(second.usedBytes()).isEqualTo(3000);
        assertThat(second.lookup("a")).isPresent();
        assertThat(Files.list(dir).count()).isEqualTo(2);

        HotCache smaller = new HotCache(dir, 2500);
        assertThat(smaller.usedBytes()).isLessThanOrEqualTo(2500);
        assertThat(smaller.chunks()).isEqualTo(1);
    }

    @Test
    void aChunkLargerThanTheQuotaIsStillAdmittedAndEvictsTheRest() throws IOException {
        HotCache cache = new HotCache(dir, 1000);
        admit(cache, "a", 800);
        admit(cache, "huge", 5000);
        assertThat(cache.lookup("huge")).isPresent();
        assertThat(cache.lookup("a")).isEmpty();
        assertThat(cache.chunks()).isEqualTo(1);
    }
}
