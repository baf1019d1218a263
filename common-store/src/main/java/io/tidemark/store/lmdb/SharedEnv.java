/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.concurrent.LogContextThreads;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.Durability;
import io.tidemark.store.ForeignStoreException;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one LMDB environment of a directory in this JVM, shared (reference-counted) by every
 * {@link LmdbCheckpointStore} opened on that directory. LMDB forbids opening one environment twice
 * in a process (the second writer deadlocks and closing either drops the other's locks), so the
 * registry here hands out the same instance per canonical path.
 *
 * <p>Locking: every transaction and sync holds {@code gate}'s read lock; growing the map and
 * closing hold its write lock, because LMDB resizes only with no transaction active in the
 * process. Write transactions are serialised by {@code writer}.
 */
final class SharedEnv {

    private static final Logger LOG = LoggerFactory.getLogger(SharedEnv.class);

    /** Open environments by canonical directory. Guarded by {@code SharedEnv.class}. */
    private static final Map<Path, SharedEnv> OPEN = new HashMap<>();

    private static final byte[] IDENTITY_KEY = StoreIdentity.KEY.getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESERVED = CheckpointStore.RESERVED_PREFIX.getBytes(StandardCharsets.UTF_8);

    final Path dir;
    final boolean readOnly;
    final Durability durability;
    private final Env<byte[]> env;
    private final Dbi<byte[]> dbi;
    private final ProcessLock processLock;
    private final ScheduledExecutorService syncer;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final ReentrantLock writer = new ReentrantLock();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong growths = new AtomicLong();
    private volatile long maxMapSize;
    private volatile boolean closed;
    private int refs;

    private SharedEnv(
            Path dir,
            boolean readOnly,
            LmdbStoreOptions options,
            Env<byte[]> env,
            Dbi<byte[]> dbi,
            ProcessLock processLock) {
        this.dir = dir;
        this.readOnly = readOnly;
        this.durability = options.durability();
        this.env = env;
        this.dbi = dbi;
        this.processLock = processLock;
        this.maxMapSize = options.maxMapSize();
        if (!readOnly && durability == Durability.SYNC_PERIODIC) {
            long ms = Math.max(1, options.syncInterval().toMillis());
            // with the log context of the task that opened the store (the directory is the connector's)
            this.syncer = Executors.newSingleThreadScheduledExecutor(
                    LogContextThreads.pool("tidemark-lmdb-sync " + dir.getFileName()));
            syncer.scheduleWithFixedDelay(this::periodicSync, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            this.syncer = null;
        }
    }

    /**
     * Opens (or joins) the environment of {@code dir} for writing and claims it for
     * {@code identity}; with a null identity, adopts the one the store holds.
     */
    static Claim acquireWritable(Path dir, StoreIdentity identity, LmdbStoreOptions options) {
        Path canonical = prepareWritableDirectory(dir);
        synchronized (SharedEnv.class) {
            SharedEnv e = OPEN.get(canonical);
            if (e == null) {
                e = open(canonical, options, false);
                OPEN.put(canonical, e);
            } else if (e.readOnly) {
                throw new CheckpointStoreException("checkpoint store at " + canonical + " is open read-only in this"
                        + " JVM; close those readers before opening it for writing.");
            } else if (e.durability != options.durability()) {
                throw new CheckpointStoreException("checkpoint store at " + canonical + " is already open in this JVM"
                        + " with durability " + e.durability + "; it cannot also be opened with "
                        + options.durability() + ". Use one durability setting for every user of the directory.");
            } else {
                e.maxMapSize = Math.max(e.maxMapSize, options.maxMapSize());
            }
            e.refs++;
            try {
                return new Claim(e, e.claimIdentity(identity));
            } catch (RuntimeException ex) {
                e.releaseLocked();
                throw ex;
            }
        }
    }

    /** Opens (or joins) the environment of an existing store for reading only. */
    static Claim acquireReadOnly(Path dir) {
        synchronized (SharedEnv.class) {
            SharedEnv e = acquireUnclaimed(dir);
            try {
                return new Claim(e, e.claimIdentity(null));
            } catch (RuntimeException ex) {
                e.releaseLocked();
                throw ex;
            }
        }
    }

    /**
     * Opens (or joins) the environment of an existing store for reading only, without reading or
     * checking its identity record: for {@link StoreVerifier}, which reports a bad identity instead
     * of refusing the store. The caller {@link #release()}s it.
     */
    static SharedEnv acquireUnclaimed(Path dir) {
        if (!Files.isRegularFile(dir.resolve("data.mdb"))) {
            throw new CheckpointStoreException("no checkpoint store at " + dir + " (no data.mdb there)");
        }
        Path canonical;
        try {
            canonical = dir.toRealPath();
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot resolve checkpoint store directory " + dir + ": " + e, e);
        }
        synchronized (SharedEnv.class) {
            SharedEnv e = OPEN.get(canonical);
            if (e == null) {
                e = open(canonical, LmdbStoreOptions.defaults(), true);
                OPEN.put(canonical, e);
            }
            e.refs++;
            return e;
        }
    }

    /** A reference to a shared environment and the identity it was claimed for. */
    record Claim(SharedEnv env, StoreIdentity identity) {}

    private static Path prepareWritableDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Path canonical = dir.toRealPath();
            if (!Files.isDirectory(canonical)) {
                throw new CheckpointStoreException("checkpoint store path " + dir + " is not a directory");
            }
            if (!Files.isWritable(canonical)) {
                throw new CheckpointStoreException("checkpoint store directory " + canonical + " is not writable by"
                        + " this process (user " + System.getProperty("user.name") + "). Fix its permissions or point"
                        + " the connector at a writable state directory.");
            }
            return canonical;
        } catch (AccessDeniedException e) {
            throw new CheckpointStoreException(
                    "cannot create checkpoint store directory " + dir + ": permission denied"
                            + " on " + e.getFile() + ". Fix the permissions or point the connector at a writable state"
                            + " directory.",
                    e);
        } catch (IOException e) {
            throw new CheckpointStoreException(
                    "cannot create checkpoint store directory " + dir + " (" + e + ")."
                            + " Point the connector at a writable directory on local disk.",
                    e);
        }
    }

    private static SharedEnv open(Path dir, LmdbStoreOptions options, boolean readOnly) {
        ProcessLock lock = readOnly ? null : ProcessLock.acquire(dir);
        Env<byte[]> env = null;
        try {
            List<EnvFlags> flags = new ArrayList<>(List.of(EnvFlags.MDB_NOTLS));
            if (readOnly) {
                flags.add(EnvFlags.MDB_RDONLY_ENV);
            } else if (options.durability() == Durability.SYNC_PERIODIC) {
                flags.add(EnvFlags.MDB_NOSYNC);
            }
            env = Env.create(ByteArrayProxy.PROXY_BA)
                    .setMapSize(startMapSize(dir, options))
                    .setMaxDbs(1)
                    .setMaxReaders(options.maxReaders())
                    .open(dir.toFile(), flags.toArray(new EnvFlags[0]));
            checkNotTruncated(dir, env);
            Dbi<byte[]> dbi = readOnly ? env.openDbi((byte[]) null) : env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
            return new SharedEnv(dir, readOnly, options, env, dbi, lock);
        } catch (LmdbException | IllegalStateException e) {
            if (env != null) {
                env.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw openFailure(dir, e);
        } catch (RuntimeException | Error e) {
            if (env != null) {
                env.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    /**
     * Fails when data.mdb is shorter than the last page its meta page records. LMDB maps the file
     * and would read past its end: the process dies of SIGBUS instead of reporting an error.
     */
    private static void checkNotTruncated(Path dir, Env<byte[]> env) {
        long needed = (env.info().lastPageNumber + 1) * env.stat().pageSize;
        long size;
        try {
            size = Files.size(dir.resolve("data.mdb"));
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot read the size of " + dir.resolve("data.mdb") + ": " + e, e);
        }
        if (size < needed) {
            throw new CheckpointStoreException("cannot open checkpoint store at " + dir + ": data.mdb is truncated: it"
                    + " has " + size + " bytes but its last page ends at byte " + needed + " (an interrupted copy or"
                    + " a full disk cut it short). Restore the directory from a backup, or move it away to start"
                    + " from an empty store (its positions are then lost).");
        }
    }

    /** At least the data file's size, so that a store grown in an earlier run does not start full. */
    private static long startMapSize(Path dir, LmdbStoreOptions options) {
        long size = options.initialMapSize();
        try {
            Path data = dir.resolve("data.mdb");
            if (Files.exists(data)) {
                long file = Files.size(data);
                long mib = 1L << 20;
                size = Math.max(size, (file + mib - 1) / mib * mib);
            }
        } catch (IOException ignored) {
            // LMDB reports an unreadable data file itself
        }
        return size;
    }

    private static CheckpointStoreException openFailure(Path dir, RuntimeException e) {
        String what;
        if (e instanceof Env.FileInvalidException) {
            what = "data.mdb is not an LMDB database (corrupt or another file). Restore the directory from a"
                    + " backup, or move it away to start from an empty store (its positions are then lost).";
        } else if (e instanceof Env.VersionMismatchException) {
            what = "data.mdb was written by an incompatible LMDB version. Open it with the Tidemark version that"
                    + " wrote it and export it with the checkpoint-tool.";
        } else if (e instanceof LmdbNativeException n && (n.getResultCode() == 13 || n.getResultCode() == 1)) {
            what = "permission denied. The directory and its files must be readable and writable by this process.";
        } else if (e instanceof LmdbNativeException n && n.getResultCode() == 2) {
            what = "the store's files do not exist.";
        } else {
            what = e.getMessage() + ". Check the directory's files and free disk space.";
        }
        return new CheckpointStoreException("cannot open checkpoint store at " + dir + ": " + what, e);
    }

    // ---- identity --------------------------------------------------------------------------

    private StoreIdentity claimIdentity(StoreIdentity expected) {
        byte[] raw = read(txn -> dbi.get(txn, IDENTITY_KEY));
        if (raw == null) {
            boolean hasEntries = read(txn -> {
                try (Cursor<byte[]> c = dbi.openCursor(txn)) {
                    return c.first();
                }
            });
            if (hasEntries) {
                throw new CheckpointStoreException("checkpoint store at " + dir + " holds entries but no identity"
                        + " record, so its owner is unknown: refusing to use it (fail closed). Inspect it with the"
                        + " checkpoint-tool, then move it away or point the connector at another directory.");
            }
            if (expected == null || readOnly) {
                throw new CheckpointStoreException(
                        "checkpoint store at " + dir + " is empty: it has no identity" + " record yet.");
            }
            commit(List.of(new WriteBatch.Op(StoreIdentity.KEY, expected.encode())), true);
            return expected;
        }
        StoreIdentity found;
        try {
            found = StoreIdentity.decode(raw);
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException(
                    StoreIdentity.KEY,
                    "in checkpoint store at " + dir + ": " + e.getMessage()
                            + ". Refusing to guess the owner (fail closed).",
                    e);
        }
        if (expected != null && !found.equals(expected)) {
            throw new ForeignStoreException(dir.toString(), found, expected);
        }
        return found;
    }

    // ---- reads -----------------------------------------------------------------------------

    byte[] get(byte[] key) {
        return read(txn -> dbi.get(txn, key));
    }

    /** Entries whose key starts with {@code prefix}, in key byte order, reserved keys left out. */
    List<Map.Entry<byte[], byte[]>> scan(byte[] prefix) {
        return read(txn -> {
            List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
            try (Cursor<byte[]> c = dbi.openCursor(txn)) {
                boolean found = prefix.length == 0 ? c.first() : c.get(prefix, GetOp.MDB_SET_RANGE);
                while (found) {
                    byte[] k = c.key();
                    if (!startsWith(k, prefix)) {
                        break;
                    }
                    if (!startsWith(k, RESERVED)) {
                        out.add(Map.entry(k, c.val()));
                    }
                    found = c.next();
                }
            }
            return out;
        });
    }

    /**
     * What {@link #walkRaw()} saw: the entries read, in key byte order, reserved keys included;
     * the number of entries LMDB's statistics record for the database (-1 when the walk failed);
     * and the LMDB failure that stopped the walk, if any.
     */
    record RawWalk(List<Map.Entry<byte[], byte[]>> entries, long recordedEntries, LmdbException failure) {}

    /** Reads every entry, reserved keys included, in one read transaction (one consistent snapshot). */
    RawWalk walkRaw() {
        return read(txn -> {
            List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
            try (Cursor<byte[]> c = dbi.openCursor(txn)) {
                for (boolean found = c.first(); found; found = c.next()) {
                    out.add(Map.entry(c.key(), c.val()));
                }
                return new RawWalk(out, dbi.stat(txn).entries, null);
            } catch (org.lmdbjava.Dbi.MapResizedException resized) {
                throw resized;
            } catch (LmdbException e) {
                return new RawWalk(out, -1, e);
            }
        });
    }

    private <T> T read(Function<Txn<byte[]>, T> body) {
        for (int attempt = 0; ; attempt++) {
            gate.readLock().lock();
            try {
                ensureOpen();
                try (Txn<byte[]> txn = env.txnRead()) {
                    return body.apply(txn);
                }
            } catch (org.lmdbjava.Dbi.MapResizedException resized) {
                if (attempt > 0) {
                    throw new CheckpointStoreException(
                            "checkpoint store at " + dir + ": map resized repeatedly by" + " another process", resized);
                }
            } catch (LmdbException e) {
                throw new CheckpointStoreException(
                        "read from checkpoint store at " + dir + " failed: " + e.getMessage(), e);
            } finally {
                gate.readLock().unlock();
            }
            adoptMapSizeOfFile();
        }
    }

    /** Another process grew the map: take over its size (LMDB: set_mapsize(0) with no txn open). */
    private void adoptMapSizeOfFile() {
        gate.writeLock().lock();
        try {
            ensureOpen();
            env.setMapSize(0);
        } finally {
            gate.writeLock().unlock();
        }
    }

    // ---- writes ----------------------------------------------------------------------------

    /**
     * Applies {@code ops} in one write transaction, growing the map and retrying while it is full.
     * With {@code forceSync}, syncs even when the environment does not sync each commit.
     */
    void commit(List<WriteBatch.Op> ops, boolean forceSync) {
        if (readOnly) {
            throw new CheckpointStoreException("checkpoint store at " + dir + " is open read-only");
        }
        writer.lock();
        try {
            while (true) {
                long fullAt;
                gate.readLock().lock();
                try {
                    ensureOpen();
                    try (Txn<byte[]> txn = env.txnWrite()) {
                        for (WriteBatch.Op op : ops) {
                            byte[] k = op.key().getBytes(StandardCharsets.UTF_8);
                            if (op.isDelete()) {
                                dbi.delete(txn, k);
                            } else {
                                dbi.put(txn, k, op.value());
                            }
                        }
                        txn.commit();
                    }
                    if (forceSync && durability != Durability.SYNC_EACH_COMMIT) {
                        env.sync(true);
                    }
                    return;
                } catch (Env.MapFullException full) {
                    fullAt = env.info().mapSize;
                } catch (LmdbException e) {
                    throw new CheckpointStoreException(
                            "commit to checkpoint store at " + dir + " failed, nothing of" + " the batch was applied: "
                                    + e.getMessage(),
                            e);
                } finally {
                    gate.readLock().unlock();
                }
                grow(fullAt);
            }
        } finally {
            writer.unlock();
        }
    }

    private void grow(long fullAt) {
        long max = maxMapSize;
        if (fullAt >= max) {
            throw new CheckpointStoreException("checkpoint store at " + dir + " is full: the batch does not fit in the"
                    + " maximum map size of " + max + " bytes, nothing of it was applied. Raise maxMapSize, or delete"
                    + " keys that are no longer needed with the checkpoint-tool.");
        }
        long next = Math.min(max, Math.max(fullAt * 2, LmdbStoreOptions.MIN_MAP_SIZE));
        gate.writeLock().lock();
        try {
            ensureOpen();
            env.setMapSize(next);
        } finally {
            gate.writeLock().unlock();
        }
        growths.incrementAndGet();
        LOG.info("checkpoint store at {}: map grown from {} to {} bytes", dir, fullAt, next);
    }

    /** Forces committed data to disk now. */
    void sync() {
        gate.readLock().lock();
        try {
            ensureOpen();
            if (!readOnly) {
                env.sync(true);
                syncs.incrementAndGet();
            }
        } catch (LmdbException e) {
            throw new CheckpointStoreException("sync of checkpoint store at " + dir + " failed: " + e.getMessage(), e);
        } finally {
            gate.readLock().unlock();
        }
    }

    private void periodicSync() {
        try {
            sync();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("periodic sync of checkpoint store at {} failed; retrying at the next interval", dir, e);
            }
        }
    }

    long mapSize() {
        gate.readLock().lock();
        try {
            ensureOpen();
            return env.info().mapSize;
        } finally {
            gate.readLock().unlock();
        }
    }

    long syncCount() {
        return syncs.get();
    }

    long growthCount() {
        return growths.get();
    }

    // ---- lifecycle -------------------------------------------------------------------------

    void release() {
        synchronized (SharedEnv.class) {
            releaseLocked();
        }
    }

    private void releaseLocked() {
        if (--refs > 0) {
            return;
        }
        OPEN.remove(dir);
        if (syncer != null) {
            syncer.shutdown();
            try {
                syncer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        gate.writeLock().lock();
        try {
            if (syncer != null) {
                try {
                    env.sync(true);
                    syncs.incrementAndGet();
                } catch (LmdbException e) {
                    LOG.warn("final sync of checkpoint store at {} failed", dir, e);
                }
            }
            closed = true;
            env.close();
        } finally {
            gate.writeLock().unlock();
            if (processLock != null) {
                processLock.close();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new CheckpointStoreException("checkpoint store at " + dir + " is closed");
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Environments open in this JVM; for tests. */
    static int openCount() {
        synchronized (SharedEnv.class) {
            return OPEN.size();
        }
    }
}
