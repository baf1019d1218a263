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
public record TailerOptions(LineFormat format, int maxLineBytes, OverflowAction overflow, MultilineRule multiline,
                            int fingerprintBytes, int checkBytes, StartPosition startPosition, Duration ignoreOlder,
                            Duration closeInactive, int maxOpenFiles, Duration partialLineTimeout,
                            Duration rescanInterval, Duration stateTtl, boolean detectCopies, int readBufferBytes) {

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

    /** Defaults for tests and embedding. */
    public static TailerOptions defaults(LineFormat format) {
        return new TailerOptions(format, 1 << 20, OverflowAction.TRUNCATE, null, 1024, 64, StartPosition.BEGINNING,
                Duration.ZERO, Duration.ofMinutes(5), 256, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofDays(7), true, 64 * 1024);
    }

    public TailerOptions withMultiline(MultilineRule rule) {
        return new TailerOptions(format, maxLineBytes, overflow, rule, fingerprintBytes, checkBytes, startPosition,
                ignoreOlder, closeInactive, maxOpenFiles, partialLineTimeout, rescanInterval, stateTtl, detectCopies,
                readBufferBytes);
    }

    public TailerOptions withStartPosition(StartPosition start) {
        return new TailerOptions(format, maxLineBytes, overflow, multiline, fingerprintBytes, checkBytes, start,
                ignoreOlder, closeInactive, maxOpenFiles, partialLineTimeout, rescanInterval, stateTtl, detectCopies,
                readBufferBytes);
    }

    public TailerOptions withMaxLine(int bytes, OverflowAction action) {
        return new TailerOptions(format, bytes, action, multiline, fingerprintBytes, checkBytes, startPosition,
                ignoreOlder, closeInactive, maxOpenFiles, partialLineTimeout, rescanInterval, stateTtl, detectCopies,
                readBufferBytes);
    }

    public TailerOptions withFingerprintBytes(int bytes) {
        return new TailerOptions(format, maxLineBytes, overflow, multiline, bytes, checkBytes, startPosition,
                ignoreOlder, closeInactive, maxOpenFiles, partialLineTimeout, rescanInterval, stateTtl, detectCopies,
                readBufferBytes);
    }

    public TailerOptions withTimeouts(Duration closeInactive, Duration partialLineTimeout, Duration stateTtl) {
        return new TailerOptions(format, maxLineBytes, overflow, multiline, fingerprintBytes, checkBytes, startPosition,
                ignoreOlder, closeInactive, maxOpenFiles, partialLineTimeout, rescanInterval, stateTtl, detectCopies,
                readBufferBytes);
    }

    public TailerOptions withMaxOpenFiles(int n) {
        return new TailerOptions(format, maxLineBytes, overflow, multiline, fingerprintBytes, checkBytes, startPosition,
                ignoreOlder, closeInactive, n, partialLineTimeout, rescanInterval, stateTtl, detectCopies,
                readBufferBytes);
    }

    public TailerOptions withIgnoreOlder(Duration d) {
        return new TailerOptions(format, maxLineBytes, overflow, multiline, fingerprintBytes, checkBytes, startPosition,
                d, closeInactive, maxOpenFiles, partialLineTimeout, rescanInterval, stateTtl, detectCopies,
                readBufferBytes);
    }

    public TailerOptions withDetectCopies(boolean b) {
        return new TailerOptions(format, maxLineBytes, overflow, multiline, fingerprintBytes, checkBytes, startPosition,
                ignoreOlder, closeInactive, maxOpenFiles, partialLineTimeout, rescanInterval, stateTtl, b,
                readBufferBytes);
    }
}
