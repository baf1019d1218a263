/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.Durability;
import io.tidemark.store.ForeignStoreException;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;

/** What the LMDB store does beyond the shared contract. */
class LmdbStoreBehaviourTest {

    private static final StoreIdentity ID = new StoreIdentity("lmdb-test", 1);

    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void worksWithoutAddOpensFlags() {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertThat(jvmArgs).noneMatch(a -> a.contains("add-opens"));
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(tmp.resolve("s"), ID)) {
            s.put("k", utf8("v"));
            assertThat(str(s.get("k").orElseThrow())).isEqualTo("v");
        }
    }

    @Test
    void secondOpenInTheSameJvmSharesTheEnvironment() throws Exception {
        int before = SharedEnv.openCount();
        Path dir = tmp.resolve("shared");
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(tmp.resolve("link"), dir);
        try (LmdbCheckpointStore a = LmdbCheckpointStore.open(dir, ID);
                LmdbCheckpointStore b = LmdbCheckpointStore.open(tmp.resolve("link/sub/.."), ID)) {
            assertThat(SharedEnv.openCount()).isEqualTo(before + 1);
            a.put("task-0/x", utf8("1"));
            b.put("task-1/x", utf8("2"));
            assertThat(a.scan("").keySet()).containsExactly("task-0/x", "task-1/x");
            assertThat(b.directory()).isEqualTo(a.directory());
            a.close();
            b.put("task-1/y", utf8("3"));
            assertThat(b.scan("task-1/")).hasSize(2);
        }
        assertThat(SharedEnv.openCount()).isEqualTo(before);
    }

    @Test
    void concurrentOpensOfOneDirectoryNeitherDeadlockNorLoseWrites() {
        Path dir = tmp.resolve("many");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int task = t;
                    done.add(pool.submit((Callable<Void>) () -> {
                        for (int round = 0; round < 20; round++) {
                            try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
                                s.put("task-" + task + "/" + round, utf8("r" + round));
                                assertThat(s.get("task-" + task + "/" + round)).isPresent();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        });
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
            assertThat(s.scan("")).hasSize(8 * 20);
        }
    }

    @Test
    void foreignIdentityFailsEvenWhileTheDirectoryIsOpen() {
        Path dir = tmp.resolve("owned");
        try (LmdbCheckpointStore mine = LmdbCheckpointStore.open(dir, ID)) {
            StoreIdentity other = new StoreIdentity("someone-else", 1);
            assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, other))
                    .isInstanceOf(ForeignStoreException.class)
                    .hasMessageContaining(ID.toString())
                    .hasMessageContaining(other.toString())
                    .hasMessageContaining(mine.directory().toString());
            mine.put("still", utf8("works"));
        }
    }

    @Test
    void differentDurabilityInTheSameJvmIsRefused() {
        Path dir = tmp.resolve("dur");
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
            assertThatThrownBy(() -> LmdbCheckpointStore.open(
                            dir, ID, LmdbStoreOptions.defaults().withDurability(Durability.SYNC_PERIODIC)))
                    .isInstanceOf(CheckpointStoreException.class)
                    .hasMessageContaining("SYNC_EACH_COMMIT")
                    .hasMessageContaining("SYNC_PERIODIC");
            s.put("a", utf8("1"));
        }
    }

    @Test
    void mapGrowsFromATinyInitialSizeAndKeepsEverything() {
        Path dir = tmp.resolve("grow");
        LmdbStoreOptions tiny = LmdbStoreOptions.defaults().withMapSize(64 * 1024, 256L << 20);
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID, tiny)) {
            long start = s.mapSize();
            for (int batch = 0; batch < 40; batch++) {
                WriteBatch b = WriteBatch.create();
                for (int i = 0; i < 100; i++) {
                    b.put(String.format("g/%02d/%03d", batch, i), new byte[1_000]);
                }
                s.commit(b);
            }
            assertThat(s.mapGrowths()).isPositive();
            assertThat(s.mapSize()).isGreaterThan(start).isGreaterThan(4_000_000L);
        }
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID, tiny)) {
            assertThat(s.scan("g/")).hasSize(4_000);
            s.put("g/after", new byte[10_000]);
        }
    }

    @Test
    void batchBeyondTheMaximumMapFailsWithAClearMessage() {
        Path dir = tmp.resolve("full");
        try (LmdbCheckpointStore s =
                LmdbCheckpointStore.open(dir, ID, LmdbStoreOptions.defaults().withMapSize(64 * 1024, 1L << 20))) {
            s.put("small", utf8("1"));
            assertThatThrownBy(() -> s.put("huge", new byte[2 << 20]))
                    .isInstanceOf(CheckpointStoreException.class)
                    .hasMessageContaining(s.directory().toString())
                    .hasMessageContaining("maxMapSize");
            assertThat(s.get("huge")).isEmpty();
            s.put("small", utf8("2"));
            assertThat(str(s.get("small").orElseThrow())).isEqualTo("2");
        }
    }

    @Test
    void periodicDurabilitySyncsInTheBackgroundAndOnClose() throws Exception {
        LmdbStoreOptions periodic = LmdbStoreOptions.defaults()
                .withDurability(Durability.SYNC_PERIODIC)
                .withSyncInterval(Duration.ofMillis(50));
        LmdbCheckpointStore s = LmdbCheckpointStore.open(tmp.resolve("periodic"), ID, periodic);
        s.put("a", utf8("1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (s.syncCount() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(s.syncCount()).isGreaterThanOrEqualTo(3);
        assertThat(s.durability()).isEqualTo(Durability.SYNC_PERIODIC);
        long beforeClose = s.syncCount();
        s.close();
        assertThat(s.syncCount()).isGreaterThan(beforeClose);
        try (LmdbCheckpointStore again = LmdbCheckpointStore.open(tmp.resolve("periodic"), ID, periodic)) {
            assertThat(str(again.get("a").orElseThrow())).isEqualTo("1");
        }
    }

    @Test
    void syncEachCommitRunsNoBackgroundSync() throws Exception {
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(
                tmp.resolve("each"), ID, LmdbStoreOptions.defaults().withSyncInterval(Duration.ofMillis(10)))) {
            s.put("a", utf8("1"));
            Thread.sleep(100);
            assertThat(s.syncCount()).isZero();
            s.sync();
            assertThat(s.syncCount()).isEqualTo(1);
        }
    }

    @Test
    void pathBelowARegularFileFailsNamingTheDirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Path dir = file.resolve("store");
        assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("writable directory");
    }

    @Test
    void unwritableDirectoryFailsNamingTheDirectory() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores file permissions");
        Path dir = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                    .isInstanceOf(CheckpointStoreException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("not writable");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void corruptDataFileFailsClearlyAndLeavesNothingOpen() throws Exception {
        int before = SharedEnv.openCount();
        Path dir = Files.createDirectories(tmp.resolve("corrupt"));
        byte[] garbage = new byte[16 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(dir.resolve("data.mdb"), garbage);
        assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining(dir.toRealPath().toString())
                .hasMessageContaining("not an LMDB database");
        assertThatThrownBy(() -> LmdbCheckpointStore.openReadOnly(dir))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("not an LMDB database");
        assertThat(SharedEnv.openCount()).isEqualTo(before);

        // The lock was released: once the operator moves the file away, the directory opens.
        Files.move(dir.resolve("data.mdb"), tmp.resolve("data.mdb.corrupt"));
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
            assertThat(s.scan("")).isEmpty();
        }
    }

    @Test
    void entriesWithoutAnIdentityRecordFailClosed() {
        Path dir = tmp.resolve("anonymous");
        dir.toFile().mkdirs();
        try (Env<byte[]> env =
                Env.create(ByteArrayProxy.PROXY_BA).setMapSize(1 << 20).open(dir.toFile())) {
            Dbi<byte[]> dbi = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
            dbi.put(utf8("offsets/a"), utf8("1"));
        }
        assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("no identity")
                .hasMessageContaining("fail closed");
    }

    @Test
    void corruptIdentityRecordFailsClosed() {
        Path dir = tmp.resolve("bad-identity");
        dir.toFile().mkdirs();
        try (Env<byte[]> env =
                Env.create(ByteArrayProxy.PROXY_BA).setMapSize(1 << 20).open(dir.toFile())) {
            Dbi<byte[]> dbi = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
            dbi.put(utf8(StoreIdentity.KEY), utf8("garbage-without-newline"));
        }
        assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(dir.toString());
    }

    @Test
    void readOnlyOpenSeesDataAndRefusesWrites() {
        Path dir = tmp.resolve("ro-open");
        assertThatThrownBy(() -> LmdbCheckpointStore.openReadOnly(dir))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("no checkpoint store");
        try (LmdbCheckpointStore w = LmdbCheckpointStore.open(dir, ID)) {
            w.put("a", utf8("1"));
            try (LmdbCheckpointStore r = LmdbCheckpointStore.openReadOnly(dir)) {
                assertThat(r.isReadOnly()).isTrue();
                assertThat(r.identity()).isEqualTo(ID);
                assertThat(str(r.get("a").orElseThrow())).isEqualTo("1");
                assertThatThrownBy(() -> r.put("b", utf8("2")))
                        .isInstanceOf(CheckpointStoreException.class)
                        .hasMessageContaining("read-only");
            }
            w.put("b", utf8("2"));
        }
        try (LmdbCheckpointStore r = LmdbCheckpointStore.openReadOnly(dir)) {
            assertThat(r.scan("").keySet()).containsExactly("a", "b");
            assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                    .isInstanceOf(CheckpointStoreException.class)
                    .hasMessageContaining("read-only");
        }
    }

    /**
     * A second process fails fast and is told who holds the store; reading from another process
     * keeps working, also after the writer grows the map.
     */
    @Test
    void anotherProcessHoldingTheStoreIsNamedAndReadsStillWork() throws Exception {
        Path dir = tmp.resolve("held");
        Process holder =
                ChildJvm.start(StoreHolderMain.class, tmp.resolve("holder-stderr.txt"), dir.toString(), ID.owner());
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(holder.getOutputStream(), StandardCharsets.UTF_8)) {
            String ready = out.readLine();
            assertThat(ready)
                    .as(Files.readString(tmp.resolve("holder-stderr.txt")))
                    .startsWith("READY ");
            String pid = ready.substring("READY ".length());
            in.write("put a 1\n");
            in.flush();
            assertThat(out.readLine()).startsWith("OK");

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                    .isInstanceOfSatisfying(StoreLockedException.class, e -> {
                        assertThat(e.holder()).contains("pid " + pid);
                        assertThat(e.getMessage()).contains(dir.toString()).contains("pid " + pid);
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                    .as("fails fast")
                    .isLessThan(2_000);

            try (LmdbCheckpointStore reader = LmdbCheckpointStore.openReadOnly(dir)) {
                assertThat(str(reader.get("a").orElseThrow())).isEqualTo("1");
                long mapBefore = reader.mapSize();
                in.write("grow 24\n");
                in.write("put b 2\n");
                in.flush();
                assertThat(out.readLine()).startsWith("OK");
                long grownTo = Long.parseLong(out.readLine().substring(3));
                assertThat(grownTo).isGreaterThan(mapBefore);
                assertThat(str(reader.get("b").orElseThrow())).isEqualTo("2");
                assertThat(reader.scan("ballast/")).hasSize(24);
            }
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.toHandle().destroyForcibly();
            }
        }
        assertThat(holder.exitValue()).isZero();
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
            assertThat(s.scan("").keySet()).contains("a", "b");
        }
    }

    @Test
    void lockHeldElsewhereInThisJvmIsReported() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("jvm-lock"));
        try (var ch = java.nio.channels.FileChannel.open(
                        dir.resolve(ProcessLock.FILE_NAME),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                var lock = ch.lock()) {
            assertThatThrownBy(() -> LmdbCheckpointStore.open(dir, ID))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("inside this JVM");
        }
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
            s.put("ok", utf8("1"));
        }
    }
}
