/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.discovery;

import io.tidemark.filesource.identity.FileKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the files under the root directories that the filter accepts, with one stat each (device,
 * inode, size, mtime): no file is opened. Symbolic links are followed only when their target lies
 * inside one of the roots; directory cycles are walked once. A file reachable by several paths is
 * reported once (by the first path found).
 *
 * <p>A root that is missing (or not a directory) on this worker is not an error a scan can fail on,
 * since it may appear later (a volume mounted after the worker started), but it is never silent:
 * the first scan that finds it missing logs a WARN, and the first that finds it again an INFO.
 */
public final class RootScanner {

    private static final Logger LOG = LoggerFactory.getLogger(RootScanner.class);

    private final List<Path> roots;
    private final List<Path> realRoots;
    private final PathFilter filter;
    private final boolean followSymlinks;
    /** Roots the last scan found missing; each was reported once when it went missing. */
    private final Set<Path> missingRoots = new HashSet<>();

    private int missingRootWarnings;
    private int rootAppearances;

    public RootScanner(List<Path> roots, PathFilter filter, boolean followSymlinks) {
        this.roots = List.copyOf(roots);
        this.filter = filter;
        this.followSymlinks = followSymlinks;
        List<Path> real = new ArrayList<>();
        for (Path r : roots) {
            try {
                real.add(r.toRealPath());
            } catch (IOException e) {
                real.add(r.toAbsolutePath().normalize());
            }
        }
        this.realRoots = List.copyOf(real);
    }

    public List<Path> roots() {
        return roots;
    }

    /** Scans every root; {@code onDirectory} sees each directory walked (to watch it). */
    public List<FileStat> scan(Consumer<Path> onDirectory) {
        Map<FileKey, FileStat> found = new LinkedHashMap<>();
        Set<Path> visitedDirs = new HashSet<>();
        for (int i = 0; i < roots.size(); i++) {
            Path root = roots.get(i);
            if (Files.isDirectory(root)) {
                rootPresent(root);
                walk(root, root, "", visitedDirs, found, onDirectory);
            } else {
                rootMissing(root);
            }
        }
        return new ArrayList<>(found.values());
    }

    private void rootMissing(Path root) {
        if (missingRoots.add(root)) {
            missingRootWarnings++;
            LOG.warn(
                    "root {} does not exist or is not a directory on this worker: no file under it is read until it"
                            + " appears (file.roots must exist on every worker that runs a task of this connector)",
                    root);
        }
    }

    private void rootPresent(Path root) {
        if (missingRoots.remove(root)) {
            rootAppearances++;
            LOG.info("root {} exists now: its files are read", root);
        }
    }

    /** The roots the last scan found missing (or not directories). */
    public Set<Path> missingRoots() {
        return Set.copyOf(missingRoots);
    }

    /** How many roots the last scan found missing. */
    public int missingRootCount() {
        return missingRoots.size();
    }

    /** How many times a root was reported missing (a WARN each); for tests. */
    int missingRootWarnings() {
        return missingRootWarnings;
    }

    /** How many times a missing root was reported back (an INFO each); for tests. */
    int rootAppearances() {
        return rootAppearances;
    }

    private void walk(
            Path root,
            Path dir,
            String rel,
            Set<Path> visited,
            Map<FileKey, FileStat> found,
            Consumer<Path> onDirectory) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return;
        }
        if (!visited.add(real)) {
            return;
        }
        onDirectory.accept(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String childRel = rel.isEmpty() ? name : rel + "/" + name;
                try {
                    boolean link = Files.isSymbolicLink(entry);
                    if (link && (!followSymlinks || !insideRoots(entry.toRealPath()))) {
                        continue;
                    }
                    if (Files.isDirectory(entry)) {
                        if (filter.mayDescend(childRel)) {
                            walk(root, entry, childRel, visited, found, onDirectory);
                        }
                    } else if (Files.isRegularFile(entry) && filter.accepts(childRel)) {
                        Map<String, Object> a = Files.readAttributes(entry, "unix:dev,ino,size,lastModifiedTime");
                        FileKey key =
                                new FileKey(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
                        long size = ((Number) a.get("size")).longValue();
                        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis();
                        found.putIfAbsent(key, new FileStat(entry, key, size, mtime));
                    }
                } catch (NoSuchFileException gone) {
                    // deleted between listing and stat
                } catch (IOException unreadable) {
                    // a broken link or a file we may not stat: skip it, the next scan retries
                }
            }
        } catch (IOException e) {
            // directory vanished or unreadable; the next scan retries
        }
    }

    private boolean insideRoots(Path real) {
        for (Path r : realRoots) {
            if (real.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    /** Stats one path (following links); null when it does not exist. */
    public static FileStat stat(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,size,lastModifiedTime");
            return new FileStat(
                    p,
                    new FileKey(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
                    ((Number) a.get("size")).longValue(),
                    ((FileTime) a.get("lastModifiedTime")).toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
