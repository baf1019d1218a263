/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CheckpointStore} implementation must show. Extend it, implement the
 * hooks, and every test here runs against your store (shipped in the common-store test-jar).
 */
public abstract class CheckpointStoreContract {

    protected static final StoreIdentity OWNER = new StoreIdentity("file-source/orders", 1);

    private final List<CheckpointStore> opened = new ArrayList<>();

    /** Opens a new, empty store for {@code identity}. Each call of one test gets its own storage. */
    protected abstract CheckpointStore open(StoreIdentity identity);

    /**
     * Closes {@code store} if still open and opens the same storage again for {@code identity}, as a
     * restarted task would.
     */
    protected abstract CheckpointStore reopen(CheckpointStore store, StoreIdentity identity);

    /**
     * Arranges that committing {@code batch} to {@code store} fails: inject a failure, or add
     * operations to the batch that the store cannot hold.
     */
    protected abstract void makeCommitFail(CheckpointStore store, WriteBatch batch);

    @AfterEach
    void closeOpenedStores() {
        for (CheckpointStore s : opened) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // already closed by the test
            }
        }
        opened.clear();
    }

    protected final CheckpointStore newStore() {
        return track(open(OWNER));
    }

    protected final CheckpointStore reopened(CheckpointStore store, StoreIdentity identity) {
        return track(reopen(store, identity));
    }

    private CheckpointStore track(CheckpointStore s) {
        opened.add(s);
        return s;
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Map<String, String> asStrings(SortedMap<String, byte[]> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, str(v)));
        return out;
    }

    // ---- basic operations ----------------------------------------------------------------------

    @Test
    void putGetDelete() {
        CheckpointStore s = newStore();
        assertThat(s.get("a/1")).isEmpty();
        s.put("a/1", utf8("one"));
        assertThat(s.get("a/1")).map(CheckpointStoreContract::str).contains("one");
        s.put("a/1", utf8("uno"));
        assertThat(s.get("a/1")).map(CheckpointStoreContract::str).contains("uno");
        s.delete("a/1");
        assertThat(s.get("a/1")).isEmpty();
        s.delete("a/absent");
        assertThat(s.scan("")).isEmpty();
    }

    @Test
    void emptyAndBinaryValuesRoundTrip() {
        CheckpointStore s = newStore();
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        s.commit(WriteBatch.create().put("empty", new byte[0]).put("binary", binary));
        assertThat(s.get("empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(s.get("binary")).hasValueSatisfying(v -> assertThat(v).isEqualTo(binary));
    }

    @Test
    void storedAndReturnedValuesAreCopies() {
        CheckpointStore s = newStore();
        byte[] v = utf8("abc");
        s.put("k", v);
        v[0] = 'X';
        byte[] got = s.get("k").orElseThrow();
        got[1] = 'Y';
        assertThat(str(s.get("k").orElseThrow())).isEqualTo("abc");
        s.scan("").get("k")[2] = 'Z';
        assertThat(str(s.get("k").orElseThrow())).isEqualTo("abc");
    }

    @Test
    void laterOperationOnTheSameKeyWinsWithinABatch() {
        CheckpointStore s = newStore();
        s.commit(WriteBatch.create()
                .put("x", utf8("1"))
                .delete("x")
                .put("y", utf8("1"))
                .put("y", utf8("2"))
                .delete("z")
                .put("z", utf8("3")));
        assertThat(asStrings(s.scan(""))).containsExactly(Map.entry("y", "2"), Map.entry("z", "3"));
    }

    @Test
    void emptyBatchIsAccepted() {
        CheckpointStore s = newStore();
        s.commit(WriteBatch.create());
        assertThat(s.scan("")).isEmpty();
    }

    @Test
    void largeBatchCommitsAndScansBack() {
        CheckpointStore s = newStore();
        WriteBatch b = WriteBatch.create();
        for (int i = 0; i < 5_000; i++) {
            b.put(
                    String.format("big/%05d", i),
                    ByteBuffer.allocate(100).putInt(i).array());
        }
        s.commit(b);
        SortedMap<String, byte[]> all = s.scan("big/");
        assertThat(all).hasSize(5_000);
        assertThat(ByteBuffer.wrap(all.get("big/04321")).getInt()).isEqualTo(4321);
    }

    // ---- scans ---------------------------------------------------------------------------------

    @Test
    void scanReturnsPrefixInUtf8ByteOrder() {
        CheckpointStore s = newStore();
        // UTF-16 order would put U+1F600 (a surrogate pair) before U+FFFD; UTF-8 byte order puts it after.
        List<String> expected = List.of(
                "src/", "src/A", "src/Z", "src/a", "src/a/1", "src/z", "src/\u00e9", "src/\uFFFD", "src/\uD83D\uDE00");
        WriteBatch b = WriteBatch.create();
        for (int i = expected.size() - 1; i >= 0; i--) {
            b.put(expected.get(i), utf8("v" + i));
        }
        b.put("sr", utf8("out"))
                .put("srd/x", utf8("out"))
                .put("src", utf8("out"))
                .put("srcX", utf8("out"));
        s.commit(b);

        assertThat(new ArrayList<>(s.scan("src/").keySet())).containsExactlyElementsOf(expected);
        assertThat(s.scan("src/a").keySet()).containsExactly("src/a", "src/a/1");
        assertThat(s.scan("nothing/")).isEmpty();
        assertThat(s.scan("").keySet()).hasSize(expected.size() + 4);
    }

    @Test
    void reservedKeysAreNeitherReturnedNorWritable() {
        CheckpointStore s = newStore();
        s.put("a", utf8("1"));
        s.put("zz", utf8("2"));
        assertThat(s.scan("").keySet()).containsExactly("a", "zz");
        assertThat(s.scan(CheckpointStore.RESERVED_PREFIX)).isEmpty();
        assertThat(s.scan("__")).isEmpty();
        assertThat(s.get(StoreIdentity.KEY)).isEmpty();
        assertThatThrownBy(() -> WriteBatch.create().put(StoreIdentity.KEY, utf8("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteBatch.create().delete(StoreIdentity.KEY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scanResultIsSortedByUtf8AndUnmodifiable() {
        CheckpointStore s = newStore();
        s.put("k", utf8("v"));
        SortedMap<String, byte[]> m = s.scan("");
        assertThat(m.comparator()).isEqualTo(Utf8KeyOrder.INSTANCE);
        assertThatThrownBy(() -> m.put("x", new byte[0])).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- atomicity -----------------------------------------------------------------------------

    @Test
    void failedBatchAppliesNothing() {
        CheckpointStore s = newStore();
        s.commit(WriteBatch.create().put("p/1", utf8("a")).put("p/2", utf8("b")));
        Map<String, String> before = asStrings(s.scan(""));

        WriteBatch batch =
                WriteBatch.create().put("p/1", utf8("changed")).delete("p/2").put("p/3", utf8("new"));
        makeCommitFail(s, batch);
        assertThatThrownBy(() -> s.commit(batch)).isInstanceOf(CheckpointStoreException.class);

        assertThat(asStrings(s.scan(""))).isEqualTo(before);
        s.commit(WriteBatch.create().put("p/3", utf8("after")));
        assertThat(asStrings(s.scan(""))).containsEntry("p/3", "after").containsEntry("p/1", "a");
        CheckpointStore again = reopened(s, OWNER);
        assertThat(asStrings(again.scan(""))).isEqualTo(Map.of("p/1", "a", "p/2", "b", "p/3", "after"));
    }

    // ---- identity and reopen -------------------------------------------------------------------

    @Test
    void reopenKeepsDataAndIdentity() {
        CheckpointStore s = newStore();
        assertThat(s.identity()).isEqualTo(OWNER);
        s.commit(WriteBatch.create().put("a", utf8("1")).put("b", utf8("2")));
        s.delete("b");
        CheckpointStore again = reopened(s, OWNER);
        assertThat(again.identity()).isEqualTo(OWNER);
        assertThat(asStrings(again.scan(""))).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void foreignIdentityIsRejected() {
        CheckpointStore s = newStore();
        s.put("a", utf8("1"));
        StoreIdentity other = new StoreIdentity("file-source/payments", 1);
        assertThatThrownBy(() -> reopened(s, other)).isInstanceOfSatisfying(ForeignStoreException.class, e -> {
            assertThat(e.found()).isEqualTo(OWNER);
            assertThat(e.expected()).isEqualTo(other);
            assertThat(e.getMessage()).contains(OWNER.toString()).contains(other.toString());
        });
        StoreIdentity newerScheme = new StoreIdentity(OWNER.owner(), 2);
        assertThatThrownBy(() -> reopened(s, newerScheme)).isInstanceOf(ForeignStoreException.class);
        CheckpointStore mine = reopened(s, OWNER);
        assertThat(asStrings(mine.scan(""))).isEqualTo(Map.of("a", "1"));
    }

    // ---- closed --------------------------------------------------------------------------------

    @Test
    void closedStoreRejectsEveryOperation() {
        CheckpointStore s = newStore();
        s.put("a", utf8("1"));
        s.close();
        assertThatThrownBy(() -> s.get("a")).isInstanceOf(CheckpointStoreException.class);
        assertThatThrownBy(() -> s.scan("")).isInstanceOf(CheckpointStoreException.class);
        assertThatThrownBy(() -> s.put("a", utf8("2"))).isInstanceOf(CheckpointStoreException.class);
        assertThatThrownBy(() -> s.delete("a")).isInstanceOf(CheckpointStoreException.class);
        assertThatThrownBy(() -> s.commit(WriteBatch.create().put("b", utf8("1"))))
                .isInstanceOf(CheckpointStoreException.class);
        s.close();
        assertThat(s.identity()).isEqualTo(OWNER);
    }

    // ---- Checkpoint view over the store --------------------------------------------------------

    /** Positions as 8-byte big-endian longs; anything else is corrupt. */
    protected static final CheckpointCodec<Long> LONG_CODEC = new CheckpointCodec<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override
        public Long decode(String key, byte[] bytes) {
            if (bytes.length != 8) {
                throw new CorruptRecordException(key, "expected 8 bytes, found " + bytes.length);
            }
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    @Test
    void checkpointViewSurvivesReopen() {
        CheckpointStore s = newStore();
        Checkpoint<Long> c = Checkpoint.load(s, "offsets/", LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED);
        c.putAll(Map.of("f1", 10L, "f2", 20L));
        c.put("f1", 11L);
        c.remove("f2");
        CheckpointStore again = reopened(s, OWNER);
        Checkpoint<Long> loaded = Checkpoint.load(again, "offsets/", LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED);
        assertThat(loaded.all()).isEqualTo(Map.of("f1", 11L));
    }

    @Test
    void corruptRecordFailsClosed() {
        CheckpointStore s = newStore();
        s.commit(WriteBatch.create().put("offsets/good", LONG_CODEC.encode(5L)).put("offsets/bad", utf8("xyz")));
        CheckpointStore again = reopened(s, OWNER);
        assertThatThrownBy(() -> Checkpoint.load(again, "offsets/", LONG_CODEC, CorruptRecordPolicy.FAIL_CLOSED))
                .isInstanceOfSatisfying(
                        CorruptRecordException.class, e -> assertThat(e.key()).isEqualTo("offsets/bad"));
    }

    @Test
    void corruptRecordCanBeTreatedAsMissing() {
        CheckpointStore s = newStore();
        s.commit(WriteBatch.create().put("offsets/good", LONG_CODEC.encode(5L)).put("offsets/bad", utf8("xyz")));
        CheckpointStore again = reopened(s, OWNER);
        List<String> reported = new ArrayList<>();
        Checkpoint<Long> c = Checkpoint.load(
                again, "offsets/", LONG_CODEC, CorruptRecordPolicy.TREAT_AS_MISSING, e -> reported.add(e.key()));
        assertThat(c.all()).isEqualTo(new TreeMap<>(Map.of("good", 5L)));
        assertThat(reported).containsExactly("offsets/bad");
    }
}
