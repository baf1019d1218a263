/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {

    private static final StoreIdentity ID = new StoreIdentity("group-commit-test", 1);
    private static final Duration LONG = Duration.ofHours(1);

    private final List<GroupCommitter> committers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (GroupCommitter c : committers) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // a test left a failing store behind
            }
        }
    }

    private GroupCommitter start(CheckpointStore store, Duration interval, int maxPending) {
        GroupCommitter c = GroupCommitter.start(store, new GroupCommitter.Options(interval, maxPending));
        committers.add(c);
        return c;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] b(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static long l(byte[] v) {
        return ByteBuffer.wrap(v).getLong();
    }

    private static String s(Optional<byte[]> v) {
        return v.map(x -> new String(x, StandardCharsets.UTF_8)).orElse(null);
    }

    /** Records committed batches; can hold commits on a latch. */
    static final class RecordingStore implements CheckpointStore {
        final InMemoryCheckpointStore delegate = new InMemoryCheckpointStore(ID);
        final List<WriteBatch> commits = new CopyOnWriteArrayList<>();
        final List<Long> commitNanos = new CopyOnWriteArrayList<>();
        volatile CountDownLatch entered = new CountDownLatch(0);
        volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public StoreIdentity identity() {
            return ID;
        }

        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public SortedMap<String, byte[]> scan(String keyPrefix) {
            return delegate.scan(keyPrefix);
        }

        @Override
        public CommitStats commitStats() {
            return delegate.commitStats();
        }

        @Override
        public void commit(WriteBatch batch) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delegate.commit(batch);
            commits.add(batch);
            commitNanos.add(System.nanoTime());
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void coalescesPerKeyLastWriteWins() {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, LONG, 1_000);
        c.stage("a", b("1"));
        c.stage("a", b("2"));
        c.stage("b", b("1"));
        c.stageDelete("b");
        c.stage("c", b("1"));
        c.stage("a", b("3"));
        assertThat(store.get("a")).isEmpty();
        c.flush();
        assertThat(store.commits).hasSize(1);
        assertThat(store.commits.get(0).size()).isEqualTo(3);
        assertThat(s(store.get("a"))).isEqualTo("3");
        assertThat(store.get("b")).isEmpty();
        assertThat(s(store.get("c"))).isEqualTo("1");
        assertThat(c.stagedUpdates()).isEqualTo(6);
        assertThat(c.committedUpdates()).isEqualTo(3);
        c.flush();
        assertThat(store.commits).as("nothing pending: no empty commit").hasSize(1);
    }

    @Test
    void stagedValueIsCopied() {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, LONG, 1_000);
        byte[] v = b("abc");
        c.stage("k", v);
        v[0] = 'X';
        c.flush();
        assertThat(s(store.get("k"))).isEqualTo("abc");
    }

    @Test
    void invalidKeysFailAtStageNotAtFlush() {
        GroupCommitter c = start(new RecordingStore(), LONG, 1_000);
        assertThatThrownBy(() -> c.stage(StoreIdentity.KEY, b("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.stage("", b("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.pendingCount()).isZero();
    }

    @Test
    void stagingDoesNotWaitForACommitInProgress() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, Duration.ofMillis(20), 1_000);
        store.entered = new CountDownLatch(1);
        store.release = new CountDownLatch(1);
        c.stage("a", b("1"));
        assertThat(store.entered.await(5, TimeUnit.SECONDS))
                .as("flusher started a commit")
                .isTrue();
        // The flusher is inside store.commit (blocked). Staging must still return at once.
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 10_000; i++) {
                c.stage("k" + (i % 100), b(i));
            }
        });
        assertThat(c.pendingCount()).isEqualTo(100);
        store.release.countDown();
        c.flush();
        assertThat(l(store.get("k99").orElseThrow())).isEqualTo(9_999);
    }

    @Test
    void flushesAtTheConfiguredInterval() throws Exception {
        RecordingStore store = new RecordingStore();
        Duration interval = Duration.ofMillis(200);
        GroupCommitter c = start(store, interval, 1_000_000);
        long t0 = System.nanoTime();
        c.stage("first", b("1"));
        assertThat(store.get("first")).as("not committed before the interval").isEmpty();
        while (store.commits.isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(5);
        }
        assertThat(store.commits).hasSize(1);
        long firstAfterMs = TimeUnit.NANOSECONDS.toMillis(store.commitNanos.get(0) - t0);
        assertThat(firstAfterMs).isBetween(150L, 1_000L);

        // Stage continuously for ~1.2 s: about one commit per interval, not one per update.
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_200);
        long n = 0;
        while (System.nanoTime() < end) {
            c.stage("pos/" + (n % 50), b(n++));
            if (n % 1_000 == 0) {
                Thread.sleep(1);
            }
        }
        int commits = store.commits.size() - 1;
        assertThat(commits).isBetween(4, 8);
        for (int i = 2; i < store.commitNanos.size(); i++) {
            long gapMs = TimeUnit.NANOSECONDS.toMillis(store.commitNanos.get(i) - store.commitNanos.get(i - 1));
            assertThat(gapMs).as("gap between commits").isGreaterThanOrEqualTo(150L);
        }
    }

    @Test
    void commitsEarlyWhenMaxPendingIsReached() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, LONG, 10);
        for (int i = 0; i < 9; i++) {
            c.stage("k" + i, b(i));
        }
        Thread.sleep(100);
        assertThat(store.commits).isEmpty();
        c.stage("k9", b(9));
        long t0 = System.nanoTime();
        while (store.commits.isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(2);
        }
        assertThat(store.commits).hasSize(1);
        assertThat(store.scan("")).hasSize(10);
    }

    @Test
    void requestFlushCommitsOnTheFlusherWithoutWaiting() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, LONG, 10);
        c.stage("k", b(1));
        c.stage("k", b(2)); // one key: maxPendingUpdates is never reached
        Thread.sleep(50);
        assertThat(store.commits).isEmpty();
        store.release = new CountDownLatch(1);
        c.requestFlush(); // returns although the commit is held
        long t0 = System.nanoTime();
        while (store.commits.isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
            store.release.countDown();
            Thread.sleep(2);
        }
        assertThat(store.commits).hasSize(1);
        assertThat(l(store.get("k").orElseThrow())).isEqualTo(2L);
        c.close();
        c.requestFlush(); // ignored once closed
    }

    @Test
    void stagersAddTheirUpdatesToEveryFlushIncludingTheLastOne() {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, LONG, 10);
        AtomicLong latest = new AtomicLong();
        AtomicLong staged = new AtomicLong();
        c.addStager(() -> {
            long v = latest.get();
            if (v == staged.get()) {
                return Map.of();
            }
            staged.set(v);
            return Map.of("lazy", b(v));
        });
        c.flush();
        assertThat(store.commits).isEmpty(); // nothing due, nothing staged: no empty batch

        latest.set(3);
        c.stage("eager", b(1));
        c.flush();
        assertThat(store.commits).singleElement().satisfies(batch -> assertThat(batch.size())
                .isEqualTo(2));
        assertThat(l(store.get("lazy").orElseThrow())).isEqualTo(3L);

        latest.set(7);
        c.close(); // the final flush asks the stager too
        assertThat(l(store.get("lazy").orElseThrow())).isEqualTo(7L);
    }

    @Test
    void aFailingStagerFailsTheFlushLikeAFailedCommit() {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, LONG, 10);
        AtomicBoolean fail = new AtomicBoolean(true);
        c.addStager(() -> {
            if (fail.get()) {
                throw new IllegalStateException("cannot encode");
            }
            return Map.of();
        });
        c.stage("k", b(1));
        assertThatThrownBy(c::flush)
                .isInstanceOf(CheckpointStoreException.class)
                .hasRootCauseMessage("cannot encode");
        assertThat(c.lastError()).isPresent();
        assertThat(c.pendingCount()).isEqualTo(1);
        fail.set(false);
        c.flush();
        assertThat(c.lastError()).isEmpty();
        assertThat(l(store.get("k").orElseThrow())).isEqualTo(1L);
    }

    @Test
    void flushReturnsWhenEverythingStagedBeforeIsCommitted() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, Duration.ofMillis(5), 1_000_000);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong violations = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String key = "writer-" + t;
            Thread th = new Thread(() -> {
                long seq = 0;
                while (!stop.get()) {
                    c.stage(key, b(++seq));
                    if (seq % 100 == 0) {
                        c.flush();
                        long stored = l(store.get(key).orElseThrow());
                        if (stored < seq) {
                            violations.incrementAndGet();
                        }
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        Thread.sleep(700);
        stop.set(true);
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertThat(violations.get()).isZero();
    }

    @Test
    void failedCommitIsRetriedWithLaterWritesWinning() {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        GroupCommitter c = start(store, LONG, 1_000);
        c.stage("a", b("1"));
        c.stage("b", b("1"));
        store.failNextCommits(1);
        assertThatThrownBy(c::flush)
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("injected");
        assertThat(c.lastError()).isPresent();
        assertThat(c.failedCommits()).isEqualTo(1);
        assertThat(c.pendingCount()).isEqualTo(2);
        assertThat(store.scan("")).isEmpty();

        c.stage("a", b("2"));
        c.flush();
        assertThat(s(store.get("a"))).isEqualTo("2");
        assertThat(s(store.get("b"))).isEqualTo("1");
        assertThat(c.lastError()).isEmpty();
        assertThat(c.pendingCount()).isZero();
    }

    @Test
    void backgroundFailureIsReportedAndRetried() throws Exception {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        store.failNextCommits(2);
        GroupCommitter c = start(store, Duration.ofMillis(30), 1_000);
        c.stage("a", b("1"));
        long t0 = System.nanoTime();
        while (c.failedCommits() < 1 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(2);
        }
        assertThat(c.failedCommits()).isGreaterThanOrEqualTo(1);
        while (store.get("a").isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(2);
        }
        assertThat(s(store.get("a"))).isEqualTo("1");
        assertThat(c.failedCommits()).isEqualTo(2);
        assertThat(c.lastError()).isEmpty();
    }

    @Test
    void listenersRunAfterTheBatchIsPersisted() {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        GroupCommitter c = start(store, LONG, 1_000);
        List<String> seen = new ArrayList<>();
        c.addListener(batch -> {
            for (WriteBatch.Op op : batch.ops()) {
                seen.add(op.key() + "=" + s(store.get(op.key())));
            }
        });
        c.addListener(batch -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        c.stage("x", b("9"));
        store.failNextCommits(1);
        assertThatThrownBy(c::flush).isInstanceOf(CheckpointStoreException.class);
        assertThat(seen).as("no listener call for a failed commit").isEmpty();
        c.flush();
        assertThat(seen).containsExactly("x=9");
    }

    @Test
    void closeFlushesAndRejectsLaterStaging() {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        GroupCommitter c = start(store, LONG, 1_000);
        c.stage("a", b("1"));
        c.stageDelete("gone");
        c.close();
        assertThat(s(store.get("a"))).isEqualTo("1");
        assertThatThrownBy(() -> c.stage("a", b("2"))).isInstanceOf(CheckpointStoreException.class);
        assertThatThrownBy(c::flush).isInstanceOf(CheckpointStoreException.class);
        c.close();
        assertThat(store.get("a")).isPresent();
    }

    @Test
    void checkpointViewChangesOnlyAfterTheGroupCommit() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommitter c = start(store, Duration.ofMillis(20), 1_000);
        Checkpoint<Long> view = Checkpoint.load(
                        store, "src/", CheckpointStoreContract.LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED)
                .commitThrough(c);
        store.entered = new CountDownLatch(1);
        store.release = new CountDownLatch(1);
        view.stage("f1", 100L);
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(view.get("f1")).as("commit still in progress").isEmpty();
        store.release.countDown();
        c.flush();
        assertThat(view.get("f1")).contains(100L);
        view.stageRemove("f1");
        view.stageAll(Map.of("f2", 2L, "f3", 3L));
        c.flush();
        assertThat(view.all()).isEqualTo(Map.of("f2", 2L, "f3", 3L));
        assertThatThrownBy(() -> view.commitThrough(c)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Checkpoint.load(
                                new InMemoryCheckpointStore(ID),
                                "src/",
                                CheckpointStoreContract.LONG_CODEC,
                                CorruptRecordPolicy.FAIL_CLOSED)
                        .commitThrough(c))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.load(
                                store, "other/", CheckpointStoreContract.LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED)
                        .stage("x", 1L))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void directPutLeavesViewUnchangedWhenTheCommitFails() {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        Checkpoint<Long> view =
                Checkpoint.load(store, "src/", CheckpointStoreContract.LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED);
        view.put("a", 1L);
        store.failNextCommits(1);
        assertThatThrownBy(() -> view.putAll(Map.of("a", 2L, "b", 2L))).isInstanceOf(CheckpointStoreException.class);
        assertThat(view.all()).isEqualTo(Map.of("a", 1L));
    }

    /** Every source's latest offset is in the checkpoint. */
    @Test
    void capturesEverySourcesOffset() throws Exception {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(ID);
        GroupCommitter c = start(store, Duration.ofMillis(10), 500);
        Checkpoint<Long> view = Checkpoint.load(
                        store, "offsets/", CheckpointStoreContract.LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED)
                .commitThrough(c);
        int sources = 64;
        Map<String, Long> last = Collections.synchronizedMap(new HashMap<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            String id = "file-" + i;
            long emits = 200 + ThreadLocalRandom.current().nextInt(2_000);
            Thread t = new Thread(() -> {
                for (long off = 1; off <= emits; off++) {
                    view.stage(id, off * 100);
                }
                last.put(id, emits * 100);
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        c.close();
        assertThat(view.all()).isEqualTo(last);
        Checkpoint<Long> reloaded =
                Checkpoint.load(store, "offsets/", CheckpointStoreContract.LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED);
        assertThat(reloaded.all()).hasSize(sources).isEqualTo(last);
    }

    /**
     * Many writers, readers, flushers and a listener that reads the store, at once: no
     * deadlock, and readers of the store and of the view never see part of a batch nor go back.
     */
    @Test
    void concurrentWritersAndReadersNeverSeeATornBatch() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> runTornBatchCheck(new InMemoryCheckpointStore(ID)));
    }

    @Test
    void concurrentWritersAndReadersNeverSeeATornBatchOnLmdb(@TempDir Path dir) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (LmdbCheckpointStore store = LmdbCheckpointStore.open(
                    dir, ID, LmdbStoreOptions.defaults().withDurability(Durability.SYNC_PERIODIC))) {
                runTornBatchCheck(store);
            }
        });
    }

    @Test
    void offsetsStagedThroughLmdbSurviveReopen(@TempDir Path dir) {
        Map<String, Long> expected = new HashMap<>();
        try (LmdbCheckpointStore store = LmdbCheckpointStore.open(dir, ID)) {
            GroupCommitter c = start(store, Duration.ofMillis(50), 10_000);
            Checkpoint<Long> view = Checkpoint.load(
                            store, "offsets/", CheckpointStoreContract.LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED)
                    .commitThrough(c);
            for (int i = 0; i < 1_000; i++) {
                view.stage("file-" + (i % 37), (long) i);
                expected.put("file-" + (i % 37), (long) i);
            }
            c.close();
        }
        try (LmdbCheckpointStore store = LmdbCheckpointStore.open(dir, ID)) {
            assertThat(Checkpoint.load(
                                    store,
                                    "offsets/",
                                    CheckpointStoreContract.LONG_CODEC,
                                    CorruptRecordPolicy.FAIL_CLOSED)
                            .all())
                    .isEqualTo(expected);
        }
    }

    /** Shared with the LMDB variant. */
    static void runTornBatchCheck(CheckpointStore store) throws Exception {
        GroupCommitter c = GroupCommitter.start(store, new GroupCommitter.Options(Duration.ofMillis(3), 200));
        Checkpoint<Long> view = Checkpoint.load(
                        store, "g/", CheckpointStoreContract.LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED)
                .commitThrough(c);
        AtomicLong listenerReads = new AtomicLong();
        c.addListener(batch -> {
            store.get("g/0/k0");
            listenerReads.incrementAndGet();
        });
        int groups = 6;
        int keysPerGroup = 10;
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int group = g;
            threads.add(new Thread(
                    () -> {
                        long seq = 0;
                        while (!stop.get()) {
                            seq++;
                            Map<String, Long> values = new HashMap<>();
                            for (int k = 0; k < keysPerGroup; k++) {
                                values.put(group + "/k" + k, seq);
                            }
                            view.stageAll(values);
                            if (seq % 500 == 0) {
                                c.flush();
                            }
                        }
                    },
                    "writer-" + g));
        }
        for (int r = 0; r < 3; r++) {
            boolean fromView = r == 0;
            threads.add(new Thread(
                    () -> {
                        long[] lastSeen = new long[groups];
                        while (!stop.get()) {
                            Map<String, Long> snapshot = fromView ? view.all() : decodeAll(store.scan("g/"));
                            for (int g = 0; g < groups; g++) {
                                Long first = snapshot.get(g + "/k0");
                                if (first == null) {
                                    continue;
                                }
                                for (int k = 1; k < keysPerGroup; k++) {
                                    Long v = snapshot.get(g + "/k" + k);
                                    if (!first.equals(v)) {
                                        problems.add("torn group " + g + ": k0=" + first + " k" + k + "=" + v
                                                + (fromView ? " (view)" : " (store)"));
                                    }
                                }
                                if (first < lastSeen[g]) {
                                    problems.add("group " + g + " went back from " + lastSeen[g] + " to " + first);
                                }
                                lastSeen[g] = first;
                            }
                            reads.incrementAndGet();
                        }
                    },
                    "reader-" + r));
        }
        threads.forEach(Thread::start);
        Thread.sleep(1_500);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        c.close();
        assertThat(problems).isEmpty();
        assertThat(reads.get()).isGreaterThan(10);
        assertThat(c.committedBatches()).isGreaterThan(10);
        assertThat(listenerReads.get()).isEqualTo(c.committedBatches());
        assertThat(decodeAll(store.scan("g/"))).isEqualTo(view.all());
    }

    private static Map<String, Long> decodeAll(SortedMap<String, byte[]> m) {
        Map<String, Long> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k.substring(2), l(v)));
        return out;
    }
}
