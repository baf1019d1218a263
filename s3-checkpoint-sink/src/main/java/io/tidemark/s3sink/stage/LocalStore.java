/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.stage;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scratch directory where records are staged, per topic partition, into chunk files on local
 * disk (never buffered unboundedly in heap: each open chunk holds one small write buffer). Every
 * byte written here counts against a quota; {@link #overQuota()} tells the task to apply
 * backpressure. Files are tracked so that the {@link ScratchJanitor} can remove what no live chunk
 * owns.
 */
public final class LocalStore {

    private final Path dir;
    private final long quotaBytes;
    private final int bufferBytes;
    private final AtomicLong used = new AtomicLong();
    private final Set<Path> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    public LocalStore(Path dir, long quotaBytes, int bufferBytes) {
        this.dir = dir;
        this.quotaBytes = quotaBytes;
        this.bufferBytes = bufferBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create scratch directory " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Opens a new chunk file for {@code tp}; the staged-file checksum uses {@code integrity}. */
    public StagedChunk open(TopicPartitionId tp, ChecksumAlgorithm integrity) {
        return open(tp, integrity, null);
    }

    /** Opens a new chunk file for {@code tp} whose records resolve the key template to {@code path} (or null). */
    public StagedChunk open(TopicPartitionId tp, ChecksumAlgorithm integrity, String path) {
        // names left by an earlier instance on the same directory (not emptied yet) are skipped
        for (int attempt = 0; ; attempt++) {
            String name = safe(tp.topic()) + "-" + tp.partition() + "-" + sequence.incrementAndGet() + ".stage";
            Path file = dir.resolve(name);
            live.add(file);
            try {
                return new StagedChunk(this, tp, file, bufferBytes, integrity, path);
            } catch (FileAlreadyExistsException taken) {
                live.remove(file);
                if (attempt >= 1000) {
                    throw new UncheckedIOException("cannot create chunk file " + file, taken);
                }
            } catch (IOException e) {
                live.remove(file);
                throw new UncheckedIOException("cannot create chunk file " + file, e);
            }
        }
    }

    /** A new file name next to the staged ones (for compressed copies), tracked as live, not existing yet. */
    public Path newFile(String hint) {
        Path file;
        do {
            file = dir.resolve(safe(hint) + "-" + sequence.incrementAndGet() + ".chunk");
        } while (Files.exists(file));
        live.add(file);
        return file;
    }

    /** Deletes a file this store handed out and gives its bytes back to the quota. */
    public void release(Path file) {
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            Files.deleteIfExists(file);
            if (live.remove(file)) {
                used.addAndGet(-size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete scratch file " + file, e);
        }
    }

    /** Accounts bytes written to a tracked file. */
    void charge(long bytes) {
        used.addAndGet(bytes);
    }

    /** Accounts a file written outside {@link StagedChunk} (a compressed copy). */
    public void chargeFile(Path file) {
        try {
            used.addAndGet(Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }

    public long usedBytes() {
        return used.get();
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    public boolean overQuota() {
        return used.get() >= quotaBytes;
    }

    /** Below the resume mark (80% of the quota): paused partitions may resume. */
    public boolean belowResumeMark() {
        return used.get() < quotaBytes * 8 / 10;
    }

    boolean isLive(Path file) {
        return live.contains(file);
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
