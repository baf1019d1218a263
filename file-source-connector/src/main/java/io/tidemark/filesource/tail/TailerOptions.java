/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.multiline.MultilineRule;
import io.tidemark.filesource.read.LineFormat;
import io.tidemark.filesource.read.OverflowAction;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the tailer needs to know, independent of Kafka Connect.
 *
 * @param format             charset and delimiter
 * @param maxLineBytes       longer lines follow {@code overflow}
 * @param overflow           truncate, skip or fail
 * @param multiline          null: every line is an event
 * @param fingerprintBytes   head fingerprint size (also the cap of the identity's key head)
 * @param checkBytes         check-hash window before a position
 * @param startPosition      for files present at the first scan with no stored position
 * @param ignoreOlder        files not modified for this long are not tailed (zero: off)
 * @param closeInactive      an open file with no new bytes for this long is closed (reopened when it grows)
 * @param maxOpenFiles       at most this many files are open at once
 * @param partialLineTimeout a rotated or deleted file's half-written last line is emitted after this long without growth
 * @param rescanInterval     the stat-only rescan period (the watch service triggers earlier scans)
 * @param stateTtl           state of a file not seen for this long is forgotten
 * @param detectCopies       a new file whose head and check window equal a known file's is a copy (copytruncate)
 * @param readBufferBytes    initial read buffer per open file
 */
public record TailerOptions(
        LineFormat format,
        int maxLineBytes,
        OverflowAction overflow,
        MultilineRule multiline,
        int fingerprintBytes,
        int checkBytes,
        StartPosition startPosition,
        Duration ignoreOlder,
        Duration closeInactive,
        int maxOpenFiles,
        Duration partialLineTimeout,
        Duration rescanInterval,
        Duration stateTtl,
        boolean detectCopies,
        int readBufferBytes) {

    public TailerOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(startPosition, "startPosition");
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be >= 1");
        }
        if (fingerprintBytes < 1 || checkBytes < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException("fingerprint, check and max line sizes must be >= 1");
        }
    }

    /** Default longest line: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    /** Default head fingerprint size. */
    public static final int DEFAULT_FINGERPRINT_BYTES = 1024;
    /** Default check-hash window before a position. */
    public static final int DEFAULT_CHECK_BYTES = 64;
    /** Default bound on open files. */
    public static final int DEFAULT_MAX_OPEN_FILES = 256;
    /** Default initial read buffer per open file: 64 KiB. */
    public static final int DEFAULT_READ_BUFFER_BYTES = 64 * 1024;

    /** Defaults for tests and embedding. */
    public static TailerOptions defaults(LineFormat format) {
        return builder(format).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder(LineFormat format) {
        return new Builder(format);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder(format);
        b.maxLineBytes = maxLineBytes;
        b.overflow = overflow;
        b.multiline = multiline;
        b.fingerprintBytes = fingerprintBytes;
        b.checkBytes = checkBytes;
        b.startPosition = startPosition;
        b.ignoreOlder = ignoreOlder;
        b.closeInactive = closeInactive;
        b.maxOpenFiles = maxOpenFiles;
        b.partialLineTimeout = partialLineTimeout;
        b.rescanInterval = rescanInterval;
        b.stateTtl = stateTtl;
        b.detectCopies = detectCopies;
        b.readBufferBytes = readBufferBytes;
        return b;
    }

    /** Builds {@link TailerOptions}; every field starts at its default. */
    public static final class Builder {
        private LineFormat format;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private OverflowAction overflow = OverflowAction.TRUNCATE;
        private MultilineRule multiline = null;
        private int fingerprintBytes = DEFAULT_FINGERPRINT_BYTES;
        private int checkBytes = DEFAULT_CHECK_BYTES;
        private StartPosition startPosition = StartPosition.BEGINNING;
        private Duration ignoreOlder = Duration.ZERO;
        private Duration closeInactive = Duration.ofMinutes(5);
        private int maxOpenFiles = DEFAULT_MAX_OPEN_FILES;
        private Duration partialLineTimeout = Duration.ofSeconds(5);
        private Duration rescanInterval = Duration.ofSeconds(5);
        private Duration stateTtl = Duration.ofDays(7);
        private boolean detectCopies = true;
        private int readBufferBytes = DEFAULT_READ_BUFFER_BYTES;

        private Builder(LineFormat format) {
            this.format = format;
        }

        public Builder format(LineFormat format) {
            this.format = format;
            return this;
        }

        public Builder maxLineBytes(int maxLineBytes) {
            this.maxLineBytes = maxLineBytes;
            return this;
        }

        public Builder overflow(OverflowAction overflow) {
            this.overflow = overflow;
            return this;
        }

        public Builder multiline(MultilineRule multiline) {
            this.multiline = multiline;
            return this;
        }

        public Builder fingerprintBytes(int fingerprintBytes) {
            this.fingerprintBytes = fingerprintBytes;
            return this;
        }

        public Builder checkBytes(int checkBytes) {
            this.checkBytes = checkBytes;
            return this;
        }

        public Builder startPosition(StartPosition startPosition) {
            this.startPosition = startPosition;
            return this;
        }

        public Builder ignoreOlder(Duration ignoreOlder) {
            this.ignoreOlder = ignoreOlder;
            return this;
        }

        public Builder closeInactive(Duration closeInactive) {
            this.closeInactive = closeInactive;
            return this;
        }

        public Builder maxOpenFiles(int maxOpenFiles) {
            this.maxOpenFiles = maxOpenFiles;
            return this;
        }

        public Builder partialLineTimeout(Duration partialLineTimeout) {
            this.partialLineTimeout = partialLineTimeout;
            return this;
        }

        public Builder rescanInterval(Duration rescanInterval) {
            this.rescanInterval = rescanInterval;
            return this;
        }

        public Builder stateTtl(Duration stateTtl) {
            this.stateTtl = stateTtl;
            return this;
        }

        public Builder detectCopies(boolean detectCopies) {
            this.detectCopies = detectCopies;
            return this;
        }

        public Builder readBufferBytes(int readBufferBytes) {
            this.readBufferBytes = readBufferBytes;
            return this;
        }

        public TailerOptions build() {
            return new TailerOptions(
                    format,
                    maxLineBytes,
                    overflow,
                    multiline,
                    fingerprintBytes,
                    checkBytes,
                    startPosition,
                    ignoreOlder,
                    closeInactive,
                    maxOpenFiles,
                    partialLineTimeout,
                    rescanInterval,
                    stateTtl,
                    detectCopies,
                    readBufferBytes);
        }
    }
}
