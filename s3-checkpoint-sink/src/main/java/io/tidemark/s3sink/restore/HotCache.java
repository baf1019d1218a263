/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local store's {@code hot_cache/}: downloaded chunk objects on local disk, within a byte
 * quota. Admitting a chunk evicts the least recently used ones until the new one fits; a chunk
 * larger than the whole quota is still admitted (it is needed) and evicts everything else. The
 * directory survives restarts: a task started again finds the chunks it had (oldest access
 * first, by file time) and does not download them again. Files are named by a digest of the
 * object key; the caller verifies a cached file against its manifest entry before using it.
 * Evicting a file another reader still has open is safe on POSIX file systems (the reader keeps
 * its open file).
 */
public final class HotCache {

    private static final Logger LOG = LoggerFactory.getLogger(HotCache.class);
    private static final String SUFFIX = ".chunk";

    private final Path dir;
    private final long quotaBytes;
    /** name -> size, in access order (eldest first). */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);

    private long usedBytes;
    private long evictions;

    public HotCache(Path dir, long quotaBytes) {
        if (quotaBytes < 1) {
            throw new IllegalArgumentException("the hot cache quota must be at least 1 byte");
        }
        this.dir = dir;
        this.quotaBytes = quotaBytes;
        try {
            Files.createDirectories(dir);
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (n.endsWith(SUFFIX)) {
                        found.add(p);
                    } else {
                        Files.deleteIfExists(p); // a download a crash broke off
                    }
                }
            }
            found.sort((a, b) -> mtime(a).compareTo(mtime(b)));
            for (Path p : found) {
                long size = Files.size(p);
                entries.put(p.getFileName().toString(), size);
                usedBytes += size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the hot cache directory " + dir + ": " + e.getMessage(), e);
        }
        evictOver(quotaBytes, null);
        if (!entries.isEmpty()) {
            LOG.info("Hot cache {} holds {} chunk(s), {} bytes (quota {})", dir, entries.size(), usedBytes, quotaBytes);
        }
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** The cache file name of an object key. */
    public static String nameOf(String objectKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(objectKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 20) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The cached file of {@code objectKey}, marked as just used; empty when not cached. */
    public synchronized Optional<Path> lookup(String objectKey) {
        String name = nameOf(objectKey);
        if (entries.get(name) == null) {
            return Optional.empty();
        }
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            usedBytes -= entries.remove(name);
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // only the order after a restart suffers
        }
        return Optional.of(p);
    }

    /** A fresh temporary file name in the cache directory for a download of {@code objectKey}. */
    public Path downloadTarget(String objectKey) {
        return dir.resolve(nameOf(objectKey) + "." + Thread.currentThread().getId() + ".download");
    }

    /** Moves a downloaded (and verified) file into the cache, evicting the least recently used first. */
    public synchronized Path admit(String objectKey, Path downloaded) {
        String name = nameOf(objectKey);
        try {
            long size = Files.size(downloaded);
            Long before = entries.remove(name);
            if (before != null) {
                usedBytes -= before;
            }
            evictOver(quotaBytes - size, name);
            Path target = dir.resolve(name);
            Files.move(downloaded, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            entries.put(name, size);
            usedBytes += size;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a chunk in the hot cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Drops {@code objectKey}'s file (it did not verify). */
    public synchronized void remove(String objectKey) {
        String name = nameOf(objectKey);
        Long size = entries.remove(name);
        if (size != null) {
            usedBytes -= size;
        }
        delete(dir.resolve(name));
    }

    private void evictOver(long limit, String keep) {
        Iterator<Map.Entry<String, Long>> it = entries.entrySet().iterator();
        while (usedBytes > Math.max(0, limit) && it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            it.remove();
            usedBytes -= e.getValue();
            evictions++;
            delete(dir.resolve(e.getKey()));
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + " from the hot cache: " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    public synchronized int chunks() {
        return entries.size();
    }

    public synchronized long evictions() {
        return evictions;
    }
}
