/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.read;

import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.Fingerprint;
import io.tidemark.filesource.identity.Hash64;
import io.tidemark.filesource.identity.HeadProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads complete lines from a file channel, by raw byte offsets. Bytes after the last delimiter (a
 * half-written line) are held back until the delimiter arrives; they are only returned by
 * {@link #flushPartial()}, which the caller uses for a rotated file after a timeout.
 *
 * <p>Memory is bounded: the buffer grows to hold one line of at most {@code maxLineBytes} (plus the
 * check window) and shrinks back afterwards; longer lines are truncated, skipped or fail without
 * being held in full.
 *
 * <p>Alongside each line the reader keeps the head fingerprint (growing up to
 * {@code fingerprintBytes}) and the check hash of the {@code checkBytes} before the line's end, so
 * every position it hands out can be verified later without re-reading the file.
 *
 * <p>Not thread-safe.
 */
public final class LineReader {

    private static final int READ_CHUNK = 64 * 1024;
    /** The smallest read buffer, and the room kept after the check window that precedes the start. */
    private static final int MIN_BUFFER_BYTES = 4096;

    private final FileChannel ch;
    private final LineFormat.Resolved fmt;
    private final int maxLineBytes;
    private final OverflowAction overflow;
    private final int checkBytes;
    private final int fingerprintBytes;
    private final int initialCapacity;
    private final int maxCapacity;

    private byte[] buf;
    private long base; // file offset of buf[0]
    private int lineStart; // index of the current line's first byte
    private int scan; // index where the delimiter search resumes
    private int limit; // index after the last valid byte
    private long nextLine; // number of the next line
    private long skipped; // lines dropped (line.max.action=skip) since the last takeSkipped()
    private boolean eof;

    private boolean overflowing;
    private long overflowStart;
    private byte[] overflowHead;

    private int fpLen;
    private long fpHash;

    /**
     * @param startPos   a line boundary to start from (at least the BOM length)
     * @param nextLine   number of the line that starts at {@code startPos}
     * @param bufferBytes initial (and resting) buffer size; it grows for long lines and shrinks back
     */
    public LineReader(
            FileChannel ch,
            LineFormat.Resolved fmt,
            long startPos,
            long nextLine,
            int maxLineBytes,
            OverflowAction overflow,
            int checkBytes,
            int fingerprintBytes,
            int bufferBytes)
            throws IOException {
        if (startPos < fmt.bomLength()) {
            throw new IllegalArgumentException("start " + startPos + " is inside the byte-order mark");
        }
        this.ch = ch;
        this.fmt = fmt;
        this.maxLineBytes = maxLineBytes;
        this.overflow = overflow;
        this.checkBytes = checkBytes;
        this.fingerprintBytes = fingerprintBytes;
        this.initialCapacity = Math.max(MIN_BUFFER_BYTES, bufferBytes);
        this.maxCapacity =
                Math.max(initialCapacity, maxLineBytes + checkBytes + 2 * fmt.delimiter().length + READ_CHUNK);
        this.nextLine = nextLine;

        // head fingerprint of the bytes before the start
        int fpStart = (int) Math.min(startPos, fingerprintBytes);
        byte[] head = new byte[fpStart];
        int n = HeadProbe.readFully(ch, 0, head, fpStart);
        this.fpLen = n;
        this.fpHash = Hash64.of(head, 0, n);

        // keep the check window before the start in the buffer
        this.base = Math.max(0, startPos - checkBytes);
        int history = (int) (startPos - base);
        this.buf = new byte[Math.max(initialCapacity, history + MIN_BUFFER_BYTES)];
        int h = HeadProbe.readFully(ch, base, buf, history);
        if (h < history) {
            throw new IOException("file is shorter (" + (base + h) + " bytes) than the start position " + startPos);
        }
        this.limit = history;
        this.lineStart = history;
        this.scan = history;
    }

    /** File offset just after the last line returned: where a reader would resume. */
    public long position() {
        return overflowing ? overflowStart : base + lineStart;
    }

    /** File offset up to which bytes were read. */
    public long readPosition() {
        return base + limit;
    }

    /** Bytes read after the last complete line (a half-written line). */
    public long pendingBytes() {
        return readPosition() - position();
    }

    /** Whether the last read found no more bytes. */
    public boolean atEof() {
        return eof;
    }

    /** Current buffer size in bytes (memory held for this file). */
    public int capacity() {
        return buf.length;
    }

    public long nextLineNumber() {
        return nextLine;
    }

    /** The next complete line, or null when none is available yet. */
    public Line next() throws IOException {
        while (true) {
            int idx = findDelimiter();
            if (idx >= 0) {
                Line l = complete(idx);
                if (l != null) {
                    return l;
                }
                continue;
            }
            if (!overflowing && limit - lineStart > maxLineBytes) {
                beginOverflow();
            }
            if (fill() <= 0) {
                return null;
            }
        }
    }

    /**
     * The half-written line at the end of the file as a partial line, or null when there is none.
     * Call only at end of file: the position then moves to the end of the file.
     */
    public Line flushPartial() throws IOException {
        if (!overflowing && limit == lineStart) {
            return null;
        }
        long start = position();
        byte[] content;
        boolean truncated = overflowing;
        if (overflowing) {
            if (overflow == OverflowAction.SKIP) {
                content = null;
            } else {
                content = overflowHead;
            }
        } else {
            int len = limit - lineStart;
            if (len > maxLineBytes) {
                truncated = true;
                content = overflow == OverflowAction.SKIP
                        ? null
                        : Arrays.copyOfRange(buf, lineStart, lineStart + maxLineBytes);
            } else {
                content = Arrays.copyOfRange(buf, lineStart, limit);
            }
        }
        overflowing = false;
        overflowHead = null;
        lineStart = scan = limit;
        long number = nextLine++;
        if (content == null) {
            skipped++;
            return null;
        }
        return new Line(
                start,
                base + limit,
                content,
                number,
                number,
                truncated,
                true,
                fingerprintAt(base + limit),
                checkAt(limit));
    }

    private Line complete(int idx) {
        int dl = fmt.delimiter().length;
        int endIdx = idx + dl;
        long start = position();
        byte[] content;
        boolean truncated = false;
        if (overflowing) {
            truncated = true;
            content = overflow == OverflowAction.SKIP ? null : overflowHead;
            overflowing = false;
            overflowHead = null;
        } else {
            int contentEnd = idx;
            byte[] cr = fmt.cr();
            if (cr.length > 0
                    && contentEnd - lineStart >= cr.length
                    && Arrays.equals(buf, contentEnd - cr.length, contentEnd, cr, 0, cr.length)) {
                contentEnd -= cr.length;
            }
            int len = contentEnd - lineStart;
            if (len > maxLineBytes) {
                if (overflow == OverflowAction.FAIL) {
                    throw new LineTooLongException(start, maxLineBytes);
                }
                truncated = true;
                content = overflow == OverflowAction.SKIP
                        ? null
                        : Arrays.copyOfRange(buf, lineStart, lineStart + maxLineBytes);
            } else {
                content = Arrays.copyOfRange(buf, lineStart, contentEnd);
            }
        }
        lineStart = scan = endIdx;
        long number = nextLine++;
        if (content == null) {
            skipped++;
            return null;
        }
        long end = base + endIdx;
        return new Line(start, end, content, number, number, truncated, false, fingerprintAt(end), checkAt(endIdx));
    }

    /** Lines dropped for their length (line.max.action=skip) since the last call. */
    public long takeSkipped() {
        long n = skipped;
        skipped = 0;
        return n;
    }

    private void beginOverflow() {
        if (overflow == OverflowAction.FAIL) {
            throw new LineTooLongException(base + lineStart, maxLineBytes);
        }
        overflowing = true;
        overflowStart = base + lineStart;
        overflowHead = overflow == OverflowAction.TRUNCATE
                ? Arrays.copyOfRange(buf, lineStart, lineStart + maxLineBytes)
                : null;
    }

    private Fingerprint fingerprintAt(long end) {
        feedFingerprint(end);
        return new Fingerprint(fpLen, fpHash);
    }

    private void feedFingerprint(long upTo) {
        long target = Math.min(upTo, fingerprintBytes);
        if (fpLen < target) {
            int from = (int) (fpLen - base);
            int to = (int) (target - base);
            fpHash = Hash64.update(fpHash, buf, from, to - from);
            fpLen = (int) target;
        }
    }

    private CheckHash checkAt(int endIdx) {
        int len = Math.min(checkBytes, endIdx);
        return new CheckHash(len, Hash64.of(buf, endIdx - len, len));
    }

    private int findDelimiter() {
        byte[] d = fmt.delimiter();
        int dl = d.length;
        int unit = fmt.unit();
        int last = limit - dl;
        if (dl == 1 && unit == 1) {
            byte b = d[0];
            for (int i = scan; i <= last; i++) {
                if (buf[i] == b) {
                    return i;
                }
            }
            scan = Math.max(scan, limit);
            return -1;
        }
        int i = scan;
        int mis = (int) ((base + i) % unit);
        if (mis != 0) {
            i += unit - mis;
        }
        for (; i <= last; i += unit) {
            if (buf[i] == d[0] && Arrays.equals(buf, i, i + dl, d, 0, dl)) {
                return i;
            }
        }
        scan = Math.max(scan, i);
        return -1;
    }

    private int fill() throws IOException {
        compact();
        if (limit == buf.length) {
            int cap = Math.min(maxCapacity, buf.length * 2);
            if (cap <= buf.length) {
                cap = buf.length + READ_CHUNK;
            }
            buf = Arrays.copyOf(buf, cap);
        }
        int n = ch.read(ByteBuffer.wrap(buf, limit, buf.length - limit), base + limit);
        if (n <= 0) {
            eof = true;
            return 0;
        }
        eof = false;
        limit += n;
        return n;
    }

    private void compact() {
        feedFingerprint(base + limit);
        int keepFrom;
        if (overflowing) {
            keepFrom = Math.max(0, Math.min(scan, limit - checkBytes - fmt.delimiter().length));
            int unit = fmt.unit();
            keepFrom -= (int) ((base + keepFrom) % unit);
            keepFrom = Math.max(0, keepFrom);
        } else {
            keepFrom = Math.max(0, lineStart - checkBytes);
        }
        if (keepFrom == 0) {
            return;
        }
        int len = limit - keepFrom;
        if (buf.length > initialCapacity && len < initialCapacity / 2) {
            byte[] small = new byte[initialCapacity];
            System.arraycopy(buf, keepFrom, small, 0, len);
            buf = small;
        } else {
            System.arraycopy(buf, keepFrom, buf, 0, len);
        }
        base += keepFrom;
        lineStart = Math.max(0, lineStart - keepFrom);
        scan -= keepFrom;
        limit -= keepFrom;
    }
}
