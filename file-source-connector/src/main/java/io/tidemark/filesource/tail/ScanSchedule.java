/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.discovery.DirectoryWatcher;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * When the tailer rescans its roots: always before the first poll, then every rescan interval,
 * sooner when the watch service reported a change (after {@link #CHANGED_SCAN_GAP_MS}) or a write
 * to a file it could not name while some tracked file is closed (after {@link #WRITTEN_SCAN_GAP_MS}).
 * Also collects the files the watch service named as written, so they are read without a rescan.
 */
final class ScanSchedule {

    /** Least time between two scans when the watch service reported a created, deleted or renamed entry. */
    static final long CHANGED_SCAN_GAP_MS = 100;
    /** Least time between two scans when only writes were reported (to files it did not name). */
    static final long WRITTEN_SCAN_GAP_MS = 1000;
    /** More written files than this since the last poll are not named one by one: the next rescan finds them. */
    static final int MAX_WRITTEN_FILES = 4096;

    private final long rescanIntervalMillis;
    private boolean initialScanDone;
    private long lastScanMillis;
    private boolean changeSignalled;
    private boolean writeSignalled;
    /** Files the watch service saw written since the last poll: closed ones are opened at once, without a rescan. */
    private final Set<Path> writtenFiles = new HashSet<>();

    ScanSchedule(long rescanIntervalMillis) {
        this.rescanIntervalMillis = rescanIntervalMillis;
    }

    /** Takes in what the watch service reported. */
    void absorb(DirectoryWatcher.Signal s) {
        changeSignalled |= s.changed();
        if (s.written()) {
            if (s.writtenFiles().isEmpty()
                    || writtenFiles.size() + s.writtenFiles().size() > MAX_WRITTEN_FILES) {
                writeSignalled = true; // too many to name: the next rescan finds them
            } else {
                writtenFiles.addAll(s.writtenFiles());
            }
        }
    }

    /** Asks for a rescan on the next poll. */
    void requestScan() {
        changeSignalled = true;
    }

    boolean isDue(long now, BooleanSupplier hasClosedFiles) {
        if (!initialScanDone) {
            return true;
        }
        long since = now - lastScanMillis;
        if (since >= rescanIntervalMillis) {
            return true;
        }
        if (changeSignalled && since >= CHANGED_SCAN_GAP_MS) {
            return true;
        }
        return writeSignalled && since >= WRITTEN_SCAN_GAP_MS && hasClosedFiles.getAsBoolean();
    }

    /** Records that a scan starts now; true when it is the first one. */
    boolean startScan(long now) {
        changeSignalled = false;
        writeSignalled = false;
        lastScanMillis = now;
        boolean initial = !initialScanDone;
        initialScanDone = true;
        return initial;
    }

    long lastScanMillis() {
        return lastScanMillis;
    }

    /** The files named as written since the last call; clears them. Empty when none. */
    Set<Path> drainWritten() {
        if (writtenFiles.isEmpty()) {
            return Set.of();
        }
        Set<Path> copy = Set.copyOf(writtenFiles);
        writtenFiles.clear();
        return copy;
    }
}
