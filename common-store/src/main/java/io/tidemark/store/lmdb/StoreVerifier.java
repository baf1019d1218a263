/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.StoreIdentity;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks what an operator needs before trusting or migrating an LMDB checkpoint store, reading it
 * read-only without the directory lock (so it also works while a connector writes the store):
 *
 * <ol>
 *   <li>{@code opens-read-only}: the environment opens read-only, and data.mdb is not shorter than
 *       the last page its meta page records (a truncated copy);</li>
 *   <li>{@code identity}: the {@link StoreIdentity#KEY} record is present and decodes;</li>
 *   <li>{@code keys}: every key is valid UTF-8, not empty, at most
 *       {@link CheckpointStore#MAX_KEY_BYTES} bytes, in strictly increasing byte order, and every
 *       reserved key ({@link CheckpointStore#RESERVED_PREFIX}) is one the store writes;</li>
 *   <li>{@code values}: every value is read in one snapshot without an LMDB error, and the number of
 *       entries read equals the number LMDB's own statistics record.</li>
 * </ol>
 * The identity record is the only record whose framing the store knows; other values are the
 * connectors' and are only read, not decoded.
 */
public final class StoreVerifier {

    public static final String OPENS = "opens-read-only";
    public static final String IDENTITY = "identity";
    public static final String KEYS = "keys";
    public static final String VALUES = "values";

    /** Every check, in the order they run. */
    public static final List<String> CHECKS = List.of(OPENS, IDENTITY, KEYS, VALUES);

    private StoreVerifier() {}

    /**
     * Verifies the store in {@code dir}.
     *
     * @throws CheckpointStoreException when {@code dir} holds no store at all (no data.mdb)
     */
    public static StoreVerification verify(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isRegularFile(dir.resolve("data.mdb"))) {
            throw new CheckpointStoreException("no checkpoint store at " + dir + " (no data.mdb there)");
        }
        List<StoreVerification.Problem> problems = new ArrayList<>();
        SharedEnv env;
        try {
            env = SharedEnv.acquireUnclaimed(dir);
        } catch (CheckpointStoreException e) {
            problems.add(new StoreVerification.Problem(OPENS, null, e.getMessage()));
            return new StoreVerification(dir, Optional.empty(), 0, 0, List.of(OPENS), problems);
        }
        try {
            return verify(dir, env.walkRaw(), problems);
        } finally {
            env.release();
        }
    }

    private static StoreVerification verify(
            Path dir, SharedEnv.RawWalk walk, List<StoreVerification.Problem> problems) {
        byte[] identityKey = StoreIdentity.KEY.getBytes(StandardCharsets.UTF_8);
        byte[] reserved = CheckpointStore.RESERVED_PREFIX.getBytes(StandardCharsets.UTF_8);
        Optional<StoreIdentity> identity = Optional.empty();
        boolean identitySeen = false;
        long entries = 0;
        long valueBytes = 0;
        byte[] previous = null;
        for (Map.Entry<byte[], byte[]> e : walk.entries()) {
            byte[] key = e.getKey();
            Optional<String> text = strictUtf8(key);
            String shown = text.orElseGet(() -> "hex:" + HexFormat.of().formatHex(key));
            if (text.isEmpty()) {
                problems.add(new StoreVerification.Problem(KEYS, shown, "key is not valid UTF-8"));
            }
            if (key.length == 0) {
                problems.add(new StoreVerification.Problem(KEYS, shown, "key is empty"));
            }
            if (key.length > CheckpointStore.MAX_KEY_BYTES) {
                problems.add(new StoreVerification.Problem(
                        KEYS,
                        shown,
                        "key is " + key.length + " bytes, over the limit of " + CheckpointStore.MAX_KEY_BYTES));
            }
            if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                problems.add(new StoreVerification.Problem(
                        KEYS, shown, "key is out of order (not after the previous key): the B-tree is damaged"));
            }
            previous = key;
            if (Arrays.equals(key, identityKey)) {
                identitySeen = true;
                try {
                    identity = Optional.of(StoreIdentity.decode(e.getValue()));
                } catch (CorruptRecordException bad) {
                    problems.add(new StoreVerification.Problem(IDENTITY, StoreIdentity.KEY, bad.getMessage()));
                }
            } else if (startsWith(key, reserved)) {
                problems.add(new StoreVerification.Problem(
                        KEYS,
                        shown,
                        "unknown reserved key: only " + StoreIdentity.KEY + " is written under "
                                + CheckpointStore.RESERVED_PREFIX));
            } else {
                entries++;
                valueBytes += e.getValue().length;
            }
        }
        if (walk.failure() != null) {
            problems.add(new StoreVerification.Problem(
                    VALUES,
                    null,
                    "reading the store failed after " + walk.entries().size() + " entries"
                            + (previous == null ? "" : " (last key read: " + display(previous) + ")") + ": "
                            + walk.failure().getMessage()));
        } else if (walk.recordedEntries() != walk.entries().size()) {
            problems.add(new StoreVerification.Problem(
                    VALUES,
                    null,
                    "LMDB records " + walk.recordedEntries() + " entries but "
                            + walk.entries().size() + " were read: the database is damaged"));
        }
        if (!identitySeen && walk.failure() == null) {
            problems.add(new StoreVerification.Problem(
                    IDENTITY,
                    StoreIdentity.KEY,
                    walk.entries().isEmpty()
                            ? "the store is empty: it has no identity record (no connector ever opened it for"
                                    + " writing)"
                            : "the store holds entries but no identity record, so its owner is unknown; a"
                                    + " connector refuses to open it"));
        }
        return new StoreVerification(dir, identity, entries, valueBytes, CHECKS, problems);
    }

    private static String display(byte[] key) {
        return strictUtf8(key).orElseGet(() -> "hex:" + HexFormat.of().formatHex(key));
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }
}
