/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.discovery.FileStat;
import io.tidemark.filesource.discovery.RootScanner;
import io.tidemark.filesource.identity.FileKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for a file that is no longer under the roots or no longer matches the include globs,
 * whether lines were lost, and says so only when they were: a file left with unread bytes when its
 * size when it was last seen is past the position up to which its lines were delivered.
 *
 * <p>An open file that leaves while the task runs is read to its end through its open channel: no
 * loss. A closed one (inactive, or evicted by file.max.open) cannot be reopened at its old path; its
 * size is the larger of the task's last stat of it and its size where it is found now. For a file that
 * left while the task was stopped, the file is looked for by device and inode in the directory it
 * was last seen in (the usual rotation renames it there); when it is found its size decides, and
 * when it is not (deleted, or moved elsewhere) nothing can tell whether it grew after its last
 * delivered line, and an INFO says so.
 */
final class DepartedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DepartedFiles.class);

    private final List<LostLines> lost = new ArrayList<>();

    /** Files reported as having left with unread bytes, in the order they were reported. */
    List<LostLines> lost() {
        return List.copyOf(lost);
    }

    int lostCount() {
        return lost.size();
    }

    /** A tracked file was not found by a scan while the task ran. */
    void leftWhileRunning(TrackedFile t) {
        if (t.identity == null || t.isOpen()) {
            return; // never read, or still read to its end through its open channel
        }
        Optional<FileStat> now = findNear(t.path, t.key);
        long size = Math.max(t.statSize, now.map(FileStat::size).orElse(-1L));
        if (size > t.pos) {
            report(
                    new LostLines(t.identity.id(), t.path.toString(), t.pos, size),
                    now.map(FileStat::path).orElse(null));
        }
    }

    /** A file with a stored position was not found by the task's first scan. */
    void missingAtStart(StoredPosition p, FileKey key) {
        Optional<FileStat> now = p.path() == null ? Optional.empty() : findNear(Path.of(p.path()), key);
        if (now.isEmpty()) {
            LOG.info(
                    "file {} (last seen at {}) is no longer under the roots or no longer matches the include globs,"
                            + " and is not in that directory any more (deleted or moved elsewhere): its lines up to position"
                            + " {} were delivered; anything written to it after that before it left was not read",
                    p.fileId(),
                    p.path(),
                    p.pos());
            return;
        }
        FileStat s = now.get();
        if (s.size() <= p.pos()) {
            LOG.info(
                    "file {} (last seen at {}, now {}) is no longer under the roots or no longer matches the include"
                            + " globs; all its {} bytes were delivered",
                    p.fileId(),
                    p.path(),
                    s.path(),
                    s.size());
            return;
        }
        report(new LostLines(p.fileId(), p.path(), p.pos(), s.size()), s.path());
    }

    private void report(LostLines l, Path movedTo) {
        lost.add(l);
        LOG.warn(
                "file {} (last seen at {}{}) is no longer under the roots or no longer matches the include globs"
                        + " with {} bytes after position {} unread (size {}): lines written to it after that position"
                        + " were not read. Include its rotated names (e.g. 'app.log*') to read rotated files to their"
                        + " end.",
                l.fileId(),
                l.path(),
                movedTo == null ? "" : ", now " + movedTo,
                l.unreadBytes(),
                l.pos(),
                l.size());
    }

    /** The file with this device and inode in the directory of {@code lastPath}, if it is there. */
    private static Optional<FileStat> findNear(Path lastPath, FileKey key) {
        FileStat same = RootScanner.stat(lastPath);
        if (same != null && same.key().equals(key)) {
            return Optional.of(same);
        }
        Path dir = lastPath.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (Files.isRegularFile(e)) {
                    FileStat s = RootScanner.stat(e);
                    if (s != null && s.key().equals(key)) {
                        return Optional.of(s);
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable directory: treat as not found
        }
        return Optional.empty();
    }
}
