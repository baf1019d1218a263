/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.config.StoreAddress;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.StoreHolderMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task's local store is its durability boundary: a directory another process holds fails the
 * task start, naming the holder; one held inside this JVM (another copy of the plugin, closing) is
 * waited for, for a bounded time. Never a silent in-memory store.
 */
class SinkTaskStoreLockTest {

    @TempDir
    Path tmp;

    @Test
    void taskStartFailsNamingTheProcessThatHoldsItsLocalStore() throws Exception {
        Map<String, String> props = props();
        S3CheckpointSinkConfig config = new S3CheckpointSinkConfig(props);
        StoreAddress address = taskStore(config);
        Files.createDirectories(address.directory());
        Path stderr = tmp.resolve("holder-stderr.txt");
        Process holder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StoreHolderMain.class.getName(),
                        address.directory().toString(),
                        address.identity().owner(),
                        Integer.toString(address.identity().schemeVersion())))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .start();
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertThat(ready).as(() -> readQuietly(stderr)).startsWith("READY ");
            String pid = ready.substring("READY ".length());

            assertThatThrownBy(() -> task.start(props))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining(address.directory().toString())
                    .hasMessageContaining("held by another process (pid " + pid + " on ")
                    .hasMessageContaining("give each worker its own")
                    .hasMessageContaining("checkpoint.store.dir");
        } finally {
            task.stop();
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.toHandle().destroyForcibly();
            }
        }
    }

    @Test
    void waitsForAStoreHeldInsideThisJvmAndOpensTheRealStoreOnceItIsReleased() throws Exception {
        S3CheckpointSinkConfig config = new S3CheckpointSinkConfig(props());
        StoreAddress address = taskStore(config);
        FileLock lock = lockInThisJvm(address.directory());
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            sleep(700);
            closeQuietly(lock);
        });
        long t0 = System.nanoTime();
        try (CheckpointStore store = SinkTaskFactory.openStore(config, address, Duration.ofSeconds(20))) {
            assertThat(store).isInstanceOf(LmdbCheckpointStore.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                    .as("waited for the lock")
                    .isGreaterThanOrEqualTo(500);
        } finally {
            release.join();
        }
    }

    @Test
    void failsWhenAStoreHeldInsideThisJvmIsNotReleasedInTime() throws Exception {
        S3CheckpointSinkConfig config = new S3CheckpointSinkConfig(props());
        StoreAddress address = taskStore(config);
        FileLock lock = lockInThisJvm(address.directory());
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> SinkTaskFactory.openStore(config, address, Duration.ofMillis(600)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining(address.directory().toString())
                    .hasMessageContaining("still held inside this worker")
                    .hasMessageContaining("plugin.path");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(500L, 10_000L);
        } finally {
            closeQuietly(lock);
        }
    }

    private Map<String, String> props() {
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", "orders");
        m.put("s3.bucket.name", "lock-test");
        // never contacted: the store is opened before anything talks to S3
        m.put("s3.endpoint", "http://127.0.0.1:9");
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", "AK");
        m.put("aws.secret.access.key", "SK");
        m.put("checkpoint.store.dir", tmp.resolve("state").toString());
        return m;
    }

    private static StoreAddress taskStore(S3CheckpointSinkConfig config) {
        return config.checkpointStore().taskStore(SinkTaskFactory.PLUGIN, "sink", 0, SinkTaskFactory.SCHEME_VERSION);
    }

    /** What another class loader's store holds: a lock on the store's lock file, taken in this JVM. */
    private static FileLock lockInThisJvm(Path dir) throws Exception {
        Files.createDirectories(dir);
        FileChannel ch =
                FileChannel.open(dir.resolve("tidemark.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return ch.lock();
    }

    private static void closeQuietly(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (Exception ignored) {
            // test cleanup
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
